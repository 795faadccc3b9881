package dev.mpmarketplace.point.rest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.service.IntentCancellation;
import dev.mpmarketplace.point.service.IntentCreation;
import dev.mpmarketplace.point.service.IntentQueries;
import dev.mpmarketplace.point.service.IntentRefunds;
import dev.mpmarketplace.point.service.IntentRequest;
import dev.mpmarketplace.point.service.PointProblems;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Payment and refund intents: create on a device ({@code point:operate}, idempotent by the {@code Idempotency-Key}
 * header), read one with its timeline and list them ({@code point:read}), cancel and refund ({@code point:operate}).
 * A new intent answers 201; the same key again answers the same intent with 200 (or the same problem); an intent
 * whose creation had no answer from Mercado Pago answers 202 {@code PENDING}, settled by asking, never queued twice.
 */
@Path("/intents")
@Produces(MediaType.APPLICATION_JSON)
public class IntentResource {

    private static final int MAX_PAGE = 200;

    private final IntentCreation creation;
    private final IntentRefunds refunds;
    private final IntentCancellation cancellation;
    private final IntentQueries queries;
    private final PointConfig config;

    public IntentResource(IntentCreation creation, IntentRefunds refunds, IntentCancellation cancellation,
            IntentQueries queries, PointConfig config) {
        this.creation = creation;
        this.refunds = refunds;
        this.cancellation = cancellation;
        this.queries = queries;
        this.config = config;
    }

    /** {@code POST /intents}. */
    public record CreateIntent(Long sellerId, String deviceId, BigDecimal amount, String description,
            String externalReference, Integer installments, String paymentType) {
    }

    /** A page of intents; {@code next} is the cursor of the next page ({@code after}), absent on the last. */
    public record IntentPage(List<IntentView> intents, String next) {
    }

    @POST
    @RolesAllowed(Roles.POINT_OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a payment intent on a seller's Point device (idempotent by the Idempotency-Key header)")
    @APIResponse(responseCode = "201", description = "Queued on the device (OPEN)")
    @APIResponse(responseCode = "200", description = "The intent this Idempotency-Key made before")
    @APIResponse(responseCode = "202", description = "Mercado Pago did not answer: PENDING, settled by asking")
    @APIResponse(responseCode = "409", description = "device-busy (names the queued intent and whether it may "
            + "still be cancelled), idempotency-key-reused, point-not-enabled, seller-not-linked, or refused")
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String idempotencyKey, CreateIntent body) {
        if (body == null) {
            return Uni.createFrom().failure(PointProblems.invalid("a JSON body is required"));
        }
        IntentRequest request = new IntentRequest(body.sellerId() == null ? 0 : body.sellerId(), body.deviceId(),
                body.amount(), body.description(), body.externalReference(), body.installments(),
                body.paymentType());
        return Uni.createFrom().deferred(() -> creation.create(request, idempotencyKey, IntentChange.Source.API,
                null)).map(this::answer);
    }

    @GET
    @RolesAllowed(Roles.POINT_READ)
    @Path("{id}")
    @Operation(summary = "An intent: its state, timeline (each change with its source), payment and refunds")
    public Uni<IntentView> get(@PathParam("id") String id) {
        return queries.get(uuid(id)).map(IntentView::of);
    }

    @GET
    @RolesAllowed(Roles.POINT_READ)
    @Operation(summary = "Intents, newest first, by seller, device and state; keyset paging with 'after'")
    public Uni<IntentPage> list(@QueryParam("seller") Long seller, @QueryParam("device") String device,
            @QueryParam("state") String state, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Uni.createFrom().failure(PointProblems.invalid("limit is from 1 to " + MAX_PAGE));
        }
        PointIntentState wanted;
        try {
            wanted = state == null || state.isBlank() ? null : PointIntentState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(PointProblems.invalid("state is one of the intent states (OPEN, "
                    + "ON_TERMINAL, FINISHED, ...)"));
        }
        return queries.page(seller, device == null || device.isBlank() ? null : device, wanted, after, limit)
                .map(page -> new IntentPage(page.intents().stream().map(IntentView::of).toList(), page.next()));
    }

    @POST
    @RolesAllowed(Roles.POINT_OPERATE)
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an intent the device has not picked up; afterwards it must be cancelled on the device")
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "202", description = "Orders API at the terminal: asked of the device")
    @APIResponse(responseCode = "409", description = "cancel-on-device, intent-final or intent-pending")
    public Uni<Response> cancel(@PathParam("id") String id) {
        return cancellation.cancel(uuid(id)).map(done -> Response.status(done.requested() ? 202 : 200)
                .entity(IntentView.of(done.intent())).build());
    }

    @POST
    @RolesAllowed(Roles.POINT_OPERATE)
    @Path("{id}/refund")
    @Operation(summary = "Refund the payment of a finished payment intent (idempotent by the Idempotency-Key header)")
    @APIResponse(responseCode = "201", description = "The refund intent")
    @APIResponse(responseCode = "409", description = "not-refundable, device-busy, idempotency-key-reused")
    public Uni<Response> refund(@PathParam("id") String id, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        UUID paymentIntent = uuid(id);
        return Uni.createFrom().deferred(() -> refunds.refund(paymentIntent, idempotencyKey, IntentChange.Source.API))
                .map(this::answer);
    }

    private Response answer(IntentCreation.Created created) {
        if (created.occupant() != null) {
            throw PointProblems.deviceBusy(created.intent().deviceId, created.occupant(), null,
                    IntentCancellation.cancellableAtTerminal(created.occupant(), config));
        }
        var intent = created.intent();
        if (intent.state == PointIntentState.REFUSED) {
            throw PointProblems.refused(intent);
        }
        int status = intent.state == PointIntentState.PENDING ? 202 : created.isNew() ? 201 : 200;
        return Response.status(status).entity(IntentView.of(intent))
                .header("Location", "/intents/" + intent.id).build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("intent-not-found", "an intent id is a UUID");
        }
    }
}
