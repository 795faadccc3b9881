package dev.mpmarketplace.linking.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of seller-linking-service ({@code linking.*}); docs/services/seller-linking-service.md lists it too.
 * Where the tokens live is the shared {@code seller-tokens.*} (libs/seller-tokens), the outbox relay's is
 * {@code outbox.*} (libs/outbox), and the Mercado Pago client's timeouts {@code mercadopago.client.*}.
 */
@ConfigMapping(prefix = "linking")
public interface LinkingConfig {

    /** The marketplace's Mercado Pago application. */
    MercadoPago mercadopago();

    /** The linking redirect dance. */
    Link link();

    /** The refresh sweep. */
    Refresh refresh();

    /** Creating Mercado Pago test users ({@code POST /test-users}). */
    TestUsers testUsers();

    interface TestUsers {
        /** Whether {@code POST /test-users} works (sandboxes and demos); off, it answers 404. Default off. */
        @WithDefault("false")
        boolean enabled();
    }

    interface MercadoPago {
        /** The application id ({@code client_id}). Required; env {@code LINKING_MERCADOPAGO_CLIENT_ID}. */
        String clientId();

        /** The application secret. Required; env {@code LINKING_MERCADOPAGO_CLIENT_SECRET}; never logged. */
        String clientSecret();

        /**
         * The consent page. Default {@code https://auth.mercadopago.com/authorization}.
         */
        @WithDefault("https://auth.mercadopago.com/authorization")
        String authorizationUrl();

        /**
         * The redirect URL registered on the application; this service's {@code /oauth/callback}. Default
         * {@code http://127.0.0.1:8082/oauth/callback} (the local run).
         */
        @WithDefault("http://127.0.0.1:8082/oauth/callback")
        String redirectUri();
    }

    interface Link {
        /**
         * The address at which sellers' browsers reach this service: the single-use link URLs that
         * {@code POST /sellers/links} answers start with it. Default {@code http://127.0.0.1:8082} (the local run).
         */
        @WithDefault("http://127.0.0.1:8082")
        String publicUrl();

        /** How long a link URL from {@code POST /sellers/links} can be followed (once). Default 5 minutes. */
        @WithDefault("5M")
        Duration urlTtl();

        /**
         * At most this many links may be started for one marketplace reference per minute (per replica); more answer
         * 429. Default 5.
         */
        @WithDefault("5")
        int startsPerReferencePerMinute();

        /** How long a {@code state} (and its PKCE verifier) stays usable. Default 10 minutes (the code's lifetime). */
        @WithDefault("10M")
        Duration stateTtl();

        /**
         * URL prefixes a {@code return_to} must start with (scheme, host, port and path prefix). Default: none, so
         * only the service's own success page is allowed.
         */
        Optional<List<String>> allowedReturnUrls();

        /**
         * After Mercado Pago granted a link's tokens, how long their write to Vault may be retried (Vault stopped,
         * restarting, refusing connections) while the seller's browser waits on the callback: the authorization code is
         * spent, so the grant is lost if the write does not succeed. Past it the link fails with reason
         * {@code vault_unavailable} and the seller is sent to start again (decision 0028). Default 10 seconds: a Vault
         * pod's restart, far below a browser's or an ingress's patience (a refresh, which nobody waits on, retries for
         * longer: {@code refresh.store-timeout}, decision 0030).
         */
        @WithDefault("10S")
        Duration storeTimeout();

        /** Where the seller lands after a denied or failed link. Default the service's own page {@code /sellers/link/failed}. */
        @WithDefault("/sellers/link/failed")
        String failureUrl();
    }

    /**
     * The refresh sweep and manual refreshes (docs/services/seller-linking-service.md, "Refresh"). Each seller is
     * leased just before its own refresh, and the lease is checked and renewed right before the call to Mercado Pago.
     */
    interface Refresh {
        /** How often the sweep runs ({@code off} disables it). Default every hour. */
        @WithDefault("1H")
        String every();

        /** How long after start-up the first sweep runs. Default 30 seconds. */
        @WithDefault("30S")
        String firstSweepAfter();

        /** Refresh tokens that expire within this horizon. Default 30 days (tokens live 180 days). */
        @WithDefault("30D")
        Duration horizon();

        /**
         * Each sweep starts after a random delay up to this, so replicas started together do not sweep in lockstep
         * (the rate limit spaces the calls within a sweep). Default 20 seconds.
         */
        @WithDefault("20S")
        Duration jitter();

        /** At most this many refreshes in flight per sweep. Default 4. */
        @WithDefault("4")
        int concurrency();

        /**
         * At most this many {@code /oauth/token} calls per second per replica, sweep and manual refreshes together.
         * Default 5.
         */
        @WithDefault("5")
        double ratePerSecond();

        /**
         * A manual refresh ({@code POST /sellers/{id}/refresh}) waits at most this long for its slot of the rate
         * limit; when the next slot is further away it answers 429 with {@code Retry-After}. Default 2 seconds.
         */
        @WithDefault("2S")
        Duration manualWait();

        /** Due sellers a sweep reads at a time (none is leased before its own refresh). Default 200. */
        @WithDefault("200")
        int batchSize();

        /**
         * How long a lease holds a seller. Taken just before the seller's refresh and renewed by the check right
         * before the call, it must cover the call ({@code mercadopago.client.oauth-timeout}) and the Vault write
         * ({@code store-timeout}) with 5 seconds to spare: checked at start-up. A crashed refresher's lease lapses
         * after it. Default 2 minutes (the call's 10 s, the write's 90 s, 5 s, and a margin).
         */
        @WithDefault("2M")
        Duration lease();

        /**
         * After Mercado Pago granted a new pair, how long its write to Vault may be retried (Vault unavailable); the
         * old refresh token is spent, so the pair exists only in this process until it is written, and a pair given up
         * makes its seller link again. Default 90 seconds: a Vault outage of a minute (a restart and unseal, a
         * failover) loses no pair (decision 0030). The lease and the shutdown's drain cover it.
         */
        @WithDefault("90S")
        Duration storeTimeout();

        /** The first retry delay after a 429, 5xx or timeout; doubles per failure. Default 1 minute. */
        @WithDefault("1M")
        Duration backoffInitial();

        /** The longest retry delay. Default 6 hours. */
        @WithDefault("6H")
        Duration backoffMax();
    }
}
