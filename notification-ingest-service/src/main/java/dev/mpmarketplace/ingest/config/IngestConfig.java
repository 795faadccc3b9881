package dev.mpmarketplace.ingest.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Configuration of the notification ingest service ({@code ingest.*}). The body size limit is Quarkus's own
 * {@code quarkus.http.limits.max-body-size} (64K here). None of these values is ever logged.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /**
     * How long a webhook request waits for the broker to acknowledge its record before the service answers 503 so
     * that the sender retries. Default {@code 3S}: inside the 5 s Mercado Pago gives a retry and well inside the 22 s
     * of a first attempt.
     */
    @WithDefault("3S")
    Duration publishTimeout();

    /**
     * The {@code Retry-After} of a 503 answer. Default {@code 5S}. Mercado Pago and Mercado Libre follow their own
     * retry schedules; this is for other clients and for operators reading the answer.
     */
    @WithDefault("5S")
    Duration retryAfter();

    /**
     * At most this many records handed to the Kafka producer and not yet acknowledged; beyond it a request is answered
     * 503 at once. Default {@code 16384}: about half a second of the benchmark's peak rate, so a broker pause shorter
     * than that costs no 503.
     */
    @WithDefault("16384")
    int maxInFlightRecords();

    /**
     * At most this many bytes (values, keys and headers) of records handed to the Kafka producer and not yet
     * acknowledged; beyond it a request is answered 503 at once. Default {@code 16M}, half the producer's
     * {@code buffer.memory} (32 MiB), so that {@code send} never waits for buffer space.
     */
    @WithDefault("16M")
    MemorySize maxInFlightBytes();

    /** Mercado Pago Webhooks and IPN ({@code POST /webhooks/mercadopago}). */
    MercadoPago mercadopago();

    /** The Mercado Libre feed ({@code POST /webhooks/mercadolibre}). */
    MercadoLibre mercadolibre();

    /** The Point integrator webhook ({@code /webhooks/point}). */
    Point point();

    interface MercadoPago {

        /**
         * The application's current webhook secret ("Your integrations" → Webhooks → secret signature). Required, no
         * default: the service does not start without it. Provide it from a secret store or the environment
         * ({@code INGEST_MERCADOPAGO_WEBHOOK_SECRET}), never from a file in the repository.
         */
        String webhookSecret();

        /**
         * The secret before the last reset in the panel, accepted beside the current one while notifications signed
         * with it may still arrive. Default: none. Remove it once {@code ingest_webhook_previous_secret_matches_total}
         * stops growing.
         */
        Optional<String> previousWebhookSecret();

        /**
         * How far the {@code ts} of an {@code x-signature} may be from the service's clock, in either direction,
         * before a genuine signature is refused as a replay. Default {@code 5M}.
         */
        @WithDefault("5M")
        Duration signatureTolerance();

        /**
         * How many accepted signatures this replica remembers, so that each ({@code x-request-id}, {@code v1}) is
         * accepted once within the time window: a replay inside it is answered 200 and publishes nothing. Default
         * {@code 250000}, about 10 MB (40 bytes a signature): every signature of ten minutes (twice
         * {@code signature-tolerance}, the longest a signature can stay acceptable) at 400 notifications a second.
         * Beyond it the oldest are forgotten early and counted in {@code ingest_webhook_replay_cache_evictions_total};
         * a replay of a forgotten signature, or one that reaches another replica, is published again under the same
         * CloudEvents id, which consumers de-duplicate, and consumers act only on what they fetch, so the bound
         * limits work, not safety.
         */
        @WithDefault("250000")
        int replayCacheSize();

        /**
         * Whether legacy IPN notifications ({@code ?topic=&id=}), which Mercado Pago does not sign in a verifiable
         * way (reference 6.4), are accepted and published with verification {@code unsigned-ipn}. Default
         * {@code true}: their records carry the query's topic and resource id and nothing a consumer could trust (no
         * seller, no body, a random CloudEvents id), and consumers treat every notification as a hint and fetch the
         * resource, so a forged IPN costs a fetch of what is true. Switch it off once every notification arrives as a
         * Webhook.
         */
        @WithDefault("true")
        boolean acceptUnsignedIpn();
    }

    interface MercadoLibre {

        /**
         * The marketplace's Mercado Libre application id; a feed notification whose {@code application_id} differs is
         * refused with 403. Default: none, and then every Mercado Libre notification is refused.
         */
        Optional<String> applicationId();
    }

    interface Point {

        /**
         * How long a seller's Point integrator key read from Vault ({@code PointIntegratorKeys}, written by
         * point-service) is used to answer that seller's challenges before it is read again. Default {@code 30S}: a
         * key point-service rewrites (a new integrator token) is in use within that, and a burst of challenges costs
         * one Vault read per seller. A seller without a key is never cached: its key is read on every challenge, so
         * the check point-service starts right after writing it finds it.
         */
        @WithDefault("30S")
        Duration keyCacheTtl();

        /**
         * How long a challenge waits for Vault before it is answered 503 (Mercado Pago's check then fails, and
         * point-service retries the registration). Default {@code 3S}, well inside the check's 10 s.
         */
        @WithDefault("3S")
        Duration keyReadTimeout();
    }
}
