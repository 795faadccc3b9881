package dev.mpmarketplace.orders;

/** Where an order comes from. */
public enum OrderOrigin {

    /** A Mercado Libre order: fetched from Mercado Libre with the seller's token; its status is Mercado Libre's. */
    MERCADOLIBRE,
    /**
     * The marketplace's own order (a checkout preference, an API payment, a Point sale): known only from its payments,
     * which share its {@code external_reference}; its status is what its payments add up to.
     */
    MARKETPLACE
}
