package dev.mpmarketplace.ingest.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.common.annotation.NonBlocking;

import dev.mpmarketplace.ingest.service.NotificationIngest;
import dev.mpmarketplace.ingest.service.PointChallenge;
import dev.mpmarketplace.ingest.service.PointNotificationIntake;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemException;

/** The Point integrator webhook: the validation challenge and the payment intent notifications. */
@Path("/webhooks/point")
@Tag(name = "Point")
public class PointWebhookResource {

    private final PointChallenge challenge;
    private final PointNotificationIntake intake;
    private final NotificationIngest ingest;
    private final Clock clock;

    public PointWebhookResource(PointChallenge challenge, PointNotificationIntake intake, NotificationIngest ingest,
            Clock clock) {
        this.challenge = challenge;
        this.intake = intake;
        this.ingest = ingest;
        this.clock = clock;
    }

    @GET
    @NonBlocking
    @Operation(summary = "Answer the Point webhook validation challenge", description = "{\"encrypted_challenge\": hex(HMAC-SHA256(integrator token, challengeCode))}")
    @APIResponse(responseCode = "200", description = "The answer", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "No challengeCode", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "No integrator token configured", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response challenge(@RestQuery("challengeCode") String challengeCode) {
        if (!challenge.isConfigured()) {
            throw new ProblemException("point-not-configured", "Point integration not configured", 503,
                    "the Point integrator token is not configured");
        }
        return Response.ok(Map.of("encrypted_challenge", challenge.answer(challengeCode)), MediaType.APPLICATION_JSON)
                .build();
    }

    @POST
    @Operation(summary = "Receive a Point payment intent notification", description = "The raw payment intent body. Unsigned by design; published as unsigned-point. Answers 200 "
            + "only once the broker acknowledged the record.")
    @RequestBody(content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "200", description = "Published", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "Malformed body or missing id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CompletionStage<Response> receive(@RestHeader("x-request-id") String requestId,
            @RestHeader("Content-Type") String contentType, byte[] body) {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        return ingest.ingest(intake.accept(contentType, body == null ? new byte[0] : body,
                RequestIds.check(requestId), receivedAt)).thenApply(Receipt::accepted);
    }
}
