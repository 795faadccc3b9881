package dev.mpmarketplace.mercadopago.client.payments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

/**
 * One page of a payment search: {@code {"paging":{"total","limit","offset"},"results":[payment...]}}.
 *
 * @param total how many payments match in all
 * @param offset where this page starts
 * @param results the payments of this page
 */
public record PaymentSearchPage(long total, int offset, List<MercadoPagoPayment> results) {

    public PaymentSearchPage {
        results = List.copyOf(results);
    }

    /** Reads a search answer; kind {@code INVALID_RESPONSE} when it is not one. */
    public static PaymentSearchPage parse(String operation, String json) {
        JsonNode node;
        try {
            node = MercadoPagoPayment.JSON.readTree(json);
        } catch (IOException e) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not JSON", e);
        }
        if (node == null || !node.path("results").isArray()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a search result", null);
        }
        List<MercadoPagoPayment> results = new ArrayList<>();
        for (JsonNode payment : node.get("results")) {
            results.add(MercadoPagoPayment.of(operation, payment));
        }
        JsonNode paging = node.path("paging");
        return new PaymentSearchPage(paging.path("total").asLong(results.size()), paging.path("offset").asInt(0),
                results);
    }

    /** Whether pages follow this one. */
    public boolean hasMore() {
        return offset + results.size() < total && !results.isEmpty();
    }
}
