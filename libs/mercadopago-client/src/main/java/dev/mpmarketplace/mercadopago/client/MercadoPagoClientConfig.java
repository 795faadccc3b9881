package dev.mpmarketplace.mercadopago.client;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the Mercado Pago client ({@code mercadopago.client.*}). The base URL is
 * {@code mercadopago.base-url} (default {@code https://api.mercadopago.com}), which the REST clients
 * {@code mercadopago} and {@code mercadopago-oauth} use.
 */
@ConfigMapping(prefix = "mercadopago.client")
public interface MercadoPagoClientConfig {

    /**
     * How long one call may take before its outcome is unknown ({@code TIMEOUT}). Default 10 seconds, shorter than
     * the REST client's own read timeout, so this is the one that decides.
     */
    @WithDefault("10S")
    Duration timeout();

    /** How long one {@code /oauth/token} call may take. Default 10 seconds. */
    @WithDefault("10S")
    Duration oauthTimeout();
}
