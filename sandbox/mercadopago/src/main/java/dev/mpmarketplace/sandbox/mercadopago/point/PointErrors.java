package dev.mpmarketplace.sandbox.mercadopago.point;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * The errors of the Point Integration API and of the Orders API. The Integration API answers the classic envelope
 * with a string {@code error} (reference 12.a: {@code "104"} for a device of another user, {@code "2205"} for a busy
 * device; the other keys are the sandbox's, from the documented errorKeys); the Orders API answers
 * {@code {"errors": [{"code", "message", "details"}]}} with the codes of its error list (docs/sandbox/point.md).
 */
public final class PointErrors {

    private PointErrors() {
    }

    /** 400: a field of the request is missing or wrong. */
    static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message, List.of());
    }

    /** 403 {@code 104}: the device does not exist or is not the caller's (Mercado Pago cannot tell). */
    static ApiError deviceNotYours() {
        return new ApiError(403, "104", "Forbidden Error checking device owner", List.of());
    }

    /** 409 {@code 2205}: something is queued on the device already (third-party capture, UNCONFIRMED). */
    static ApiError deviceBusy(String queuedId) {
        ObjectNode body = classic(409, "2205", "Device has a queued payment intent");
        body.put("payment_intent_id", queuedId);
        return ApiError.withBody(409, "2205", "Device has a queued payment intent", body);
    }

    /** 409: the device is not in PDV (integrated) mode, so it takes no intents. */
    static ApiError deviceNotIntegrated(String mode) {
        return new ApiError(409, "device_not_in_pdv_mode", "The device operating mode is " + mode
                + ": it must be PDV (and restarted) to receive payment intents", List.of());
    }

    /** 409: the point of sale has an integrated device already. */
    static ApiError posHasIntegratedDevice(String otherDevice) {
        return new ApiError(409, "pos_already_has_pdv_device", "Only one integrated (PDV) device per point of sale:"
                + " " + otherDevice + " is in PDV mode there", List.of());
    }

    public static ApiError intentNotFound() {
        return new ApiError(404, "not_found", "Payment intent doesn't exist", List.of());
    }

    public static ApiError refundNotFound() {
        return new ApiError(404, "not_found", "Refund intent doesn't exist", List.of());
    }

    /** 409: fetched by the device, so it can only be cancelled there. */
    static ApiError blockedByTerminal(String what, IntentState state) {
        String subject = Character.toUpperCase(what.charAt(0)) + what.substring(1);
        return new ApiError(409, "blocked_by_terminal", subject + " is blocked by terminal (state " + state
                + "): cancel it on the device", List.of());
    }

    /** 400: the webhook did not answer the challenge as documented. */
    static ApiError webhookNotValidated(String why) {
        return new ApiError(400, "webhook_validation_failed", "The webhook could not be validated: " + why,
                List.of());
    }

    private static ObjectNode classic(int status, String error, String message) {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("message", message);
        body.put("error", error);
        body.put("status", status);
        body.putArray("cause");
        return body;
    }

    /** An Orders API error: {@code {"errors":[{"code","message","details":[...]}]}}. */
    static ApiError orders(int status, String code, String message, String... details) {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("code", code);
        error.put("message", message);
        ArrayNode list = error.putArray("details");
        for (String detail : details) {
            list.add(detail);
        }
        return ApiError.withBody(status, code, message, body);
    }

    public static ApiError orderNotFound() {
        return orders(404, "order_not_found", "Order not found");
    }
}
