package dev.mpmarketplace.payment.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCard;
import dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCustomer;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.service.PaymentProblems;
import dev.mpmarketplace.payment.service.SellerCustomers;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.problem.Problem;

/**
 * A linked seller's customers and saved cards at Mercado Pago. Answers are Mercado Pago's customer and card resources
 * as it gave them. Paying with a saved card goes through {@code POST /payments} ({@code payer.type=customer}).
 */
@Path("/sellers/{seller_id}/customers")
@Tag(name = "Customers and cards")
@SecurityRequirement(name = "SecurityScheme")
public class CustomerResource {

    private final SellerCustomers customers;
    private final PaymentConfig config;

    public CustomerResource(SellerCustomers customers, PaymentConfig config) {
        this.customers = customers;
        this.config = config;
    }

    @POST
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Create a customer of the seller's", description = "Mercado Pago's customer fields (email "
            + "required). An e-mail the seller already has a customer for answers that customer (200); repeating "
            + "the request is harmless, so no Idempotency-Key is needed.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "The customer the seller already had for the e-mail")
    @APIResponse(responseCode = "409", description = "seller-not-linked")
    @APIResponse(responseCode = "422", description = "mercadopago-refused, with Mercado Pago's cause codes")
    @APIResponse(responseCode = "503", description = "mercadopago-unavailable")
    @APIResponse(responseCode = "504", description = "mercadopago-outcome-unknown: repeat the request")
    public Uni<Response> create(@PathParam("seller_id") long sellerId, JsonNode body) {
        ObjectNode customer = object(body, "the customer must be a JSON object");
        return CallerContext.detached(() -> customers.create(sellerId, customer))
                .map(result -> Response.status(result.created() ? 201 : 200)
                        .entity(result.customer().resource()).build());
    }

    @GET
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The seller's customers, with the e-mail given", description = "limit 1-100 (10), offset.")
    @APIResponse(responseCode = "200", description = "{\"customers\":[...],\"total\":n}")
    public Uni<Map<String, Object>> search(@PathParam("seller_id") long sellerId, @QueryParam("email") String email,
            @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int size = limit == null ? 10 : limit;
        int from = offset == null ? 0 : offset;
        if (size < 1 || size > config.api().maxPageSize() || from < 0) {
            throw PaymentProblems.invalidRequest("limit must be 1 to " + config.api().maxPageSize()
                    + " and offset at least 0");
        }
        return customers.search(sellerId, email, size, from).map(page -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("customers", page.customers().stream().map(MercadoPagoCustomer::resource).toList());
            answer.put("total", page.total());
            return answer;
        });
    }

    @GET
    @Path("/{customer_id}")
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "A customer of the seller's, with its cards")
    @APIResponse(responseCode = "200", description = "The customer")
    @APIResponse(responseCode = "404", description = "customer-not-found")
    public Uni<JsonNode> customer(@PathParam("seller_id") long sellerId, @PathParam("customer_id") String customerId) {
        return customers.get(sellerId, customerId).map(MercadoPagoCustomer::resource);
    }

    @GET
    @Path("/{customer_id}/cards")
    @RolesAllowed(Roles.PAYMENTS_READ)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "The customer's saved cards")
    @APIResponse(responseCode = "200", description = "{\"cards\":[...]}")
    @APIResponse(responseCode = "404", description = "customer-not-found")
    public Uni<Map<String, Object>> cards(@PathParam("seller_id") long sellerId,
            @PathParam("customer_id") String customerId) {
        return customers.cards(sellerId, customerId)
                .map(cards -> Map.of("cards", cards.stream().map(MercadoPagoCard::resource).toList()));
    }

    @POST
    @Path("/{customer_id}/cards")
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Save a card from a card token", description = "{\"token\": a card token made with the "
            + "seller's public key}, optionally payment_method_id and issuer_id. A card the customer already has is "
            + "answered as it is.")
    @APIResponse(responseCode = "200", description = "The saved card")
    @APIResponse(responseCode = "404", description = "customer-not-found")
    @APIResponse(responseCode = "422", description = "mercadopago-refused (119 no token, 121/122 invalid or used "
            + "token, 129 ten cards already, 140 another owner's token, ...)")
    @APIResponse(responseCode = "504", description = "mercadopago-outcome-unknown: list the cards")
    public Uni<JsonNode> saveCard(@PathParam("seller_id") long sellerId, @PathParam("customer_id") String customerId,
            JsonNode body) {
        ObjectNode card = object(body, "the card must be a JSON object: {\"token\": ...}");
        return CallerContext.detached(() -> customers.saveCard(sellerId, customerId, card))
                .map(MercadoPagoCard::resource);
    }

    @DELETE
    @Path("/{customer_id}/cards/{card_id}")
    @RolesAllowed(Roles.PAYMENTS_WRITE)
    @Produces(Problem.MEDIA_TYPE)
    @Operation(summary = "Delete a saved card")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "customer-not-found, card-not-found")
    public Uni<Response> deleteCard(@PathParam("seller_id") long sellerId,
            @PathParam("customer_id") String customerId, @PathParam("card_id") String cardId) {
        return CallerContext.detached(() -> customers.deleteCard(sellerId, customerId, cardId))
                .map(deleted -> Response.noContent().build());
    }

    private static ObjectNode object(JsonNode body, String detail) {
        if (body == null || !body.isObject()) {
            throw PaymentProblems.invalidRequest(detail);
        }
        return (ObjectNode) body;
    }
}
