package dev.mpmarketplace.ingest.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.ingest.service.IngestMetrics;
import dev.mpmarketplace.ingest.service.Rejection;
import dev.mpmarketplace.support.problem.Problem;

/**
 * Refuses a request whose {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size} with a 413 problem,
 * before its body is read. Quarkus's own check, right after this one, answers the same status with an empty body;
 * it still covers a chunked body (no {@code Content-Length}) that grows past the limit, which only then is known.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Just before Quarkus's upload limit ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    private static final int ORDER = -3;
    private static final Logger LOG = Logger.getLogger(BodySizeLimit.class);

    private final long limit;
    private final IngestMetrics metrics;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            IngestMetrics metrics) {
        this.limit = limit.asLongValue();
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= limit) {
            context.next();
            return;
        }
        Rejection rejection = Rejection.PAYLOAD_TOO_LARGE;
        metrics.rejected(rejection);
        LOG.infof("refused %s with 413: %s (%d bytes declared)", context.request().path(), rejection.reason(),
                declared);
        String body = Problem.of(rejection.reason(), rejection.title(), rejection.status(),
                "the body is " + declared + " bytes; at most " + limit + " are accepted", context.request().path())
                .json();
        context.response()
                .setStatusCode(rejection.status())
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // The body is not read: the connection cannot be reused.
                .putHeader(HttpHeaderNames.CONNECTION, "close")
                .end(body)
                .onComplete(ignored -> context.request().connection().close());
    }
}
