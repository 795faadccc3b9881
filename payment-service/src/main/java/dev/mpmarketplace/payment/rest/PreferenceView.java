package dev.mpmarketplace.payment.rest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.payment.Preference;

/**
 * A preference as the API answers it (snake_case).
 *
 * @param id ours (also its {@code external_reference} at Mercado Pago)
 * @param sellerId the collector
 * @param state {@code created}, {@code unknown} (the create's outcome is not known: repeat the request with the same
 *        key), {@code submitting}, {@code refused}
 * @param mercadopagoPreferenceId Mercado Pago's id
 * @param initPoint the checkout page to send the buyer to
 * @param sandboxInitPoint the test checkout page
 * @param externalReference what Mercado Pago holds as external reference: our id
 * @param idempotencyKey the caller's key of the creation
 * @param dateCreated when the platform stored it
 * @param lastUpdated when the platform last changed it
 * @param payments our ids of the payments made on its checkout page (GET only)
 * @param mercadopago Mercado Pago's last answer about it, as received (items, payer, marketplace_fee, ...)
 * @param refusal the problem Mercado Pago's refusal made
 */
public record PreferenceView(UUID id, long sellerId, String state, String mercadopagoPreferenceId, String initPoint,
        String sandboxInitPoint, String externalReference, String idempotencyKey, OffsetDateTime dateCreated,
        OffsetDateTime lastUpdated, List<UUID> payments, JsonNode mercadopago, Map<String, Object> refusal) {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    static PreferenceView of(Preference preference, List<UUID> payments) {
        return new PreferenceView(preference.id(), preference.sellerId(), preference.state().word(),
                preference.mercadoPagoPreferenceId(), preference.initPoint(), preference.sandboxInitPoint(),
                preference.id().toString(), preference.idempotencyKey(), preference.createdAt(),
                preference.updatedAt(), payments, raw(preference.providerPreference()),
                Refusals.read(preference.refusal()));
    }

    private static JsonNode raw(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a kept answer is always JSON", e);
        }
    }
}
