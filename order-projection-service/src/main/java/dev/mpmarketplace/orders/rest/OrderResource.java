package dev.mpmarketplace.orders.rest;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.orders.OrderStatus;
import dev.mpmarketplace.orders.config.OrdersConfig;
import dev.mpmarketplace.orders.service.OrderQueries;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * The order read model for the marketplace's backends: every operation needs a bearer token with the role
 * {@value Roles#ORDERS_READ}. Errors are RFC 9457 problems ({@code application/problem+json}).
 */
@Path("/")
@Tag(name = "Orders")
@SecurityRequirement(name = "SecurityScheme")
public class OrderResource {

    static final String INVALID_REQUEST = "invalid-request";
    static final String ORDER_NOT_FOUND = "order-not-found";
    private static final Pattern TAG = Pattern.compile("[a-z0-9_]{1,64}");

    private final OrderQueries queries;
    private final OrdersConfig config;

    public OrderResource(OrderQueries queries, OrdersConfig config) {
        this.queries = queries;
        this.config = config;
    }

    @GET
    @Path("orders/{id}")
    @RolesAllowed(Roles.ORDERS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "An order with its payments and refunds", description = "Also an order the seller cannot "
            + "see yet (visible_to_seller false: Mercado Pago's mandatory payment is awaited).")
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "400", description = "invalid-request: the id is not an order id")
    @APIResponse(responseCode = "404", description = "order-not-found")
    public Uni<OrderView> order(
            @Parameter(description = "The platform's order id (a UUID)") @PathParam("id") String id) {
        UUID orderId = orderId(id);
        return queries.order(orderId).map(found -> found
                .map(full -> OrderView.of(full.order(), full.payments(), full.refunds()))
                .orElseThrow(() -> notFound(orderId)));
    }

    @GET
    @Path("orders/{id}/timeline")
    @RolesAllowed(Roles.ORDERS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "An order's timeline: every change, in the order applied, with the event that caused it")
    @APIResponse(responseCode = "200", description = "{\"order_id\":\"...\",\"entries\":[...]}")
    @APIResponse(responseCode = "400", description = "invalid-request: the id is not an order id")
    @APIResponse(responseCode = "404", description = "order-not-found")
    public Uni<Map<String, Object>> timeline(@PathParam("id") String id) {
        UUID orderId = orderId(id);
        return queries.timeline(orderId).map(found -> {
            List<OrderView.Entry> entries = found.orElseThrow(() -> notFound(orderId)).stream()
                    .map(OrderView.Entry::of).toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("order_id", orderId.toString());
            body.put("entries", entries);
            return body;
        });
    }

    @GET
    @Path("sellers/{sellerId}/orders")
    @RolesAllowed(Roles.ORDERS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A seller's orders, newest first, as the seller may see them", description = "Orders "
            + "awaiting Mercado Pago's mandatory payment are not listed. Keyset paging: pass the answer's next as "
            + "after for the next page.")
    @APIResponse(responseCode = "200", description = "{\"orders\":[...],\"next\":\"...\"}")
    @APIResponse(responseCode = "400", description = "invalid-request")
    public Uni<Map<String, Object>> sellerOrders(@PathParam("sellerId") String sellerId,
            @Parameter(description = "An order status: paid, confirmed, cancelled, ...") @QueryParam("status") String status,
            @Parameter(description = "ISO-8601 with offset; created at or after") @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 with offset; created before") @QueryParam("to") String to,
            @Parameter(description = "Only orders with this tag (e.g. paid, unfulfilled)") @QueryParam("tag") String tag,
            @QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        long seller = sellerId(sellerId);
        int size = limit == null ? config.api().defaultPageSize() : limit;
        if (size < 1 || size > config.api().maxPageSize()) {
            throw invalid("limit must be 1 to " + config.api().maxPageSize());
        }
        Optional<OrderStatus> statusFilter = Optional.ofNullable(status).map(word -> OrderStatus.of(word)
                .orElseThrow(() -> invalid("status is not an order status")));
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw invalid("tag is 1 to 64 of a-z, 0-9 and _");
        }
        OrderQueries.Filter filter = new OrderQueries.Filter(seller, statusFilter, date("from", from),
                date("to", to), Optional.ofNullable(tag));
        return queries.sellerOrders(filter, Optional.ofNullable(after).map(OrderResource::keyset), size)
                .map(page -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("orders", page.orders().stream()
                            .map(full -> OrderView.of(full.order(), full.payments(), full.refunds())).toList());
                    if (page.next() != null) {
                        body.put("next", cursor(page.next()));
                    }
                    return body;
                });
    }

    private static UUID orderId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw invalid("the order id is a UUID");
        }
    }

    private static long sellerId(String id) {
        try {
            long seller = Long.parseLong(id);
            if (seller <= 0) {
                throw invalid("the seller id is a positive number");
            }
            return seller;
        } catch (NumberFormatException e) {
            throw invalid("the seller id is a positive number");
        }
    }

    private static Optional<OffsetDateTime> date(String name, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value));
        } catch (DateTimeParseException e) {
            throw invalid(name + " is an ISO-8601 date-time with offset");
        }
    }

    static String cursor(OrderQueries.Keyset keyset) {
        String plain = keyset.dateCreated().toInstant() + "|" + keyset.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static OrderQueries.Keyset keyset(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            return new OrderQueries.Keyset(OffsetDateTime.parse(plain.substring(0, bar)),
                    UUID.fromString(plain.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw invalid("after is not a cursor this API gave");
        }
    }

    private static ProblemException invalid(String detail) {
        return ProblemException.badRequest(INVALID_REQUEST, detail);
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound(ORDER_NOT_FOUND, "no order " + id);
    }
}
