package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.time.Instant;

/** One POST of a delivery to its target, with its outcome. Part of the persisted state (public fields). */
public final class WebhookAttempt {
    /** 1 for the first attempt of the delivery. */
    public int number;
    /** When it started, on the sandbox clock. */
    public Instant at;
    /** The {@code x-request-id} sent, new for every attempt. */
    public String requestId;
    /** The {@code x-signature} sent, or {@code null} when there was no application secret to sign with. */
    public String signature;
    /** The URL posted to, query included. */
    public String url;
    /** The receiver's HTTP status, or {@code null} when there was none (timeout, refused, reset). */
    public Integer statusCode;
    /** What went wrong without a status, or {@code null}. */
    public String error;
    /** How long it took, in real milliseconds. */
    public long durationMs;
    /** The timeout it was given. */
    public long timeoutMs;

    /** Mercado Pago counts only 200 and 201 as received. */
    public boolean succeeded() {
        return statusCode != null && (statusCode == 200 || statusCode == 201);
    }
}
