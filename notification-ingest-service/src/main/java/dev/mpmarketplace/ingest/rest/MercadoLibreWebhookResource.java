package dev.mpmarketplace.ingest.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

import dev.mpmarketplace.ingest.service.MercadoLibreNotificationIntake;
import dev.mpmarketplace.ingest.service.NotificationIngest;
import dev.mpmarketplace.support.problem.Problem;

/** The Mercado Libre notifications feed (orders_v2, payments, ...). */
@Path("/webhooks/mercadolibre")
@Tag(name = "Mercado Libre")
public class MercadoLibreWebhookResource {

    private final MercadoLibreNotificationIntake intake;
    private final NotificationIngest ingest;
    private final Clock clock;

    public MercadoLibreWebhookResource(MercadoLibreNotificationIntake intake, NotificationIngest ingest, Clock clock) {
        this.intake = intake;
        this.ingest = ingest;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Receive a Mercado Libre feed notification", description = "{_id, resource, user_id, topic, application_id, attempts, sent, received}; unsigned, "
            + "accepted when application_id is the marketplace's. Answers 200 only once the broker "
            + "acknowledged the record.")
    @RequestBody(content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "200", description = "Published", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "Malformed body or missing field", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "Notification for another application", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CompletionStage<Response> receive(@RestHeader("x-request-id") String requestId,
            @RestHeader("Content-Type") String contentType, byte[] body) {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        return ingest.ingest(intake.accept(contentType, body == null ? new byte[0] : body,
                RequestIds.check(requestId), receivedAt)).thenApply(Receipt::accepted);
    }
}
