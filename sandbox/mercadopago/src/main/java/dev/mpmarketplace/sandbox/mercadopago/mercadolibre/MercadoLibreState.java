package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.mpmarketplace.sandbox.mercadopago.state.EntityMap;

/** The Mercado Libre part of the sandbox state: orders. Guarded by the sandbox state's lock; persisted as JSON. */
public final class MercadoLibreState {
    @JsonIgnore
    public final EntityMap<Long, MlOrder> orders = EntityMap.byLong("mercadolibre_orders", MlOrder.class);
    /** Mercado Libre order ids are 16-digit numbers. */
    public long nextOrderId = 2_000_004_912_352_524L;

    /** The entity maps of this part, for the state file. */
    public List<EntityMap<?, ?>> entityMaps() {
        return List.of(orders);
    }
}
