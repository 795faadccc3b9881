package dev.mpmarketplace.mercadopago.client.mercadolibre;

import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;

/**
 * A seller's Mercado Libre orders, read with the seller's access token (one per call): every call bounded by
 * {@code mercadopago.client.timeout}, every failure a classified {@link MercadoPagoException}, retryable failures
 * (429 after its {@code Retry-After}, 5xx, timeouts, lost or refused connections) retried twice: a read has no effect.
 * A 404 ({@code NOT_FOUND}) may only mean that Mercado Libre notified before the order is readable.
 */
@ApplicationScoped
public class MercadoLibreOrders {

    public static final String GET = "GET /orders/{id}";

    private final MercadoLibreOrdersApi api;
    private final MercadoPagoClientConfig config;

    public MercadoLibreOrders(@RestClient MercadoLibreOrdersApi api, MercadoPagoClientConfig config) {
        this.api = api;
        this.config = config;
    }

    /** The order as Mercado Libre has it now. */
    @Retry(maxRetries = 2, delay = 200, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoLibreOrder> get(String accessToken, long orderId) {
        return api.get("Bearer " + accessToken, orderId)
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> MercadoPagoErrors.classify(GET, failure))
                .map(json -> MercadoLibreOrder.parse(GET, json));
    }
}
