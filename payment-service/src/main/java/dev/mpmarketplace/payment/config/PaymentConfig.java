package dev.mpmarketplace.payment.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of payment-service ({@code payment.*}); docs/services/payment-service.md lists it too. */
@ConfigMapping(prefix = "payment")
public interface PaymentConfig {

    /** Resolving unknown outcomes of calls to Mercado Pago. */
    Resolution resolution();

    /** The reconciliation sweep. */
    Sweep sweep();

    /** Payment notifications. */
    Notifications notifications();

    /** The HTTP API. */
    Api api();

    interface Resolution {

        /**
         * How often the resolver looks for payments and operations whose outcome is unknown and due for an attempt
         * ({@code off} disables it). Default 5 seconds: an unknown outcome is usually resolved within seconds.
         */
        @WithDefault("5S")
        String every();

        /**
         * The first attempt after an unknown outcome waits this long (Mercado Pago may still be processing the
         * request it did not answer). Default 2 seconds.
         */
        @WithDefault("2S")
        Duration firstDelay();

        /**
         * A stored payment or operation with no recorded outcome after this long is taken over by the resolver: the
         * process that made the call stopped. Must exceed {@code mercadopago.client.timeout} plus the write retries;
         * default 1 minute.
         */
        @WithDefault("1M")
        Duration claimGrace();

        /** The back-off between attempts doubles up to this. Default 10 minutes. */
        @WithDefault("10M")
        Duration maxBackoff();

        /** Payments and operations taken per resolver run. Default 20. */
        @WithDefault("20")
        int batchSize();

        /**
         * A payment still {@code submitting} or {@code unknown} after this long counts in the alert gauge
         * {@code payment_unknown_outcomes_stuck}. Default 15 minutes.
         */
        @WithDefault("15M")
        Duration alertAfter();
    }

    interface Sweep {

        /**
         * How often the reconciliation sweep runs ({@code off} disables it). Default 10 minutes: Mercado Pago retries
         * a notification for days, the sweep is for the ones that never arrive.
         */
        @WithDefault("10M")
        String every();

        /**
         * How far back the first sweep of a seller looks, as Mercado Pago's relative date ({@code NOW-7DAYS}).
         * Default 7 days, longer than Mercado Pago's retry ladder (about 4 days).
         */
        @WithDefault("NOW-7DAYS")
        String initialBegin();

        /**
         * Each sweep of a seller starts this long before the newest change the previous one applied, so that a change
         * Mercado Pago indexed late is not skipped. Default 10 minutes.
         */
        @WithDefault("10M")
        Duration overlap();

        /** Payments per search page. Default 100 (Mercado Pago allows up to 1000 in the sandbox). */
        @WithDefault("100")
        int pageSize();

        /** Pages per seller per sweep at most (the next sweep continues). Default 20. */
        @WithDefault("20")
        int maxPages();

        /** How long one replica holds a seller's sweep. Default 5 minutes. */
        @WithDefault("5M")
        Duration lease();
    }

    interface Notifications {

        /**
         * How long a notification whose payment Mercado Pago does not find yet (404 right after the notification) is
         * retried before it is recorded {@code not_found} (the sweep finds the payment later). Default 1 minute.
         */
        @WithDefault("1M")
        Duration notFoundPatience();

        /**
         * How long a record's transient failure (database, Vault, Mercado Pago) is retried in place before it goes to
         * the dead-letter topic with its reason; for every consumer of the service (notifications, commands, seller
         * events). Default 5 minutes.
         */
        @WithDefault("5M")
        Duration retryFor();
    }

    interface Api {

        /** The largest page {@code GET /payments} answers. Default 100. */
        @WithDefault("100")
        int maxPageSize();
    }
}
