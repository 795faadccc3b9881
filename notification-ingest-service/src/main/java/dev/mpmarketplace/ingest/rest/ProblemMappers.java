package dev.mpmarketplace.ingest.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.ingest.service.IngestMetrics;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.Rejection;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemAnswered;

/**
 * What the service adds to libs/service-support's problem mappers (which answer every refusal, client error and
 * unexpected failure): the 503 of a notification the broker did not acknowledge, with {@code Retry-After} so Mercado
 * Pago retries; the methods a 405 allows (RESTEasy Reactive does not name them); and the count of every refusal in
 * {@code ingest_notifications_rejected_total{reason}}, from the problems the kit answered.
 */
public class ProblemMappers {

    private final Event<ProblemAnswered> answered;
    private final String retryAfterSeconds;

    public ProblemMappers(Event<ProblemAnswered> answered, IngestConfig config) {
        this.answered = answered;
        this.retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
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
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Rejection rejection = Rejection.METHOD_NOT_ALLOWED;
        Problem problem = Problem.of(rejection.reason(), rejection.title(), rejection.status(),
                "method not allowed for this resource", uri.getPath());
        answered.fire(new ProblemAnswered(problem, e));
        // The service has two shapes of endpoint: Point's answers its challenge (GET) and receives (POST).
        return problem.toResponse()
                .header(HttpHeaders.ALLOW, uri.getPath().startsWith("/webhooks/point") ? "GET, POST" : "POST")
                .build();
    }

    /** Counts every refusal the kit or this class answered, by its reason (one of {@link Rejection}'s words). */
    @ApplicationScoped
    static class RejectionCounter {

        private final IngestMetrics metrics;

        RejectionCounter(IngestMetrics metrics) {
            this.metrics = metrics;
        }

        void count(@Observes ProblemAnswered answered) {
            if (answered.problem().status() < 500) {
                Rejection.fromReason(answered.problem().reason()).ifPresent(metrics::rejected);
            }
        }
    }
}
