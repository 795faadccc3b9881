package dev.mpmarketplace.sandbox.mercadopago.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mpmarketplace.sandbox.mercadopago.customers.CustomersState;
import dev.mpmarketplace.sandbox.mercadopago.mercadolibre.MercadoLibreState;
import dev.mpmarketplace.sandbox.mercadopago.merchantorders.MerchantOrdersState;
import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthState;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsState;
import dev.mpmarketplace.sandbox.mercadopago.point.PointState;
import dev.mpmarketplace.sandbox.mercadopago.preferences.PreferencesState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhooksState;

/**
 * Everything the sandbox knows, as one object graph that is persisted as one JSON document. Every read and write of
 * it happens under its monitor ({@link dev.mpmarketplace.sandbox.mercadopago.SandboxContext#read},
 * {@link dev.mpmarketplace.sandbox.mercadopago.SandboxContext#write}); operations are in-memory and short, so one
 * lock keeps idempotency, refresh-token rotation and refund balances exact without per-resource locking.
 */
public final class SandboxState {
    public OAuthState oauth = new OAuthState();
    public PaymentsState payments = new PaymentsState();
    public CustomersState customers = new CustomersState();
    public PreferencesState preferences = new PreferencesState();
    public WebhooksState webhooks = new WebhooksState();
    public PointState point = new PointState();
    public MercadoLibreState mercadoLibre = new MercadoLibreState();
    public MerchantOrdersState merchantOrders = new MerchantOrdersState();
    /** How far the sandbox clock had been moved, so a restart keeps sandbox time. */
    public Duration clockOffset = Duration.ZERO;

    /** Every {@link EntityMap} of the state, in a fixed order: the state file writes them apart from the rest. */
    public List<EntityMap<?, ?>> entityMaps() {
        List<EntityMap<?, ?>> maps = new ArrayList<>();
        maps.addAll(payments.entityMaps());
        maps.addAll(webhooks.entityMaps());
        maps.addAll(point.entityMaps());
        maps.addAll(mercadoLibre.entityMaps());
        maps.addAll(merchantOrders.entityMaps());
        return maps;
    }

    /**
     * Tracks the changes of the entity maps (a persisted state) or not (in memory only, where nobody would take them).
     * Every entity counts as changed from then on.
     */
    public void track(boolean on) {
        entityMaps().forEach(map -> map.track(on));
    }

    /** Rebuilds derived data after the state was read from a file. */
    public void afterLoad() {
        webhooks.afterLoad();
    }
}
