package dev.mpmarketplace.sandbox.mercadopago.merchantorders;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.mpmarketplace.sandbox.mercadopago.state.EntityMap;

/** The merchant orders part of the sandbox state. Guarded by the state's lock; persisted as JSON. */
public final class MerchantOrdersState {
    @JsonIgnore
    public final EntityMap<Long, MerchantOrder> orders = EntityMap.byLong("merchant_orders", MerchantOrder.class);
    /** Merchant order id by preference id: one merchant order per preference. */
    @JsonIgnore
    public final EntityMap<String, Long> byPreference = EntityMap.byString("merchant_orders_by_preference",
            Long.class);
    /** Merchant order ids are 11-digit numbers. */
    public long nextId = 29_622_218_613L;

    /** The entity maps of this part, for the state file. */
    public List<EntityMap<?, ?>> entityMaps() {
        return List.of(orders, byPreference);
    }
}
