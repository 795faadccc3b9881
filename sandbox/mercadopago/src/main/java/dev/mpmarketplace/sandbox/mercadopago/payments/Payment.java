package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A payment as the sandbox keeps it: the typed facts its rules need, plus the pass-through parts of the request
 * (payer, metadata, additional_info) as JSON. {@link PaymentJson} turns it into Mercado Pago's resource; the bytes are
 * cached until the payment changes, so reads do not serialize.
 */
public final class Payment {
    public long id;
    /** The seller who collects: the principal that created it. */
    public long collectorId;
    /** The application whose token created it ({@code null} for a user's own token): its webhook URL is used. */
    public String clientId;
    public String status;
    public String statusDetail;
    public Instant dateCreated;
    public Instant dateApproved;
    public Instant dateLastUpdated;
    public Instant moneyReleaseDate;
    public String currencyId;
    public String paymentMethodId;
    public String paymentTypeId;
    public String issuerId;
    public String description;
    public String externalReference;
    public String statementDescriptor;
    public String notificationUrl;
    public String callbackUrl;
    public String processingMode;
    public String authorizationCode;
    public String platformId;
    public String integratorId;
    public String corporationId;
    public JsonNode sponsorId;
    /** The order the payment belongs to ({@code order.id}): a merchant order or a Mercado Libre order, or {@code null}. */
    public String orderId;
    /** {@code order.type}: {@code mercadopago} (merchant order) or {@code mercadolibre}. */
    public String orderType;
    /** The buyer (a sandbox user) who paid, when known: the user whose token sees the buyer's view. */
    public Long payerUserId;
    /** {@code point_of_interaction.type}: {@code POINT} for a payment made on a Point terminal, else unspecified. */
    public String pointOfInteractionType;
    public String storeId;
    public String posId;
    /** The Checkout Pro preference paid on the checkout page, or {@code null}. Not shown (its merchant order is). */
    public String preferenceId;
    /** The Point device that took it: refund intents must run there. Not shown. */
    public String pointDeviceId;
    public BigDecimal transactionAmount;
    /** What was reserved when created with {@code capture:false}; a capture may take less, never more. */
    public BigDecimal authorizedAmount;
    public BigDecimal transactionAmountRefunded = BigDecimal.ZERO;
    /** Mercado Pago's fee, charged once the money is captured ({@code null} before). */
    public BigDecimal mercadopagoFee;
    /** The marketplace's fee as requested ({@code null} without one). */
    public BigDecimal applicationFee;
    public BigDecimal netReceivedAmount = BigDecimal.ZERO;
    /** How much of the net received has been taken back from the collector's balance by refunds. */
    public BigDecimal netRefunded = BigDecimal.ZERO;
    public int installments;
    public boolean captured;
    public boolean binaryMode;
    public JsonNode payer;
    public JsonNode metadata;
    public JsonNode additionalInfo;
    public PaymentCard card;
    public String cardTokenId;
    public String idempotencyKey;
    /** The create request as received, canonicalized, to tell a retry from a different request on the same key. */
    public String requestFingerprint;
    public List<Refund> refunds = new ArrayList<>();
    /** Refund id by the {@code X-Idempotency-Key} that created it. */
    public Map<String, Long> refundIdempotencyKeys = new HashMap<>();

    /** The rendered resource, dropped on every change. Not persisted. */
    @JsonIgnore
    transient byte[] rendered;

    /** The card block of a payment: what the card token exposed. */
    public static final class PaymentCard {
        /** The saved card's id when paid with a saved card, else {@code null}. */
        public String id;
        public String firstSixDigits;
        public String lastFourDigits;
        public int expirationMonth;
        public int expirationYear;
        public String cardholderName;
        public String identificationType;
        public String identificationNumber;
        public Instant dateCreated;
        public Instant dateLastUpdated;
    }

    /** Marks the payment changed: its cached rendering is stale. */
    void changed(Instant now) {
        dateLastUpdated = now;
        rendered = null;
    }

    /** What remains refundable. */
    BigDecimal refundable() {
        return transactionAmount.subtract(transactionAmountRefunded);
    }
}
