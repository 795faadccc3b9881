package dev.mpmarketplace.orders.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of order-projection-service ({@code orders.*}); docs/services/order-projection-service.md lists it. */
@ConfigMapping(prefix = "orders")
public interface OrdersConfig {

    /** The live inputs: notifications, other services' events, the sweeps. */
    Live live();

    /** Rebuilding the model from the fact log. */
    Rebuild rebuild();

    /** Mercado Libre order notifications. */
    Notifications notifications();

    /** Mercado Libre's missed feeds. */
    MissedFeeds missedFeeds();

    /** The periodic re-read of Mercado Libre orders that may still change. */
    Reread reread();

    /** Orders whose fetch failed, fetched again. */
    Refetch refetch();

    /** The HTTP API. */
    Api api();

    interface Live {

        /**
         * Whether the service consumes its live inputs (Mercado Libre notifications, payment and Point events) and runs
         * its sweeps. Default {@code true}; a rebuild runs with {@code false} (start-up refuses both this and
         * {@code orders.rebuild.enabled}), and so may a replica that only serves the API.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Rebuild {

        /**
         * Whether the service replays its fact log ({@code order-projection-service.facts}) into the model: the
         * channel {@code order-facts} consumes from the consumer group's committed offsets, which an operator reset to
         * the beginning (docs/services/order-projection-service.md, "Rebuilding the model"). Default {@code false}.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Whether a rebuild publishes the order-changed events again (with their original ids, so consumers
         * de-duplicate them). Default {@code false}: the marketplace's backends saw them when they happened.
         */
        @WithDefault("false")
        boolean publishOrderEvents();
    }

    interface Notifications {

        /**
         * How long a notification whose fetch fails in a way a retry may cure (Mercado Libre answering 429 or 5xx,
         * or not at all) is retried in place, holding its lane (the orders sharing it wait; the others go on), before
         * it is handed to the refetch sweep and the lane moves on. Default 1 minute.
         */
        @WithDefault("1M")
        Duration retryFor();
    }

    interface MissedFeeds {

        /**
         * How often {@code /missed_feeds} is read ({@code off} disables it). Default 5 minutes: Mercado Libre keeps a
         * lost message about two days, and a sale it could not announce should not wait long.
         */
        @WithDefault("5M")
        String every();

        /**
         * The marketplace's Mercado Libre application id ({@code app_id}); default the Mercado Pago application's
         * client id ({@code mercadopago.application.client-id}: one application for both). Without either, missed feeds
         * are not read.
         */
        Optional<String> applicationId();

        /** The feed topics whose missed messages are about orders. Default {@code orders_v2,created_orders,orders}. */
        @WithDefault("orders_v2,created_orders,orders")
        List<String> topics();

        /** Messages read per call (at most 1000). Default 500. */
        @WithDefault("500")
        int pageSize();
    }

    interface Reread {

        /** How often the re-read runs ({@code off} disables it). Default 15 minutes. */
        @WithDefault("15M")
        String every();

        /**
         * An order that may still change ({@code confirmed}, {@code payment_required}, {@code payment_in_process},
         * {@code partially_paid}, {@code pending_cancel}) and has not changed for this long is fetched again. Default
         * 15 minutes.
         */
        @WithDefault("15M")
        Duration unchangedFor();

        /** Orders created longer ago than this are not re-read any more. Default 30 days. */
        @WithDefault("30D")
        Duration maxAge();

        /** Orders fetched per run. Default 200. */
        @WithDefault("200")
        int batchSize();

        /** Fetches in flight at once, for the re-read and the refetch sweep alike. Default 4. */
        @WithDefault("4")
        int concurrency();
    }

    interface Refetch {

        /** How often due refetches run ({@code off} disables it). Default 30 seconds. */
        @WithDefault("30S")
        String every();

        /** The first refetch waits this long after the failure. Default 30 seconds. */
        @WithDefault("30S")
        Duration firstDelay();

        /** The wait doubles after each failed refetch, up to this. Default 30 minutes. */
        @WithDefault("30M")
        Duration maxDelay();

        /**
         * An order still unreadable this long after the first failure is given up (logged, counted): Mercado Libre
         * keeps a lost notification two days, so the same holds here. Default 2 days.
         */
        @WithDefault("2D")
        Duration giveUpAfter();

        /** Refetches claimed per run. Default 100. */
        @WithDefault("100")
        int batchSize();

        /**
         * How long a claimed refetch is another replica's to leave alone; must cover the fetch and its retries.
         * Default 2 minutes.
         */
        @WithDefault("2M")
        Duration lease();
    }

    interface Api {

        /** Orders per page when the caller does not say. Default 50. */
        @WithDefault("50")
        int defaultPageSize();

        /** The most orders one page may hold. Default 200. */
        @WithDefault("200")
        int maxPageSize();
    }
}
