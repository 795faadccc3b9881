package dev.mpmarketplace.deploy;

import static dev.mpmarketplace.events.Topic.*;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.mpmarketplace.events.Topic;

/**
 * The services of the platform as the deployment sees them: what each reads and writes in Kafka and Vault, which
 * database it owns, and whether it exists yet. The Kafka users and the Vault policies are generated from this list
 * ({@link GeneratedFiles}); the hand-written directory {@code deploy/base/services/<name>/} of each service is checked
 * against it by the tests. A new service is one entry here, one directory copied from
 * {@code deploy/templates/service/} and one line in {@code deploy/base/services/kustomization.yaml} (docs/deploy.md).
 */
public enum PlatformService {

    NOTIFICATION_INGEST("notification-ingest-service", Status.BUILT, Optional.empty(),
            List.of(),
            Stream.concat(Topic.ofKind(Kind.RAW_NOTIFICATION).stream(), Stream.of(NOTIFICATION_INGEST_DEAD_LETTERS))
                    .toList(),
            false,
            Set.of(VaultAccess.READ_POINT_INTEGRATOR_KEYS),
            Set.of(Exposure.WEBHOOKS),
            // A record handed to the producer is acknowledged or given up within delivery.timeout.ms.
            Duration.ofSeconds(5)),

    SELLER_LINKING("seller-linking-service", Status.BUILT, Optional.of("seller_linking"),
            List.of(MERCADOPAGO_CONNECT_NOTIFICATIONS),
            List.of(SELLER_EVENTS, SELLER_LINKING_DEAD_LETTERS),
            false,
            Set.of(VaultAccess.WRITE_SELLER_TOKENS),
            Set.of(Exposure.SELLER_BROWSER, Exposure.API, Exposure.MERCADOPAGO_API),
            // A token refresh past its lease check finishes its /oauth/token call (10 s), its Vault write (retried for
            // 90 s through a Vault outage, decision 0030) and records it (5 s) before the process stops
            // (docs/services/seller-linking-service.md, "Shutdown"); the outbox relay's round (10 s) runs within that.
            Duration.ofSeconds(105)),

    /** Provisional: being written; topics and grants as the architecture states them. */
    PAYMENT("payment-service", Status.PROVISIONAL, Optional.of("payment"),
            List.of(MERCADOPAGO_PAYMENT_NOTIFICATIONS, MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS, PAYMENT_COMMANDS,
                    SELLER_EVENTS),
            List.of(PAYMENT_EVENTS, PAYMENT_DEAD_LETTERS),
            true,
            Set.of(VaultAccess.READ_SELLER_TOKENS),
            Set.of(Exposure.API, Exposure.MERCADOPAGO_API),
            Duration.ofSeconds(10)),

    /** Built: its Vault grants are those of libs/seller-tokens (sellers/*, point-integrators/*). */
    POINT("point-service", Status.BUILT, Optional.of("point"),
            List.of(MERCADOPAGO_POINT_NOTIFICATIONS, MERCADOPAGO_ORDER_NOTIFICATIONS, POINT_INTENT_COMMANDS,
                    SELLER_EVENTS),
            List.of(POINT_INTENT_EVENTS, POINT_DEAD_LETTERS),
            true,
            Set.of(VaultAccess.READ_SELLER_TOKENS, VaultAccess.WRITE_POINT_INTEGRATOR_KEYS),
            Set.of(Exposure.API, Exposure.MERCADOPAGO_API),
            Duration.ofSeconds(10)),

    /**
     * Fetches Mercado Libre orders with each seller's token (read from Vault) and {@code /missed_feeds} with the
     * application's own; keeps its facts on a log of its own, which it reads back only to rebuild its model.
     */
    ORDER_PROJECTION("order-projection-service", Status.BUILT, Optional.of("order_projection"),
            List.of(MERCADOLIBRE_ORDER_NOTIFICATIONS, PAYMENT_EVENTS, POINT_INTENT_EVENTS, ORDER_PROJECTION_FACTS),
            List.of(ORDER_EVENTS, ORDER_PROJECTION_FACTS, ORDER_PROJECTION_DEAD_LETTERS),
            true,
            Set.of(VaultAccess.READ_SELLER_TOKENS),
            Set.of(Exposure.API, Exposure.MERCADOPAGO_API),
            // A notification's fetch may be retried in place (orders.notifications.retry-for); what is cut at
            // shutdown is fetched again from the uncommitted offset.
            Duration.ofSeconds(10));

    /** Whether the service exists in the repository yet. */
    public enum Status {
        /** Built: its application.properties is checked against this entry. */
        BUILT,
        /** Being written: deployed from what the architecture states; docs/deploy.md marks it provisional. */
        PROVISIONAL
    }

    /** What a service may do in Vault (KV v2 mount {@code secret}). */
    public enum VaultAccess {
        /** Read sellers' tokens, {@code secret/data/sellers/<user_id>} (libs/seller-tokens). */
        READ_SELLER_TOKENS,
        /**
         * Write, read, check-and-set and destroy sellers' tokens: {@code secret/data/sellers/*} and
         * {@code secret/metadata/sellers/*} (seller-linking-service only).
         */
        WRITE_SELLER_TOKENS,
        /** Read the Point integrator keys, {@code secret/data/point-integrators/<user_id>} (provisional path). */
        READ_POINT_INTEGRATOR_KEYS,
        /** Write and read the Point integrator keys (provisional path). */
        WRITE_POINT_INTEGRATOR_KEYS
    }

    /** Who reaches the service, and whom it reaches outside the cluster. */
    public enum Exposure {
        /** Mercado Pago and Mercado Libre deliver webhooks to it from the internet (through the ingress). */
        WEBHOOKS(List.of("Exact /webhooks/mercadopago", "Exact /webhooks/mercadolibre", "Exact /webhooks/point")),
        /** Sellers' browsers follow link URLs and the OAuth redirect to it (through the ingress). */
        SELLER_BROWSER(List.of("Exact /oauth/callback", "Prefix /sellers/link")),
        /** The marketplace's backends call its API with a bearer JWT; it fetches the identity provider's JWKS. */
        API(List.of()),
        /** It calls Mercado Pago / Mercado Libre over HTTPS. */
        MERCADOPAGO_API(List.of());

        private final List<String> publicPaths;

        Exposure(List<String> publicPaths) {
            this.publicPaths = publicPaths;
        }

        /** The paths the ingress routes to the service from outside, as {@code "<pathType> <path>"}. */
        public List<String> publicPaths() {
            return publicPaths;
        }
    }

    private final String serviceName;
    private final Status status;
    private final Optional<String> database;
    private final List<Topic> reads;
    private final List<Topic> writes;
    private final boolean readsSellerTokenInvalidations;
    private final Set<VaultAccess> vault;
    private final Set<Exposure> exposure;
    private final Duration drain;

    PlatformService(String serviceName, Status status, Optional<String> database, List<Topic> reads,
            List<Topic> writes, boolean readsSellerTokenInvalidations, Set<VaultAccess> vault, Set<Exposure> exposure,
            Duration drain) {
        this.serviceName = serviceName;
        this.status = status;
        this.database = database;
        this.reads = reads;
        this.writes = writes;
        this.readsSellerTokenInvalidations = readsSellerTokenInvalidations;
        this.vault = vault;
        this.exposure = exposure;
        this.drain = drain;
    }

    /** The name of every Kubernetes object of the service, its Kafka user, consumer group and Vault role. */
    public String serviceName() {
        return serviceName;
    }

    public Status status() {
        return status;
    }

    /** The PostgreSQL database the service owns, if any. */
    public Optional<String> database() {
        return database;
    }

    /** Topics it consumes with its own consumer group (named after the service). */
    public List<Topic> reads() {
        return reads;
    }

    /** Topics it produces to, its dead-letter topic included. */
    public List<Topic> writes() {
        return writes;
    }

    /**
     * Whether it embeds libs/seller-tokens, whose cache invalidation reads {@code sellers.events} with a consumer group
     * of its own per process ({@value #SELLER_TOKENS_GROUP_PREFIX}&lt;uuid&gt;).
     */
    public boolean readsSellerTokenInvalidations() {
        return readsSellerTokenInvalidations;
    }

    public Set<VaultAccess> vault() {
        return vault;
    }

    public boolean usesVault() {
        return !vault.isEmpty();
    }

    public Set<Exposure> exposure() {
        return exposure;
    }

    /**
     * The longest a started piece of work (a request, a Kafka send, an outbox relay round) takes to finish after
     * SIGTERM; {@code QUARKUS_SHUTDOWN_TIMEOUT} must cover it (provisional services: 10 s until they say).
     */
    public Duration drain() {
        return drain;
    }

    /**
     * Whether the service may run any number of replicas under an autoscaler. point-service does not yet: its one
     * queued intent per device holds across replicas (a unique index), but it stays at two replicas until its load is
     * measured (docs/deploy.md, "Scaling").
     */
    public boolean scalesOut() {
        return this != POINT;
    }

    public boolean isPublic() {
        return exposure.contains(Exposure.WEBHOOKS) || exposure.contains(Exposure.SELLER_BROWSER);
    }

    /** The prefix of libs/seller-tokens' per-process consumer groups. */
    public static final String SELLER_TOKENS_GROUP_PREFIX = "seller-tokens-";

    public static Optional<PlatformService> named(String serviceName) {
        return Stream.of(values()).filter(s -> s.serviceName.equals(serviceName)).findFirst();
    }
}
