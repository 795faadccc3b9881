package dev.mpmarketplace.sandbox.mercadopago.http;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writing responses: JSON with a status, and the one failure handler of the router. */
public final class Replies {

    private static final Logger LOG = Logger.getLogger(Replies.class.getName());

    private static final String JSON = "application/json; charset=utf-8";

    private Replies() {
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        end(ctx, status, JSON, Buffer.buffer(SandboxJson.write(body)), null);
    }

    /** JSON already serialized (a payment's cached bytes). */
    public static void bytes(RoutingContext ctx, int status, byte[] json) {
        end(ctx, status, JSON, Buffer.buffer(json), null);
    }

    /** An empty answer ({@code 204 No Content}, {@code 202 Accepted}...). */
    public static void empty(RoutingContext ctx, int status) {
        end(ctx, status, null, null, null);
    }

    public static void html(RoutingContext ctx, int status, String page) {
        end(ctx, status, "text/html; charset=utf-8", Buffer.buffer(page), null);
    }

    public static void redirect(RoutingContext ctx, String location) {
        end(ctx, 302, null, null, location);
    }

    /**
     * Every answer leaves here, so that an {@link AnswerHook} (the {@code lost_answer} fault) sees all of them, after
     * the endpoint had its effect.
     */
    private static void end(RoutingContext ctx, int status, String contentType, Buffer body, String location) {
        AnswerHook hook = ctx.get(AnswerHook.KEY);
        Runnable answer = () -> {
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.closed()) {
                return;
            }
            response.setStatusCode(status);
            if (contentType != null) {
                response.putHeader("Content-Type", contentType);
            }
            if (location != null) {
                response.putHeader("Location", location);
            }
            if (body == null) {
                response.end();
            } else {
                response.end(body);
            }
        };
        if (hook == null) {
            answer.run();
            return;
        }
        // Once: a hook that answers in its own way (a 5xx) goes through here again.
        ctx.remove(AnswerHook.KEY);
        hook.deliver(ctx, answer);
    }

    /** A request no route matched (404), or whose path matched but not its method (405): the classic envelope. */
    public static void unmatched(RoutingContext ctx, int status) {
        String key = status == 405 ? "method_not_allowed" : "not_found";
        json(ctx, status, new ApiError(status, key, status == 405 ? "method not allowed" : "resource not found",
                List.of()).body());
    }

    /**
     * Turns whatever a handler threw into a response: an {@link ApiError} into its envelope; Vert.x's own 4xx (body
     * too large, method not allowed, not found) into the same envelope; anything else into a 500 envelope, logged
     * once, without the request.
     */
    public static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiError error) {
            json(ctx, error.status(), error.body());
            return;
        }
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            String key = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "request_entity_too_large";
                default -> "bad_request";
            };
            json(ctx, status, new ApiError(status, key, "the request could not be processed: " + key,
                    List.of()).body());
            return;
        }
        LOG.log(Level.SEVERE, "sandbox handler failed on " + ctx.request().method() + " " + ctx.request().path(),
                failure);
        json(ctx, 500, new ApiError(500, "internal_error", "internal error", List.of()).body());
    }
}
