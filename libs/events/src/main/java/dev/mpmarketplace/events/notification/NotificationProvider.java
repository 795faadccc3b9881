package dev.mpmarketplace.events.notification;

/** Who sent a notification: the provider segment of its CloudEvents type. */
public enum NotificationProvider {

    /** Mercado Pago: Webhooks, legacy IPN and the Point integrator webhook. */
    MERCADO_PAGO("mercadopago"),
    /** The Mercado Libre notifications feed. */
    MERCADO_LIBRE("mercadolibre");

    private final String label;

    NotificationProvider(String label) {
        this.label = label;
    }

    /** The type segment, e.g. {@code mercadopago}. */
    public String label() {
        return label;
    }
}
