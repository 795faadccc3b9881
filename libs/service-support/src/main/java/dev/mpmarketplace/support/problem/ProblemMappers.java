package dev.mpmarketplace.support.problem;

import java.sql.SQLException;

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
 * <li>anything else: 500 {@code internal-error}, logged at ERROR with its stack trace (exception messages of this
 * platform never contain a secret; a client's exception names a path, never a header).</li>
 * </ul>
 * Every answered problem is also fired as a {@link ProblemAnswered} event, for metrics. A service adds mappers of its
 * own only for exceptions of its own that are not {@link ProblemException}s.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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
        if (unstorableText(e)) {
            LOG.infof("answered 400 invalid-text on %s", LogFields.safe(uri.getPath()));
            return answer(Problem.of("invalid-text", "Invalid text", 400,
                    "a text of the request holds a character that cannot be stored (such as NUL)", uri.getPath()), e)
                    .build();
        }
        LOG.errorf(e, "unexpected failure on %s", LogFields.safe(uri.getPath()));
        return answer(Problem.of("internal-error", "Internal error", 500, "the service failed unexpectedly; retry",
                uri.getPath()), e).build();
    }

    /**
     * Whether PostgreSQL refused a text of the request: a NUL character (SQLSTATE 22021, and 22P05 for one inside JSON)
     * that a query parameter, a path or a JSON string may carry but no text column can hold. The request's transaction
     * rolled back, so nothing changed: the caller's input, answered 400 (found by the API fuzzer: a NUL in a search
     * parameter was a 500). Read from the cause chain: JDBC's {@link SQLException} (Hibernate Reactive) or the reactive
     * client's {@code PgException} ({@code getSqlState()}).
     */
    static boolean unstorableText(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof SQLException sql ? sql.getSQLState() : sqlStateOf(t);
            if ("22021".equals(state) || "22P05".equals(state)) {
                return true;
            }
        }
        return false;
    }

    private static String sqlStateOf(Throwable t) {
        if (!t.getClass().getName().equals("io.vertx.pgclient.PgException")) {
            return null;
        }
        try {
            return (String) t.getClass().getMethod("getSqlState").invoke(t);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private Response.ResponseBuilder answer(Problem problem, Throwable cause) {
        answered.fire(new ProblemAnswered(problem, cause));
        return problem.toResponse();
    }
}
