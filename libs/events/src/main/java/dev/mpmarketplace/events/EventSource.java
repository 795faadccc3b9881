package dev.mpmarketplace.events;

import java.net.URI;

/** The CloudEvents {@code source} of each service: the service that states the fact. */
public enum EventSource {
    NOTIFICATION_INGEST("/notification-ingest-service"),
    SELLER_LINKING("/seller-linking-service"),
    PAYMENT("/payment-service"),
    POINT("/point-service"),
    ORDER_PROJECTION("/order-projection-service");

    private final URI uri;

    EventSource(String uri) {
        this.uri = URI.create(uri);
    }

    public URI uri() {
        return uri;
    }
}
