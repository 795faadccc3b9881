package dev.mpmarketplace.ingest.rest;

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

import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.ingest.service.IngestMetrics;
import dev.mpmarketplace.ingest.service.NotificationRejectedException;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.Rejection;

/**
 * Every error answer of the service is an RFC 9457 problem ({@link Problem}); none carries a stack trace. Refusals are
 * counted ({@code ingest_notifications_rejected_total{reason}}) and logged at INFO without the signature or the body;
 * unexpected failures are logged at ERROR with their stack trace, and answered with a generic 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final IngestMetrics metrics;
    private final String retryAfterSeconds;

    public ProblemMappers(IngestMetrics metrics, IngestConfig config) {
        this.metrics = metrics;
        this.retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
    }

    @ServerExceptionMapper
    public Response rejected(NotificationRejectedException e, UriInfo uri) {
        return reject(e.rejection(), e.getMessage(), uri).build();
    }

    @ServerExceptionMapper
    public Response unavailable(PublishFailedException e, UriInfo uri) {
        String detail = switch (e.reason()) {
            case TIMEOUT -> "the broker did not acknowledge the notification in time; retry";
            case BROKER_ERROR -> "the broker could not store the notification; retry";
            case OVERLOADED -> "too many notifications are waiting for the broker; retry";
        };
        return Problem.of("broker-unavailable", "Notification not stored", 503, detail, uri.getPath()).toResponse()
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                .build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Rejection rejection;
        if (e instanceof NotAllowedException) {
            rejection = Rejection.METHOD_NOT_ALLOWED;
        } else if (e instanceof NotSupportedException) {
            rejection = Rejection.UNSUPPORTED_MEDIA_TYPE;
        } else if (e instanceof NotFoundException) {
            rejection = Rejection.NOT_FOUND;
        } else if (e instanceof NotAcceptableException) {
            rejection = Rejection.NOT_ACCEPTABLE;
        } else if (e.getResponse().getStatus() == 413) {
            rejection = Rejection.PAYLOAD_TOO_LARGE;
        } else if (e.getResponse().getStatus() >= 400 && e.getResponse().getStatus() < 500) {
            rejection = Rejection.BAD_REQUEST;
        } else {
            return internalError(e, uri);
        }
        Response.ResponseBuilder response = reject(rejection, rejection.title().toLowerCase() + " for this resource",
                uri);
        if (rejection == Rejection.METHOD_NOT_ALLOWED) {
            // RESTEasy Reactive's 405 does not name the allowed methods; the service has two shapes of endpoint.
            response.header(HttpHeaders.ALLOW, uri.getPath().startsWith("/webhooks/point") ? "GET, POST" : "POST");
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        return internalError(e, uri);
    }

    private Response internalError(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return Problem.of("internal-error", "Internal error", 500, "the service failed unexpectedly; retry",
                uri.getPath()).toResponse().build();
    }

    private Response.ResponseBuilder reject(Rejection rejection, String detail, UriInfo uri) {
        metrics.rejected(rejection);
        LOG.infof("refused %s with %d: %s", uri.getPath(), rejection.status(), rejection.reason());
        return Problem.of(rejection.reason(), rejection.title(), rejection.status(), detail, uri.getPath())
                .toResponse();
    }
}
