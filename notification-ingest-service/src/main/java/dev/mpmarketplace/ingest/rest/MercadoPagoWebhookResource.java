package dev.mpmarketplace.ingest.rest;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletionStage;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import dev.mpmarketplace.ingest.service.MercadoPagoDelivery;
import dev.mpmarketplace.ingest.service.MercadoPagoNotificationIntake;
import dev.mpmarketplace.ingest.service.NotificationIngest;
import dev.mpmarketplace.support.problem.Problem;

/** Mercado Pago notifications: the Webhooks format and the legacy IPN form. */
@Path("/webhooks/mercadopago")
@Tag(name = "Mercado Pago")
public class MercadoPagoWebhookResource {

    private final MercadoPagoNotificationIntake intake;
    private final NotificationIngest ingest;
    private final Clock clock;

    public MercadoPagoWebhookResource(MercadoPagoNotificationIntake intake, NotificationIngest ingest, Clock clock) {
        this.intake = intake;
        this.ingest = ingest;
        this.clock = clock;
    }

    @POST
    @Operation(summary = "Receive a Mercado Pago notification", description = "Webhooks format (?data.id=&type= and a JSON body, verified with x-signature) for payment, "
            + "merchant_order, mp-connect, point_integration_wh, order and any other topic (unknown topics "
            + "go to the unrouted topic); or the legacy IPN form (?topic=&id=, unsigned). Answers 200 only "
            + "once the broker acknowledged the record, 503 when it did not in time. A signature is accepted once: "
            + "sent again inside its time window, it is answered 200 and nothing is published.")
    @RequestBody(content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "200", description = "Published", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", description = "Malformed body, missing or invalid field, or a body that disagrees with the signed query", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "Signature missing, invalid or outside the time window", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "413", description = "Body larger than the limit", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "415", description = "Body not JSON", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "The broker did not acknowledge in time; retry", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CompletionStage<Response> receive(
            @Parameter(description = "Resource id (Webhooks); signed") @RestQuery("data.id") String dataId,
            @Parameter(description = "Topic (Webhooks)") @RestQuery("type") String type,
            @Parameter(description = "Topic (IPN)") @RestQuery("topic") String topic,
            @Parameter(description = "Resource id (IPN)") @RestQuery("id") String id,
            @Parameter(description = "ts=<timestamp>,v1=<HMAC-SHA256 hex>") @RestHeader("x-signature") String signature,
            @RestHeader("x-request-id") String requestId,
            @RestHeader("Content-Type") String contentType,
            byte[] body) {
        OffsetDateTime receivedAt = OffsetDateTime.now(clock);
        MercadoPagoDelivery delivery = new MercadoPagoDelivery(dataId, type, topic, id, signature,
                RequestIds.check(requestId), contentType, body == null ? new byte[0] : body, receivedAt);
        MercadoPagoNotificationIntake.Accepted accepted = intake.accept(delivery);
        return (accepted.signature() == null
                ? ingest.ingest(accepted.notification())
                : ingest.ingestOnce(accepted.notification(), accepted.signature())).thenApply(Receipt::accepted);
    }
}
