package dev.mpmarketplace.point.service;

import java.util.Map;

/** The currency of each Mercado Pago site (ISO 4217): what a seller's Integration API amounts are in. */
final class Sites {

    private static final Map<String, String> CURRENCY = Map.of("MLA", "ARS", "MLB", "BRL", "MLM", "MXN", "MLC", "CLP",
            "MCO", "COP", "MPE", "PEN", "MLU", "UYU");

    private Sites() {
    }

    /** The site's currency, or null for a site this service does not know. */
    static String currencyOf(String siteId) {
        return siteId == null ? null : CURRENCY.get(siteId);
    }
}
