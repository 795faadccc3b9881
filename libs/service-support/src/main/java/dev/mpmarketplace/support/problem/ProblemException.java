package dev.mpmarketplace.support.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal that answers as an RFC 9457 {@link Problem}: the use case throws it (or fails its {@code Uni} with it),
 * {@link ProblemMappers} answers it. Its message is the problem's {@code detail}, so it must never contain a token,
 * a secret or attacker-controlled text beyond what the caller sent in the field it names.
 * <p>
 * Services subclass it for their own refusals (a seller not found, a payment in the wrong state), or use
 * {@link #of} for a one-off.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String title;
    private final int status;
    private final transient Map<String, Object> extensions;
    private final transient Map<String, String> headers;

    public ProblemException(String reason, String title, int status, String detail) {
        this(reason, title, status, detail, Map.of(), Map.of(), null);
    }

    /**
     * A problem without a stack trace, for refusals that are frequent and expected (a bad signature, a malformed
     * notification): taking one costs more than the rest of the request.
     */
    protected ProblemException(String reason, String title, int status, String detail, boolean stackTrace) {
        super(detail, null, false, stackTrace);
        this.reason = reason;
        this.title = title;
        this.status = status;
        this.extensions = Map.of();
        this.headers = Map.of();
    }

    public ProblemException(String reason, String title, int status, String detail, Map<String, Object> extensions,
            Map<String, String> headers, Throwable cause) {
        super(detail, cause);
        this.reason = reason;
        this.title = title;
        this.status = status;
        this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static ProblemException of(String reason, String title, int status, String detail) {
        return new ProblemException(reason, title, status, detail);
    }

    /** 400 with the given reason. */
    public static ProblemException badRequest(String reason, String detail) {
        return new ProblemException(reason, "Invalid request", 400, detail);
    }

    /** 404 with the given reason. */
    public static ProblemException notFound(String reason, String detail) {
        return new ProblemException(reason, "Not found", 404, detail);
    }

    /** 409 with the given reason. */
    public static ProblemException conflict(String reason, String detail) {
        return new ProblemException(reason, "Conflict", 409, detail);
    }

    public String reason() {
        return reason;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** Extension members of the problem. */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Response headers (for example {@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The problem this exception answers with, for a request to {@code instance}. */
    public Problem toProblem(String instance) {
        return new Problem(Problem.typeOf(reason), title, status, getMessage(), instance, extensions);
    }
}
