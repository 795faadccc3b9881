package dev.mpmarketplace.mercadopago.client.point;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.IdempotencyKeyFilter;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;

/**
 * The Point Integration API ({@code /point/integration-api}, seed 002, reference 5A and 12.a), called with a seller's
 * token: the seller's integrator (its token is the key of the webhook challenge) and its webhook, the seller's devices
 * and their operating mode, payment intents and refund intents. Every POST carries our idempotency key (the API
 * ignores it; {@link IdempotencyKeyFilter} insists on it everywhere). Errors come back classified
 * ({@code MercadoPagoException}); the 409 of a busy device names what is queued in
 * {@code member("payment_intent_id")}.
 */
@RegisterRestClient(configKey = "mercadopago")
@RegisterProvider(IdempotencyKeyFilter.class)
@Path("/point/integration-api")
@Produces(MediaType.APPLICATION_JSON)
public interface MercadoPagoPointApi {

    /** The seller's integrator: its token, its webhook and whether the webhook passed the challenge. */
    @GET
    @Path("/integrators")
    Uni<PointIntegrator> integrator(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    /** Registers the integrator webhook (204); it is not valid until {@link #checkWebhook} passed. */
    @PATCH
    @Path("/integrators")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Void> registerWebhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            PointWebhookRegistration webhook);

    /**
     * Has Mercado Pago challenge the registered webhook (204 when it answered right; 400
     * {@code webhook_validation_failed} otherwise, {@code member("message")} says why).
     */
    @POST
    @Path("/integrators/check")
    Uni<Void> checkWebhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey);

    /** A page of the seller's devices. */
    @GET
    @Path("/devices")
    Uni<PointDevices> devices(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("offset") int offset, @QueryParam("limit") int limit);

    /** Sets a device's operating mode; it takes effect when the device restarts. */
    @PATCH
    @Path("/devices/{deviceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<PointOperatingMode> setOperatingMode(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("deviceId") String deviceId, PointOperatingMode mode);

    /** Queues a payment intent on a device; the answer has no {@code state} (it is {@code OPEN}). */
    @POST
    @Path("/devices/{deviceId}/payment-intents")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<PaymentIntent> createPaymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, @PathParam("deviceId") String deviceId,
            PaymentIntentRequest intent);

    /** A payment intent, with its state and, once the device made it, its payment's id. */
    @GET
    @Path("/payment-intents/{id}")
    Uni<PaymentIntent> paymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String intentId);

    /** Cancels a payment intent the device has not fetched yet (409 once it has: cancel it on the device). */
    @DELETE
    @Path("/devices/{deviceId}/payment-intents/{id}")
    Uni<Void> cancelPaymentIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("deviceId") String deviceId, @PathParam("id") String intentId);

    /** The caller's payment intents that reached a final state on these UTC dates ({@code YYYY-MM-DD}, at most 30 days). */
    @GET
    @Path("/payment-intents/events")
    Uni<PaymentIntentEvents> paymentIntentEvents(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("startDate") String startDate, @QueryParam("endDate") String endDate);

    /** Queues a refund intent for a Point payment on the device that made it. */
    @POST
    @Path("/devices/{deviceId}/refund")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RefundIntent> createRefundIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeyFilter.HEADER) String idempotencyKey, @PathParam("deviceId") String deviceId,
            RefundIntentRequest refund);

    /** A refund intent, with its state. */
    @GET
    @Path("/refund/{id}")
    Uni<RefundIntent> refundIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String refundId);

    /** Cancels a refund intent the device has not fetched yet. */
    @DELETE
    @Path("/devices/{deviceId}/refund/{id}")
    Uni<Void> cancelRefundIntent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("deviceId") String deviceId, @PathParam("id") String refundId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return MercadoPagoErrors.fromResponse("/point/integration-api", response);
    }
}
