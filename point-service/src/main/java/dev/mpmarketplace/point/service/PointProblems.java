package dev.mpmarketplace.point.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.client.CreationRefusal;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * The refusals point-service answers (RFC 9457 problems through libs/service-support), each with a fixed reason word.
 * A detail never carries a token, an integrator key or anything a caller did not send, beyond Mercado Pago's own words
 * about the request.
 */
public final class PointProblems {

    private PointProblems() {
    }

    public static ProblemException intentNotFound(UUID id) {
        return ProblemException.notFound("intent-not-found", "no intent " + id);
    }

    public static ProblemException sellerNotConfigured(long sellerId) {
        return ProblemException.notFound("point-not-configured",
                "Point was never set up for seller " + sellerId + ": PUT /sellers/" + sellerId + "/point");
    }

    public static ProblemException pointNotEnabled(long sellerId) {
        return ProblemException.conflict("point-not-enabled",
                "Point is not enabled for seller " + sellerId + ": PUT /sellers/" + sellerId + "/point");
    }

    public static ProblemException idempotencyKeyReused(String key) {
        return ProblemException.conflict("idempotency-key-reused",
                "the Idempotency-Key was already used with another request; use a new key for a new request");
    }

    public static ProblemException missingIdempotencyKey() {
        return ProblemException.badRequest("missing-idempotency-key",
                "an Idempotency-Key header (1 to 64 visible characters) is required; the same key never queues twice");
    }

    public static ProblemException invalid(String detail) {
        return ProblemException.badRequest("invalid-request", detail);
    }

    public static ProblemException sellerNotLinked(long sellerId) {
        return ProblemException.conflict("seller-not-linked",
                "seller " + sellerId + " has no Mercado Pago tokens: it must link first");
    }

    /**
     * The device is busy with another intent. Names it, and says whether it may still be cancelled here.
     *
     * @param queued point-service's intent on the device, or null when Mercado Pago named one this service does not
     *        know
     * @param mercadopagoQueuedId Mercado Pago's id of what is queued, when it said
     */
    public static ProblemException deviceBusy(String deviceId, Intent queued, String mercadopagoQueuedId,
            boolean cancelAtTerminal) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        String detail;
        if (queued != null) {
            boolean cancellable = queued.cancellableThroughApi() || cancelAtTerminal;
            extensions.put("queued_intent_id", queued.id.toString());
            extensions.put("queued_intent_state", queued.state.name());
            extensions.put("cancellable", cancellable);
            detail = "device " + deviceId + " has a queued intent " + queued.id + " (" + queued.state + "): "
                    + (cancellable
                            ? "it may still be cancelled with POST /intents/" + queued.id + "/cancel"
                            : queued.state.name().equals("PENDING")
                                    ? "its creation is being settled with Mercado Pago; retry shortly"
                                    : "the device has it, so it must be completed or cancelled on the device");
        } else {
            extensions.put("queued_intent_id", mercadopagoQueuedId);
            extensions.put("cancellable", false);
            detail = "device " + deviceId + " has a queued intent"
                    + (mercadopagoQueuedId == null ? "" : " " + mercadopagoQueuedId)
                    + " that point-service did not make: cancel it on the device or where it was made";
        }
        return new ProblemException("device-busy", "Device busy", 409, detail, extensions, Map.of(), null);
    }

    /** The answer for an intent Mercado Pago refused, the same on every replay of its idempotency key. */
    public static ProblemException refused(Intent intent) {
        String reason = intent.refusalReason == null ? "refused" : intent.refusalReason;
        int status = switch (reason) {
            case CreationRefusal.DEVICE_UNKNOWN -> 404;
            case CreationRefusal.INVALID_REQUEST -> 422;
            case "mercadopago-unavailable" -> 503;
            default -> 409;
        };
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("intent_id", intent.id.toString());
        if (intent.queuedIntentId != null) {
            extensions.put("queued_intent_id", intent.queuedIntentId);
        }
        return new ProblemException(reason, "Intent refused", status,
                intent.refusalDetail == null ? "the intent was not queued" : intent.refusalDetail, extensions,
                Map.of(), null);
    }

    public static ProblemException cancelOnDevice(Intent intent) {
        return new ProblemException("cancel-on-device", "Cancel it on the device", 409, "intent " + intent.id
                + " is " + intent.state + ": the device has it, so Mercado Pago no longer cancels it through the API;"
                + " cancel it on the device", Map.of("intent_state", intent.state.name()), Map.of(), null);
    }

    public static ProblemException intentPending(Intent intent) {
        return new ProblemException("intent-pending", "Intent not settled yet", 409, "intent " + intent.id
                + " is being settled with Mercado Pago (its creation had no answer); retry shortly", Map.of(),
                Map.of("Retry-After", "10"), null);
    }

    public static ProblemException intentFinal(Intent intent) {
        return new ProblemException("intent-final", "Intent already final", 409, "intent " + intent.id + " is "
                + intent.state, Map.of("intent_state", intent.state.name()), Map.of(), null);
    }

    public static ProblemException notRefundable(Intent intent, String why) {
        return new ProblemException("not-refundable", "Not refundable", 409, "intent " + intent.id + " cannot be "
                + "refunded: " + why, Map.of("intent_state", intent.state.name()), Map.of(), null);
    }

    public static ProblemException mercadoPagoUnavailable(String what) {
        return new ProblemException("mercadopago-unavailable", "Mercado Pago unavailable", 503, what
                + "; retry", Map.of(), Map.of("Retry-After", "5"), null);
    }

    public static ProblemException deviceUnknown(long sellerId, String deviceId) {
        return ProblemException.notFound("device-unknown", "seller " + sellerId + " has no device " + deviceId);
    }
}
