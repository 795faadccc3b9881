package dev.mpmarketplace.ingest.service;

/** The endpoint a notification arrived on; the {@code source} tag of the metrics. */
public enum NotificationSource {
    /** Mercado Pago Webhooks and IPN, {@code POST /webhooks/mercadopago}. */
    MERCADOPAGO("mercadopago"),
    /** The Mercado Libre feed, {@code POST /webhooks/mercadolibre}. */
    MERCADOLIBRE("mercadolibre"),
    /** The Point integrator webhook, {@code POST /webhooks/point}. */
    POINT("point");

    private final String label;

    NotificationSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
