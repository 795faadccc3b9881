package dev.mpmarketplace.mercadopago.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;

/**
 * The one failure classification of every call to Mercado Pago and Mercado Libre (see {@link MercadoPagoException}).
 * Error answers are read as Mercado Pago's classic envelope ({@code {"message","error","status","cause":[{"code",
 * "description"}]}}), the Orders API's ({@code {"errors":[{"code","message"}]}}) or the Point Integration API's
 * ({@code {"error":"...","message":"..."}}); transport failures by their type, never by their class name or text.
 */
public final class MercadoPagoErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The envelope's own members, read above; every other scalar member is kept by name. */
    private static final Set<String> ENVELOPE = Set.of("error", "status", "cause", "errors");

    private MercadoPagoErrors() {
    }

    /** The exception for an error answer (to be returned from a {@code @ClientExceptionMapper}). */
    public static MercadoPagoException fromResponse(String operation, Response response) {
        String body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException unreadable) {
            // no body to read: the status alone decides
        }
        return fromAnswer(operation, response.getStatus(), body, response.getHeaderString("Retry-After"));
    }

    /** The exception for an error answer given as its status, body and {@code Retry-After} header. */
    public static MercadoPagoException fromAnswer(String operation, int status, String body, String retryAfter) {
        String error = null;
        List<MercadoPagoException.Cause> causes = new ArrayList<>();
        Map<String, String> members = new LinkedHashMap<>();
        try {
            JsonNode json = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (json != null && json.isObject()) {
                error = text(json.get("error"));
                json.fields().forEachRemaining(member -> {
                    if (member.getValue().isValueNode() && !member.getValue().isNull()
                            && !ENVELOPE.contains(member.getKey())) {
                        members.put(member.getKey(), member.getValue().asText());
                    }
                });
                for (JsonNode cause : json.path("cause")) {
                    causes.add(new MercadoPagoException.Cause(text(cause.get("code")),
                            text(cause.get("description"))));
                }
                for (JsonNode entry : json.path("errors")) {
                    causes.add(new MercadoPagoException.Cause(text(entry.get("code")),
                            text(entry.get("message"))));
                }
            }
        } catch (IOException unreadable) {
            // Not JSON (a proxy's page, an empty 502): the status alone decides.
        }
        return new MercadoPagoException(kindOf(status), operation, status, error, causes,
                parseRetryAfter(retryAfter), members, null);
    }

    /** The kind of an HTTP error status. */
    public static MercadoPagoException.Kind kindOf(int status) {
        return switch (status) {
            case 401 -> MercadoPagoException.Kind.UNAUTHORIZED;
            case 403 -> MercadoPagoException.Kind.FORBIDDEN;
            case 404 -> MercadoPagoException.Kind.NOT_FOUND;
            case 409 -> MercadoPagoException.Kind.CONFLICT;
            case 429 -> MercadoPagoException.Kind.RATE_LIMITED;
            default -> status >= 500
                    ? MercadoPagoException.Kind.SERVER_ERROR
                    : MercadoPagoException.Kind.INVALID_REQUEST;
        };
    }

    /**
     * Classifies any failure of a call: a {@link MercadoPagoException} stays what it is; a timeout anywhere in the
     * cause chain is {@code TIMEOUT}; a refused or unresolvable connection {@code UNREACHABLE}; a connection closed
     * or reset {@code CONNECTION_LOST}; a programming error on our side (the request could not even be built, or a
     * POST without an idempotency key) {@code INVALID_REQUEST}, never retried; anything else, which may have happened
     * after the request left, {@code CONNECTION_LOST} (an unknown outcome is the safe reading).
     */
    public static MercadoPagoException classify(String operation, Throwable failure) {
        if (failure instanceof IllegalStateException || failure instanceof IllegalArgumentException
                || failure instanceof NullPointerException || failure instanceof ClassCastException) {
            return MercadoPagoException.of(MercadoPagoException.Kind.INVALID_REQUEST, operation,
                    "the request could not be made: " + failure.getClass().getSimpleName(), failure);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof MercadoPagoException known) {
                return known;
            }
            if (cause instanceof IdempotencyKeyFilter.MissingIdempotencyKeyException missingKey) {
                return MercadoPagoException.of(MercadoPagoException.Kind.INVALID_REQUEST, operation,
                        missingKey.getMessage(), failure);
            }
            if (cause instanceof TimeoutException
                    || cause instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
                return MercadoPagoException.of(MercadoPagoException.Kind.TIMEOUT, operation, "no answer in time",
                        failure);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return MercadoPagoException.of(MercadoPagoException.Kind.UNREACHABLE, operation,
                        "could not connect", failure);
            }
            if (cause instanceof HttpClosedException || cause instanceof StreamResetException
                    || cause instanceof IOException) {
                return MercadoPagoException.of(MercadoPagoException.Kind.CONNECTION_LOST, operation,
                        "the connection was lost", failure);
            }
        }
        return MercadoPagoException.of(MercadoPagoException.Kind.CONNECTION_LOST, operation,
                "the call failed: " + failure.getClass().getSimpleName(), failure);
    }

    /**
     * A call bounded by {@code timeout} (its outcome is then unknown: {@code TIMEOUT}) whose every failure is
     * classified ({@link #classify}): the one way a service makes a Mercado Pago call.
     */
    public static <T> Uni<T> bounded(Uni<T> call, String operation, Duration timeout) {
        return call.ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(failure -> classify(operation, failure));
    }

    /** A {@code Retry-After} in seconds; an HTTP date or garbage gives {@code null}. */
    public static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException httpDate) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
