package dev.mpmarketplace.payment.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Every refusal of payment-service, as a problem with a fixed reason word (the {@code type}'s last segment, the
 * {@code reason} of a command-failed event, and a metric tag). Details never carry a token, a card token or a payer.
 * Vault unavailable is libs/seller-tokens' shared answer ({@code SellerTokensProblems}, 503
 * {@code seller-tokens-unavailable}), not one of these.
 */
public final class PaymentProblems {

    /** The reason of a refusal by Mercado Pago (a 4xx other than 429). */
    public static final String MERCADOPAGO_REFUSED = "mercadopago-refused";
    /** The reason when Mercado Pago cannot be reached or keeps limiting the rate: nothing happened. */
    public static final String MERCADOPAGO_UNAVAILABLE = "mercadopago-unavailable";
    public static final String SELLER_NOT_LINKED = "seller-not-linked";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    public static final String IDEMPOTENCY_KEY_MISSING = "idempotency-key-missing";
    public static final String REQUEST_IN_PROGRESS = "request-in-progress";
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String PAYMENT_NOT_FOUND = "payment-not-found";
    public static final String PREFERENCE_NOT_FOUND = "preference-not-found";
    /** A preference whose creation is not done (unknown outcome, refused) cannot be updated. */
    public static final String PREFERENCE_NOT_CREATED = "preference-not-created";
    public static final String CUSTOMER_NOT_FOUND = "customer-not-found";
    public static final String CARD_NOT_FOUND = "card-not-found";
    /** A write whose outcome Mercado Pago did not tell (timeout, lost connection, 5xx) and that cannot be asked. */
    public static final String MERCADOPAGO_OUTCOME_UNKNOWN = "mercadopago-outcome-unknown";

    private PaymentProblems() {
    }

    public static ProblemException invalidRequest(String detail) {
        return ProblemException.badRequest(INVALID_REQUEST, detail);
    }

    public static ProblemException idempotencyKeyMissing() {
        return ProblemException.badRequest(IDEMPOTENCY_KEY_MISSING,
                "the Idempotency-Key header is required: 1 to 255 visible ASCII characters, one per request");
    }

    public static ProblemException idempotencyKeyReused() {
        return ProblemException.conflict(IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was used for another request; use a new key for a new request");
    }

    public static ProblemException requestInProgress() {
        return new ProblemException(REQUEST_IN_PROGRESS, "Conflict", 409,
                "a request with this Idempotency-Key is still being carried out; repeat it shortly", Map.of(),
                Map.of("Retry-After", "1"), null);
    }

    public static ProblemException sellerNotLinked(long sellerId) {
        return new ProblemException(SELLER_NOT_LINKED, "Conflict", 409, "seller " + sellerId
                + " is not linked to the marketplace's application (never linked, or unlinked)",
                Map.of("seller_id", sellerId), Map.of(), null);
    }

    public static ProblemException paymentNotFound(String id) {
        return ProblemException.notFound(PAYMENT_NOT_FOUND, "no payment " + id);
    }

    public static ProblemException preferenceNotFound(String id) {
        return ProblemException.notFound(PREFERENCE_NOT_FOUND, "no preference " + id);
    }

    public static ProblemException preferenceNotCreated(String id, String state) {
        return new ProblemException(PREFERENCE_NOT_CREATED, "Conflict", 409, "preference " + id
                + " was not created by Mercado Pago (" + state + "); repeat its creation with the same "
                + "Idempotency-Key to resolve an unknown outcome", Map.of("state", state), Map.of(), null);
    }

    public static ProblemException customerNotFound(String id) {
        return ProblemException.notFound(CUSTOMER_NOT_FOUND, "the seller has no customer " + id);
    }

    public static ProblemException cardNotFound(String customerId, String cardId) {
        return ProblemException.notFound(CARD_NOT_FOUND, "customer " + customerId + " has no card " + cardId);
    }

    /** A write whose outcome is unknown and that the platform cannot resolve by asking (say what to do instead). */
    public static ProblemException mercadoPagoOutcomeUnknown(MercadoPagoException failure, String whatToDo) {
        return new ProblemException(MERCADOPAGO_OUTCOME_UNKNOWN, "Outcome unknown", 504,
                "Mercado Pago did not answer (" + failure.kind().tag() + "); it may have done it: " + whatToDo,
                Map.of(), Map.of("Retry-After", "1"), failure);
    }

    /** A payment in a status that does not allow the operation. */
    public static ProblemException wrongStatus(String reason, String detail, String status) {
        return new ProblemException(reason, "Conflict", 409, detail, Map.of("status", status), Map.of(), null);
    }

    /**
     * Mercado Pago refused the request: 422 with Mercado Pago's status, error key and cause codes.
     *
     * @param paymentId the platform's payment the request was about, or {@code null}
     */
    public static ProblemException mercadoPagoRefused(MercadoPagoException refusal, String paymentId) {
        Map<String, Object> members = new LinkedHashMap<>();
        if (paymentId != null) {
            members.put("payment_id", paymentId);
        }
        members.put("mercadopago_status", refusal.status());
        refusal.error().ifPresent(error -> members.put("mercadopago_error", error));
        // Mercado Pago's message, for the caller who sent the request (it may repeat the request's values).
        refusal.member("message").ifPresent(message -> members.put("mercadopago_message", message));
        List<Map<String, String>> causes = refusal.causes().stream().map(cause -> {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("code", cause.code());
            if (cause.description() != null) {
                entry.put("description", cause.description());
            }
            return entry;
        }).toList();
        members.put("causes", causes);
        return new ProblemException(MERCADOPAGO_REFUSED, "Refused by Mercado Pago", 422,
                "Mercado Pago refused the request (" + refusal.status() + refusal.error().map(e -> " " + e).orElse("")
                        + (refusal.causes().isEmpty()
                                ? ""
                                : ", causes " + refusal.causes().stream().map(MercadoPagoException.Cause::code)
                                        .toList())
                        + ")",
                members, Map.of(), refusal);
    }

    /** Mercado Pago could not be reached or kept limiting the rate: nothing happened; the caller may retry. */
    public static ProblemException mercadoPagoUnavailable(MercadoPagoException failure) {
        long retryAfter = failure.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(5L);
        return new ProblemException(MERCADOPAGO_UNAVAILABLE, "Mercado Pago unavailable", 503,
                "Mercado Pago did not take the request (" + failure.kind().tag() + "); nothing was done, repeat it "
                        + "with the same Idempotency-Key",
                Map.of(), Map.of("Retry-After", Long.toString(retryAfter)), failure);
    }

    /** The cause codes of a problem made by {@link #mercadoPagoRefused}, else empty. */
    @SuppressWarnings("unchecked")
    public static List<String> causeCodes(ProblemException problem) {
        Object causes = problem.extensions().get("causes");
        if (!(causes instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance)
                .map(entry -> String.valueOf(((Map<String, Object>) entry).get("code"))).toList();
    }
}
