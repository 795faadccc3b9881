package dev.mpmarketplace.mercadopago.client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every failed call to Mercado Pago or Mercado Libre, classified once ({@link MercadoPagoErrors}), so that every
 * service decides the same way: {@link #kind()} says what happened, {@link #retryable()} whether the same request may
 * succeed later, {@link #outcomeUnknown()} whether it may already have taken effect (a timeout is not a failure: ask
 * before acting again, and repeat a POST only with the same idempotency key).
 * <p>
 * The message names the operation, the status, Mercado Pago's {@code error} key and cause codes; never the request
 * (its headers carry the token, its body may carry a card token).
 */
public class MercadoPagoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What happened. */
    public enum Kind {
        /** 400, 422 and any other 4xx not named below: the request is wrong; {@link #causes()} says why. */
        INVALID_REQUEST(false, false),
        /** 401: the token is missing, expired or revoked. */
        UNAUTHORIZED(false, false),
        /** 403: the token may not do this (another collector's resource, a fee with the wrong token). */
        FORBIDDEN(false, false),
        /** 404. */
        NOT_FOUND(false, false),
        /** 409: for example an idempotency key reused with another request. */
        CONFLICT(false, false),
        /** 429: slow down; {@link #retryAfter()} says for how long when Mercado Pago said. */
        RATE_LIMITED(true, false),
        /** 5xx: Mercado Pago failed; a POST may or may not have taken effect. */
        SERVER_ERROR(true, true),
        /** No answer in time: the request may have taken effect. */
        TIMEOUT(true, true),
        /** The connection broke after the request was sent: it may have taken effect. */
        CONNECTION_LOST(true, true),
        /** The connection could not be made: the request was never sent. */
        UNREACHABLE(true, false),
        /** A 2xx answer that cannot be used (unreadable, or about another user than asked). */
        INVALID_RESPONSE(false, false);

        private final boolean retryable;
        private final boolean outcomeUnknown;

        Kind(boolean retryable, boolean outcomeUnknown) {
            this.retryable = retryable;
            this.outcomeUnknown = outcomeUnknown;
        }

        /** A metric tag: the lower-case name. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One entry of Mercado Pago's {@code cause} array (or of an Orders API {@code errors} array).
     *
     * @param code the code, as text ({@code 4038}, {@code invalid_marketplace_fee}, ...)
     * @param description Mercado Pago's description
     */
    public record Cause(String code, String description) {
    }

    private final Kind kind;
    private final String operation;
    private final int status;
    private final String error;
    private final transient List<Cause> causes;
    private final transient Duration retryAfter;
    private final transient Map<String, String> members;

    public MercadoPagoException(Kind kind, String operation, int status, String error, List<Cause> causes,
            Duration retryAfter, Throwable cause) {
        this(kind, operation, status, error, causes, retryAfter, Map.of(), cause);
    }

    /**
     * @param members the error answer's other scalar members, by name ({@code message}, the Point Integration API's
     *        {@code payment_intent_id}, ...): Mercado Pago's words about the request, never the request itself
     */
    public MercadoPagoException(Kind kind, String operation, int status, String error, List<Cause> causes,
            Duration retryAfter, Map<String, String> members, Throwable cause) {
        super(describe(kind, operation, status, error, causes), cause);
        this.kind = kind;
        this.operation = operation;
        this.status = status;
        this.error = error;
        this.causes = causes == null ? List.of() : List.copyOf(causes);
        this.retryAfter = retryAfter;
        this.members = members == null ? Map.of() : Map.copyOf(members);
    }

    /** A failure with no HTTP answer (timeout, lost or refused connection) or an unusable answer. */
    public static MercadoPagoException of(Kind kind, String operation, String detail, Throwable cause) {
        return new MercadoPagoException(kind, operation, 0, detail, List.of(), null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The operation, e.g. {@code POST /v1/payments}; {@code null} when unknown. */
    public String operation() {
        return operation;
    }

    /** The HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** Mercado Pago's {@code error} key ({@code bad_request}, {@code invalid_grant}, ...), when it gave one. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /** Mercado Pago's causes, possibly empty. */
    public List<Cause> causes() {
        return causes;
    }

    /**
     * A scalar member of the error answer other than {@code error}, {@code status}, {@code cause} and
     * {@code errors}, as text: {@code message} (Mercado Pago's explanation), or an API's own, such as the Point
     * Integration API's {@code payment_intent_id} of a 409 "device has a queued payment intent".
     */
    public Optional<String> member(String name) {
        return Optional.ofNullable(members.get(name));
    }

    /** Mercado Pago's {@code Retry-After}, when it gave one in seconds. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The same request may succeed later (with the same idempotency key for a POST). */
    public boolean retryable() {
        return kind.retryable;
    }

    /** The request may already have taken effect: find out before doing anything that could do it twice. */
    public boolean outcomeUnknown() {
        return kind.outcomeUnknown;
    }

    /** The token used is dead (expired or revoked). */
    public boolean tokenDead() {
        return kind == Kind.UNAUTHORIZED;
    }

    /** {@code /oauth/token} refused the code or refresh token: it is spent, expired, revoked or another client's. */
    public boolean invalidGrant() {
        return status == 400 && "invalid_grant".equals(error);
    }

    /** A bounded metric tag: {@code invalid_grant} for a refused grant, else the kind's tag. */
    public String tag() {
        return invalidGrant() ? "invalid_grant" : kind.tag();
    }

    private static String describe(Kind kind, String operation, int status, String error, List<Cause> causes) {
        StringBuilder text = new StringBuilder("Mercado Pago ");
        text.append(operation == null ? "call" : operation).append(": ").append(kind.tag());
        if (status > 0) {
            text.append(" (").append(status).append(')');
        }
        if (error != null) {
            text.append(' ').append(error);
        }
        if (causes != null && !causes.isEmpty()) {
            text.append(", causes ").append(causes.stream().map(Cause::code).toList());
        }
        return text.toString();
    }
}
