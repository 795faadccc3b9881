package dev.mpmarketplace.point.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of point-service ({@code point.*}); docs/services/point-service.md lists it too. Where sellers' tokens
 * and integrator keys live is the shared {@code seller-tokens.*} (libs/seller-tokens), the outbox relay's
 * {@code outbox.*} (libs/outbox), the Mercado Pago client's timeouts {@code mercadopago.client.*}.
 */
@ConfigMapping(prefix = "point")
public interface PointConfig {

    /** The registration of each seller's integrator webhook. */
    Registration registration();

    /** The devices cache. */
    Devices devices();

    /** Intents. */
    Intents intents();

    /** The Orders API adapter. */
    Orders orders();

    /** The sweep that asks Mercado Pago about intents not heard of. */
    Sweep sweep();

    interface Registration {
        /**
         * The public address of notification-ingest-service, as Mercado Pago reaches it: a seller's integrator webhook
         * is {@code <this>/webhooks/point/<seller_id>}. Default {@code http://127.0.0.1:8081} (the local run); in
         * production the ingress's HTTPS address.
         */
        @WithDefault("http://127.0.0.1:8081")
        String webhookBaseUrl();

        /** How often due registrations are attempted ({@code off} disables it). Default every 30 seconds. */
        @WithDefault("30S")
        String every();

        /** The first retry delay after a failed registration; doubles per failure. Default 1 minute. */
        @WithDefault("1M")
        Duration backoffInitial();

        /** The longest retry delay. Default 1 hour. */
        @WithDefault("1H")
        Duration backoffMax();

        /**
         * How long an attempt holds its seller (so a second replica does not register it at the same time); covers
         * Mercado Pago's 10 s challenge and the calls around it. Default 1 minute.
         */
        @WithDefault("1M")
        Duration lease();
    }

    interface Devices {
        /** A seller's cached device list older than this is read again from Mercado Pago. Default 5 minutes. */
        @WithDefault("5M")
        Duration cacheTtl();
    }

    interface Intents {
        /**
         * How long an intent whose creation had no answer (a timeout, a 5xx, a lost connection) is looked for before
         * it is given up as never queued ({@code REFUSED}, {@code not-created}). Mercado Pago abandons any intent 15
         * minutes after its creation, so past this every intent it holds is final and listed. Default 20 minutes.
         */
        @WithDefault("20M")
        Duration unknownOutcomeHorizon();

        /**
         * How long a creation known not to have reached Mercado Pago (refused connection, 429, Vault unavailable) is
         * tried again; past it the intent is refused ({@code mercadopago-unavailable}) rather than shown on a device
         * long after it was asked for. Default 2 minutes.
         */
        @WithDefault("2M")
        Duration retryCreationWithin();

        /** How soon an intent whose creation is unresolved is asked about again. Default 10 seconds. */
        @WithDefault("10S")
        Duration unresolvedRecheck();
    }

    interface Orders {
        /** The Orders API order's {@code expiration_time} (PT30S..PT3H). Default 15 minutes, Mercado Pago's. */
        @WithDefault("15M")
        Duration expiration();

        /**
         * Whether a cancel of an order already at the terminal is asked of Mercado Pago asynchronously
         * ({@code x-allow-cancelable-status: at_terminal}, answered 202; Point Smart devices). Off, such a cancel is
         * refused at once: cancel it on the device. Default on.
         */
        @WithDefault("true")
        boolean cancelAtTerminal();
    }

    interface Sweep {
        /** How often the sweep runs ({@code off} disables it). Default every 30 seconds. */
        @WithDefault("30S")
        String every();

        /**
         * An intent in a non-final state that nothing moved for this long is asked about (a notification may have been
         * lost). Default 2 minutes.
         */
        @WithDefault("2M")
        Duration staleAfter();

        /** Intents a sweep claims at a time. Default 50. */
        @WithDefault("50")
        int batchSize();

        /** How long a sweep's claim on an intent holds before another replica may take it. Default 1 minute. */
        @WithDefault("1M")
        Duration lease();
    }
}
