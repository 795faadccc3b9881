package dev.mpmarketplace.payment.client;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.preferences.MercadoPagoPreference;
import dev.mpmarketplace.mercadopago.client.preferences.MercadoPagoPreferences;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * The service's way to libs/mercadopago-client's {@link MercadoPagoPreferences}, each answer delivered back on the
 * calling Vert.x context (as {@link PaymentsAtMercadoPago}).
 */
@ApplicationScoped
public class PreferencesAtMercadoPago {

    private final MercadoPagoPreferences preferences;

    public PreferencesAtMercadoPago(MercadoPagoPreferences preferences) {
        this.preferences = preferences;
    }

    public Uni<MercadoPagoPreference> create(String accessToken, String idempotencyKey, String body) {
        return CallerContext.resume(preferences.create(accessToken, idempotencyKey, body));
    }

    public Uni<MercadoPagoPreference> update(String accessToken, String preferenceId, String body) {
        return CallerContext.resume(preferences.update(accessToken, preferenceId, body));
    }

    public Uni<MercadoPagoPreference> get(String accessToken, String preferenceId) {
        return CallerContext.resume(preferences.get(accessToken, preferenceId));
    }

    public Uni<List<String>> findByExternalReference(String accessToken, String externalReference) {
        return CallerContext.resume(preferences.findByExternalReference(accessToken, externalReference));
    }
}
