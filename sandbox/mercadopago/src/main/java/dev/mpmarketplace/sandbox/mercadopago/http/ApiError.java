package dev.mpmarketplace.sandbox.mercadopago.http;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answered in Mercado Pago's classic envelope,
 * {@code {"message": ..., "error": ..., "status": ..., "cause": [{"code": ..., "description": ..., "data": ...}]}},
 * which Payments, Customers, Cards, Preferences and OAuth share. Thrown from a handler, it becomes the response.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One entry of {@code cause}; {@code code} is an int for payments and a string key for some APIs. */
    public record Cause(Object code, String description) {
    }

    private final int status;
    private final String error;
    private final List<Cause> causes;
    /** A body of another shape (the Orders API's, or the classic one with extra fields), or {@code null}. */
    private final ObjectNode customBody;

    public ApiError(int status, String error, String message, List<Cause> causes) {
        this(status, error, message, causes, null);
    }

    private ApiError(int status, String error, String message, List<Cause> causes, ObjectNode customBody) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.causes = List.copyOf(causes);
        this.customBody = customBody;
    }

    /** An error answered with a body of its own shape. */
    public static ApiError withBody(int status, String error, String message, ObjectNode body) {
        return new ApiError(status, error, message, List.of(), body);
    }

    /** A 400 {@code bad_request} with one numbered cause, as Payments and Customers answer validation errors. */
    public static ApiError badRequest(int code, String message) {
        return new ApiError(400, "bad_request", message, List.of(new Cause(code, message)));
    }

    /** A 400 with a string error key and no cause, as Preferences and OAuth answer. */
    public static ApiError keyed(String error, String message) {
        return new ApiError(400, error, message, List.of());
    }

    /** A 404 {@code not_found} with one numbered cause. */
    public static ApiError notFound(int code, String message) {
        return new ApiError(404, "not_found", message, List.of(new Cause(code, message)));
    }

    /** The 401 for a request without a bearer token (cause code 5, as Mercado Pago answers). */
    public static ApiError missingToken() {
        return new ApiError(401, "unauthorized", "Must provide your access_token to proceed",
                List.of(new Cause(5, "Must provide your access_token to proceed")));
    }

    /** The 401 for an unknown, expired or revoked bearer token. */
    public static ApiError invalidToken() {
        return new ApiError(401, "unauthorized", "invalid access token", List.of());
    }

    /** The 403 for a resource that exists but belongs to another user. */
    public static ApiError forbidden(int code, String message) {
        return new ApiError(403, "forbidden", message, List.of(new Cause(code, message)));
    }

    /** The 400 for a body that is not JSON, or not the JSON object the endpoint expects. */
    public static ApiError malformedJson() {
        return badRequest(1, "Params Error: the body must be a JSON object");
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** The envelope as JSON. */
    public ObjectNode body() {
        if (customBody != null) {
            return customBody.deepCopy();
        }
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("message", getMessage());
        body.put("error", error);
        body.put("status", status);
        ArrayNode cause = body.putArray("cause");
        for (Cause c : causes) {
            ObjectNode entry = cause.addObject();
            if (c.code() instanceof Integer code) {
                entry.put("code", code);
            } else {
                entry.put("code", String.valueOf(c.code()));
            }
            entry.put("description", c.description());
        }
        return body;
    }
}
