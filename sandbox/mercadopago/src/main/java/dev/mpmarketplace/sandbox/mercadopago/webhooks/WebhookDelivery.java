package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One notification on its way to one target: the exact body, where it goes, its attempts and when the next one is
 * due. A replay or a fault-injected duplicate is a delivery of its own with the same notification. Part of the
 * persisted state (public fields).
 */
public final class WebhookDelivery {

    /** Waiting for its first attempt or a retry (or held for an out-of-order batch). */
    public static final String PENDING = "pending";
    /** Answered 200 or 201. */
    public static final String DELIVERED = "delivered";
    /** Given up after the last step of the retry ladder. */
    public static final String FAILED = "failed";
    /** Never sent: a {@code webhook_drop} fault. */
    public static final String DROPPED = "dropped";
    /** Never sent: no {@code notification_url} and no webhook URL on the application. */
    public static final String UNDELIVERABLE = "undeliverable";

    public String id;
    /** How it is sent: a signed Mercado Pago webhook, a raw body, a legacy IPN or a Mercado Libre feed message. */
    public Notification.Format format = Notification.Format.MERCADO_PAGO;
    /** Creation order, for newest-first listings. */
    public long sequence;
    /** The body's {@code id}, shared by replays and duplicates of the same notification. */
    public long notificationId;
    public String type;
    public String action;
    public String dataId;
    public long userId;
    /**
     * The application the notification is for; its webhook secret signs the attempts of a Mercado Pago webhook
     * ({@code null}: unsigned).
     */
    public String clientId;
    /** The resource's own {@code notification_url}, or {@code null}. */
    public String notificationUrl;
    /** Where it is posted (before the {@code data.id}/{@code type} query is added), or {@code null}. */
    public String target;
    /**
     * The JSON body, byte for byte the same on every attempt; for a Mercado Libre message, the body without the
     * {@code attempts} and {@code sent} of each attempt.
     */
    public String payload;
    public String status;
    public Instant createdAt;
    /** When the next attempt is due on the sandbox clock; {@code null} when none is (done, or held). */
    public Instant nextAttemptAt;
    /** The delivery this one replays, or {@code null}. */
    public String replayOf;
    /** The delivery this one duplicates (a {@code webhook_duplicate} fault), or {@code null}. */
    public String duplicateOf;
    /** The {@code webhook_out_of_order} rule whose batch holds it, or {@code null} once released. */
    public String heldBy;
    public int holdBatchSize;
    /** When its batch is released even if not full. */
    public Instant holdUntil;
    /** In a released batch: the delivery whose first attempt must have finished before this one starts. */
    public String after;
    /** Why it was dropped, given up or not deliverable. */
    public String note;
    public List<WebhookAttempt> attempts = new ArrayList<>();

    /** Whether its attempts carry {@code x-signature}. */
    public boolean signed() {
        return format == Notification.Format.MERCADO_PAGO && clientId != null;
    }

    /** Whether it is waiting for an attempt or a retry. */
    public boolean pending() {
        return PENDING.equals(status);
    }
}
