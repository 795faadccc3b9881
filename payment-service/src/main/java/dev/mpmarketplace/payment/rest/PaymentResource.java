package dev.mpmarketplace.payment.rest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.payment.PaymentStatus;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.payment.service.PaymentCreation;
import dev.mpmarketplace.payment.service.PaymentOperations;
import dev.mpmarketplace.payment.service.PaymentProblems;
import dev.mpmarketplace.payment.service.PaymentQueries;
import dev.mpmarketplace.payment.service.PaymentRequests;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.problem.Problem;

/**
 * The payments API for the marketplace's backends: every operation needs a bearer token with its role. Errors are
 * RFC 9457 problems ({@code application/problem+json}).
 * <p>
 * The writes run their use case {@linkplain CallerContext#detached detached} from the request: each of its short
 * transactions takes a pooled connection of its own and gives it back at once (the request's session would hold one
 * across the call to Mercado Pago), and a caller that hangs up does not cut a payment between its claim and its
 * apply.
 */
@Path("/payments")
@Tag(name = "Payments")
@SecurityRequirement(name = "SecurityScheme")
public class PaymentResource {

    /** The IETF draft's header (draft-ietf-httpapi-idempotency-key-header). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Set on an answer that repeats the first result of an idempotency key. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private final PaymentCreation creation;
    private final PaymentOperations operations;
    private final PaymentQueries queries;
    private final PaymentConfig config;

    public PaymentResource(PaymentCreation creation, PaymentOperations operations, PaymentQueries queries,
            PaymentConfig config) {
        this.creation = creation;
        this.operations = operations;
        this.queries = queries;
        this.config = config;
    }

    @POST
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Create a payment for a linked seller", description = "Mercado Pago's own payment fields "
            + "(snake_case) plus seller_id and currency_id. The same Idempotency-Key with the same request answers "
            + "the first result; with another request 409.")
    @APIResponse(responseCode = "201", description = "Mercado Pago answered (approved, rejected, pending, ...)")
    @APIResponse(responseCode = "202", description = "The outcome is unknown for now; the payment's status follows")
    @APIResponse(responseCode = "400", description = "invalid-request, idempotency-key-missing")
    @APIResponse(responseCode = "409", description = "idempotency-key-reused, request-in-progress, seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused, with Mercado Pago's cause codes")
    @APIResponse(responseCode = "503", description = "mercadopago-unavailable or seller-tokens-unavailable: nothing"
            + " happened; retry with the same Idempotency-Key")
    public Uni<Response> create(
            @Parameter(description = "1 to 255 visible ASCII characters") @HeaderParam(IDEMPOTENCY_KEY) String key,
            JsonNode body) {
        String idempotencyKey = PaymentRequests.idempotencyKey(key);
        var request = PaymentRequests.read(body, false);
        return CallerContext.detached(() -> creation.create(request, idempotencyKey)).map(created -> {
            Response.ResponseBuilder response = Response.status(created.pending() ? 202 : 201)
                    .location(URI.create("/payments/" + created.payment().id))
                    .entity(PaymentView.of(created.payment(), null, null, null));
            if (created.replayed()) {
                response.header(REPLAYED, "true");
            }
            return response.build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A payment with its status timeline, refunds and operations")
    @APIResponse(responseCode = "200", description = "The payment")
    @APIResponse(responseCode = "404", description = "payment-not-found")
    public Uni<PaymentView> payment(@PathParam("id") String id) {
        return queries.payment(PaymentRequests.paymentId(id));
    }

    @GET
    @Path("/{id}/mercadopago")
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Mercado Pago's last applied answer about the payment, exactly as received")
    @APIResponse(responseCode = "200", description = "The raw answer")
    @APIResponse(responseCode = "204", description = "Mercado Pago has said nothing about it yet")
    @APIResponse(responseCode = "404", description = "payment-not-found")
    public Uni<Response> mercadoPagoAnswer(@PathParam("id") String id) {
        return queries.mercadoPagoAnswer(PaymentRequests.paymentId(id))
                .map(raw -> raw.map(json -> Response.ok(json, MediaType.APPLICATION_JSON))
                        .orElseGet(Response::noContent).build());
    }

    @GET
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Payments, newest first, each with its status timeline", description = "Keyset paging: "
            + "pass the answer's next as after for the next page.")
    @APIResponse(responseCode = "200", description = "{\"payments\":[...],\"next\":\"...\"}")
    @APIResponse(responseCode = "400", description = "invalid-request")
    public Uni<Map<String, Object>> payments(@QueryParam("seller") Long seller, @QueryParam("status") String status,
            @Parameter(description = "ISO-8601 with offset; created at or after") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 with offset; created before") @QueryParam("to") String to,
            @QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        int size = limit == null ? 20 : limit;
        if (size < 1 || size > config.api().maxPageSize()) {
            throw PaymentProblems.invalidRequest("limit must be 1 to " + config.api().maxPageSize());
        }
        Optional<PaymentStatus> statusFilter = Optional.ofNullable(status).map(word -> PaymentStatus.ofWord(word)
                .orElseThrow(() -> PaymentProblems.invalidRequest("status is not a payment status")));
        return queries.page(Optional.ofNullable(seller), statusFilter, date("from", from), date("to", to),
                Optional.ofNullable(after).map(PaymentResource::keyset), size).map(page -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("payments", page.payments());
                    if (page.next() != null) {
                        body.put("next", cursor(page.next()));
                    }
                    return body;
                });
    }

    @POST
    @Path("/{id}/capture")
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Capture an authorized payment", description = "Body {} (all of it) or {\"amount\": n}.")
    @APIResponse(responseCode = "200", description = "Captured")
    @APIResponse(responseCode = "202", description = "The outcome is unknown for now; it is resolved by asking")
    @APIResponse(responseCode = "409", description = "payment-not-capturable, amount-exceeds-payment, "
            + "idempotency-key-reused, request-in-progress, seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused")
    public Uni<Response> capture(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key,
            JsonNode body) {
        String idempotencyKey = PaymentRequests.idempotencyKey(key);
        var paymentId = PaymentRequests.paymentId(id);
        var amount = amount(body);
        return CallerContext.detached(() -> operations.capture(paymentId, amount, idempotencyKey))
                .map(result -> answer(result, 200));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Cancel a pending, in-process or authorized payment")
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "202", description = "The outcome is unknown for now; it is resolved by asking")
    @APIResponse(responseCode = "409", description = "payment-not-cancellable, idempotency-key-reused, "
            + "request-in-progress, seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused")
    public Uni<Response> cancel(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key) {
        String idempotencyKey = PaymentRequests.idempotencyKey(key);
        var paymentId = PaymentRequests.paymentId(id);
        return CallerContext.detached(() -> operations.cancel(paymentId, idempotencyKey))
                .map(result -> answer(result, 200));
    }

    @POST
    @Path("/{id}/refunds")
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Refund an approved payment", description = "Body {} (what remains) or {\"amount\": n}; "
            + "several partial refunds, each with its own Idempotency-Key, up to the amount.")
    @APIResponse(responseCode = "201", description = "Refunded")
    @APIResponse(responseCode = "202", description = "The outcome is unknown for now; it is resolved by asking")
    @APIResponse(responseCode = "409", description = "payment-not-refundable, amount-exceeds-payment, "
            + "idempotency-key-reused, request-in-progress, seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused")
    public Uni<Response> refund(@PathParam("id") String id, @HeaderParam(IDEMPOTENCY_KEY) String key,
            JsonNode body) {
        String idempotencyKey = PaymentRequests.idempotencyKey(key);
        var paymentId = PaymentRequests.paymentId(id);
        var amount = amount(body);
        return CallerContext.detached(() -> operations.refund(paymentId, amount, idempotencyKey))
                .map(result -> answer(result, 201));
    }

    private static Response answer(PaymentOperations.Result result, int doneStatus) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", PaymentView.OperationView.of(result.operation()));
        body.put("payment", PaymentView.of(result.payment(), null, null, null));
        Response.ResponseBuilder response = Response.status(result.pending() ? 202 : doneStatus).entity(body);
        if (result.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    private static java.math.BigDecimal amount(JsonNode body) {
        if (body == null || body.isNull() || body.isObject() && !body.has("amount")) {
            return null;
        }
        JsonNode amount = body.isObject() ? body.get("amount") : null;
        if (amount == null || !amount.isNumber()) {
            throw PaymentProblems.invalidRequest("the body is {} or {\"amount\": a number greater than 0}");
        }
        return PaymentRequests.amount(amount.decimalValue());
    }

    private static Optional<OffsetDateTime> date(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value));
        } catch (DateTimeParseException e) {
            throw PaymentProblems.invalidRequest(name + " must be an ISO-8601 date-time with an offset");
        }
    }

    static String cursor(PaymentRepository.Keyset keyset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (keyset.createdAt() + "|" + keyset.id()).getBytes(StandardCharsets.UTF_8));
    }

    static PaymentRepository.Keyset keyset(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new PaymentRepository.Keyset(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw PaymentProblems.invalidRequest("after is not a cursor this API gave");
        }
    }
}
