package dev.mpmarketplace.mercadopago.client.preferences;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;

/**
 * A Checkout Pro preference as Mercado Pago answered it (reference section 3): what the platform keeps typed, and the
 * whole answer as received ({@link #raw()}).
 *
 * @param id Mercado Pago's preference id ({@code <collector_id>-<uuid>})
 * @param collectorId the seller it belongs to
 * @param externalReference what the creator put there (for the platform's preferences: its own preference id)
 * @param initPoint the checkout page to send the buyer to
 * @param sandboxInitPoint the test checkout page
 * @param totalAmount the items' total
 * @param marketplaceFee the marketplace's fee on every payment of the preference
 * @param dateCreated when Mercado Pago created it
 * @param lastUpdated when Mercado Pago last changed it ({@code null} before the first update)
 * @param raw the answer as received (JSON text)
 */
public record MercadoPagoPreference(String id, Long collectorId, String externalReference, String initPoint,
        String sandboxInitPoint, BigDecimal totalAmount, BigDecimal marketplaceFee, OffsetDateTime dateCreated,
        OffsetDateTime lastUpdated, String raw) {

    /**
     * Reads a preference answer.
     *
     * @throws MercadoPagoException of kind {@code INVALID_RESPONSE} when the text is not a preference (no textual
     *         {@code id} or no {@code init_point})
     */
    public static MercadoPagoPreference parse(String operation, String json) {
        JsonNode node = MercadoPagoJson.read(operation, json);
        if (!node.isObject() || !node.path("id").isTextual() || node.path("id").asText().isBlank()
                || !node.path("init_point").isTextual()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a preference", null);
        }
        return new MercadoPagoPreference(node.get("id").asText(), MercadoPagoJson.longOrNull(node.get("collector_id")),
                MercadoPagoJson.text(node.get("external_reference")), node.get("init_point").asText(),
                MercadoPagoJson.text(node.get("sandbox_init_point")),
                MercadoPagoJson.decimal(node.get("total_amount")),
                MercadoPagoJson.decimal(node.get("marketplace_fee")),
                MercadoPagoJson.date(node.get("date_created")), MercadoPagoJson.date(node.get("last_updated")), json);
    }

    @Override
    public String toString() {
        // The raw answer names the payer: never in a log line through toString.
        return "MercadoPagoPreference[id=" + id + ", collector_id=" + collectorId + "]";
    }
}
