package dev.mpmarketplace.support.problem;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import dev.mpmarketplace.support.database.DatabaseFailures;
import dev.mpmarketplace.support.logging.LogFields;

/**
 * Every error answer of every service is an RFC 9457 {@link Problem}; none carries a stack trace, a token or the
 * request body. What each kind of failure answers:
 * <ul>
 * <li>a {@link ProblemException}: its own problem and headers; logged at INFO (reason and path);</li>
 * <li>an unreadable JSON body, or JSON of the wrong shape for the operation: 400 {@code malformed-json};</li>
 * <li>no or a bad bearer token: 401 {@code unauthorized} with {@code WWW-Authenticate: Bearer}; a token without the
 * operation's role: 403 {@code forbidden} (authentication runs inside the REST layer,
 * {@code quarkus.http.auth.proactive=false}, so these reach the mappers);</li>
 * <li>JAX-RS client errors: {@code not-found}, {@code method-not-allowed}, {@code unsupported-media-type},
 * {@code not-acceptable}, {@code payload-too-large}, else {@code bad-request};</li>
 * <li>the database unreachable or unable to serve now (PostgreSQL down, restarting, out of connections; the cause
 * chain as {@link DatabaseFailures#unavailable} reads it): 503 {@code database-unavailable} with
 * {@code Retry-After}, logged at WARN with the kind of failure only (no stack trace: it is not a bug, and an outage
 * would write one per request);</li>
 * <li>a text PostgreSQL cannot store (a NUL character): 400 {@code invalid-text};</li>
 * <li>anything else: 500 {@code internal-error}, logged at ERROR with its stack trace (exception messages of this
 * platform never contain a secret; a client's exception names a path, never a header).</li>
 * </ul>
 * Every answered problem is also fired as a {@link ProblemAnswered} event, for metrics. A service adds mappers of its
 * own only for exceptions of its own that are not {@link ProblemException}s.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The reason of the answer while the database is unavailable. */
    public static final String DATABASE_UNAVAILABLE = "database-unavailable";
    /**
     * Seconds a client waits before repeating a request the database could not serve: PostgreSQL restarts in a few
     * seconds; a longer outage is answered the same way again.
     */
    static final String DATABASE_RETRY_AFTER = "5";

    private final Event<ProblemAnswered> answered;

    public ProblemMappers(Event<ProblemAnswered> answered) {
        this.answered = answered;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Problem problem = e.toProblem(uri.getPath());
        LOG.infof("answered %d %s on %s", problem.status(), problem.reason(), LogFields.safe(uri.getPath()));
        Response.ResponseBuilder response = answer(problem, e);
        e.headers().forEach(response::header);
        return response.build();
    }

    /**
     * A body that is JSON of the wrong shape for the operation's type (an array for an object, text for a number):
     * quarkus-rest-jackson rethrows it as is, and its own mapper of exactly this type (an empty 400) would win over
     * the {@link JsonProcessingException} mapper below, as the closer type; so it is mapped here by name.
     */
    @ServerExceptionMapper
    public Response wrongShapeJson(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return answer(Problem.of("malformed-json", "Malformed request body", 400,
                "the body is not valid JSON of the expected shape", uri.getPath()), e).build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return answer(Problem.of("unauthorized", "Unauthorized", 401,
                "a valid bearer token from the marketplace's identity provider is required", uri.getPath()), e)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(Problem.of("forbidden", "Forbidden", 403,
                "the bearer token does not grant the role this operation requires", uri.getPath()), e).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String reason;
        String title;
        if (e instanceof NotFoundException) {
            reason = "not-found";
            title = "Not found";
        } else if (e instanceof NotAllowedException) {
            reason = "method-not-allowed";
            title = "Method not allowed";
        } else if (e instanceof NotSupportedException) {
            reason = "unsupported-media-type";
            title = "Unsupported media type";
        } else if (e instanceof NotAcceptableException) {
            reason = "not-acceptable";
            title = "Not acceptable";
        } else if (status == 413) {
            reason = "payload-too-large";
            title = "Payload too large";
        } else if (status == 401) {
            return unauthorized(e, uri);
        } else if (status == 403) {
            reason = "forbidden";
            title = "Forbidden";
        } else {
            reason = "bad-request";
            title = "Bad request";
        }
        Response.ResponseBuilder response = answer(Problem.of(reason, title, status,
                title.toLowerCase(java.util.Locale.ROOT) + " for this resource", uri.getPath()), e);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        String unavailable = DatabaseFailures.whyUnavailable(e);
        if (unavailable != null) {
            LOG.warnf("answered 503 %s on %s: %s", DATABASE_UNAVAILABLE, LogFields.safe(uri.getPath()), unavailable);
            return answer(Problem.of(DATABASE_UNAVAILABLE, "Database unavailable", 503,
                    "the service cannot reach its database now; repeat the request after the Retry-After delay (a"
                            + " write with the same Idempotency-Key where the operation takes one)",
                    uri.getPath()), e).header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER).build();
        }
        if (DatabaseFailures.unstorableText(e)) {
            // A NUL in a query parameter, a path or a JSON string: the transaction rolled back, nothing changed
            // (found by the API fuzzer: a NUL in a search parameter was a 500).
            LOG.infof("answered 400 invalid-text on %s", LogFields.safe(uri.getPath()));
            return answer(Problem.of("invalid-text", "Invalid text", 400,
                    "a text of the request holds a character that cannot be stored (such as NUL)", uri.getPath()), e)
                    .build();
        }
        LOG.errorf(e, "unexpected failure on %s", LogFields.safe(uri.getPath()));
        return answer(Problem.of("internal-error", "Internal error", 500, "the service failed unexpectedly; retry",
                uri.getPath()), e).build();
    }

    private Response.ResponseBuilder answer(Problem problem, Throwable cause) {
        answered.fire(new ProblemAnswered(problem, cause));
        return problem.toResponse();
    }
}
