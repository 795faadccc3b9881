package dev.mpmarketplace.point.service;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.point.client.IntegrationApiTerminal;
import dev.mpmarketplace.point.client.OrdersApiTerminal;
import dev.mpmarketplace.point.client.PointTerminal;

/** The adapter of each Mercado Pago API: the one place that chooses. */
@ApplicationScoped
public class PointTerminals {

    private final IntegrationApiTerminal integrationApi;
    private final OrdersApiTerminal ordersApi;

    public PointTerminals(IntegrationApiTerminal integrationApi, OrdersApiTerminal ordersApi) {
        this.integrationApi = integrationApi;
        this.ordersApi = ordersApi;
    }

    public PointTerminal of(PointAdapter adapter) {
        return switch (adapter) {
            case INTEGRATION_API -> integrationApi;
            case ORDERS_API -> ordersApi;
        };
    }
}
