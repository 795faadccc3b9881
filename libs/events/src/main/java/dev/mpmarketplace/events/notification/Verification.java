package dev.mpmarketplace.events.notification;

/**
 * How notification-ingest-service checked a notification before publishing it: the {@code ce_verification} header.
 * <p>
 * It tells an operator how much the edge filtered, and a consumer how much of the record it may use to decide
 * <em>what to fetch</em>; it never makes the notification's content true. Even {@link #SIGNATURE_VALID} covers only
 * the resource id, the request id and the timestamp (reference 6.2): the type, the action, the seller and the rest of
 * the body are the sender's word.
 */
public enum Verification {

    /**
     * A Mercado Pago Webhooks notification whose {@code x-signature} matched one of the application's secrets inside
     * the time window, seen once by the replica that accepted it. Signed: the resource id ({@code data.id}).
     */
    SIGNATURE_VALID("valid"),
    /**
     * A legacy IPN notification ({@code ?topic=&id=}): Mercado Pago's IPN cannot be verified (reference 6.4), so
     * anyone can send one. Its record names the resource of the query and nothing else: no seller, no provider id,
     * no action, and a value made of the query alone.
     */
    UNSIGNED_IPN("unsigned-ipn"),
    /** A Point integrator webhook notification: unsigned by design; the URL was proven ours by its challenge. */
    UNSIGNED_POINT("unsigned-point"),
    /** A Mercado Libre feed notification (unsigned) whose {@code application_id} is the marketplace's. */
    APPLICATION_ID_MATCHED("application-id-matched");

    private final String label;

    Verification(String label) {
        this.label = label;
    }

    /** The header value, e.g. {@code unsigned-ipn}. */
    public String label() {
        return label;
    }

    /**
     * The verification of a header value.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Verification ofLabel(String label) {
        for (Verification verification : values()) {
            if (verification.label.equals(label)) {
                return verification;
            }
        }
        throw new IllegalArgumentException("unknown verification: " + label);
    }
}
