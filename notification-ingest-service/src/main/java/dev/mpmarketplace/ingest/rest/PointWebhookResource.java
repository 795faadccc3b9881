package dev.mpmarketplace.ingest.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.notification.SellerIds;
import dev.mpmarketplace.ingest.service.NotificationIngest;
import dev.mpmarketplace.ingest.service.NotificationRejectedException;
import dev.mpmarketplace.ingest.service.PointChallenge;
import dev.mpmarketplace.ingest.service.PointNotificationIntake;
import dev.mpmarketplace.ingest.service.Rejection;
import dev.mpmarketplace.support.problem.Problem;

/**
 * The Point integrator webhooks, one per seller ({@code /webhooks/point/{seller_id}}, which point-service registers
 * for each seller's integrator): the validation challenge, answered with that seller's key, and the payment and refund
 * intent notifications. {@code POST /webhooks/point} without a seller still receives notifications (the seller is
 * then the body's {@code caller_id}); a challenge always names its seller.
 */
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

    /** The answer to a challenge, {@code {"encrypted_challenge": "<hex>"}}. */
    public record ChallengeAnswer(String encryptedChallenge) {
    }

    @GET
    @Path("{sellerId}")
    @NonBlocking
    @Operation(summary = "Answer a seller's Point webhook validation challenge", description = "{\"encrypted_challenge\": "
            + "hex(HMAC-SHA256(the seller's integrator token, challengeCode))}, the token read from Vault "
            + "(point-integrators/<seller_id>, written by point-service).")
    @APIResponse(responseCode = "200", description = "The answer", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "No challengeCode", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No Point integrator is set up for the seller", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "Vault did not answer; retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> challenge(@RestPath String sellerId, @RestQuery("challengeCode") String challengeCode) {
        return challenge.answer(seller(sellerId), challengeCode).map(answer -> Response
                .ok(new ChallengeAnswer(answer), MediaType.APPLICATION_JSON).build());
    }

    @GET
    @NonBlocking
    @Operation(summary = "No challenge without a seller", description = "Challenges are answered per seller, on "
            + "/webhooks/point/{seller_id}: always 404.")
    @APIResponse(responseCode = "404", description = "Name the seller", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response challengeWithoutSeller() {
        throw new NotificationRejectedException(Rejection.POINT_INTEGRATOR_UNKNOWN,
                "a Point challenge is answered per seller: /webhooks/point/{seller_id}");
    }

    @POST
    @Path("{sellerId}")
    @Operation(summary = "Receive a Point intent notification for a seller", description = "The raw payment or refund "
            + "intent body. Unsigned by design; published as unsigned-point, the seller from the URL. Answers 200 only "
            + "once the broker acknowledged the record.")
    @RequestBody(content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "200", description = "Published", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "Malformed body, missing id, or a caller_id of another seller", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CompletionStage<Response> receiveForSeller(@RestPath String sellerId,
            @RestHeader("x-request-id") String requestId, @RestHeader("Content-Type") String contentType,
            byte[] body) {
        return publish(seller(sellerId), requestId, contentType, body);
    }

    @POST
    @Operation(summary = "Receive a Point intent notification", description = "The raw payment or refund intent body; "
            + "the seller is its caller_id. Unsigned by design; published as unsigned-point. Answers 200 only once the "
            + "broker acknowledged the record.")
    @RequestBody(content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "200", description = "Published", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "Malformed body or missing id", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CompletionStage<Response> receive(@RestHeader("x-request-id") String requestId,
            @RestHeader("Content-Type") String contentType, byte[] body) {
        return publish(null, requestId, contentType, body);
    }

    private CompletionStage<Response> publish(Long seller, String requestId, String contentType, byte[] body) {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        return ingest.ingest(intake.accept(contentType, body == null ? new byte[0] : body,
                RequestIds.check(requestId), receivedAt, seller)).thenApply(Receipt::accepted);
    }

    /** The seller the URL names: a user id, else 404 (no such webhook). */
    private static long seller(String text) {
        Long seller = SellerIds.parse(text);
        if (seller == null) {
            throw new NotificationRejectedException(Rejection.NOT_FOUND, "no Point webhook at this path");
        }
        return seller;
    }
}
