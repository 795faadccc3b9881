package dev.mpmarketplace.ingest.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.mpmarketplace.events.Topic;

/**
 * The service's own metrics (Prometheus names in brackets):
 * <ul>
 * <li>{@code ingest_notifications_received_total{source,topic}}: every notification request that reached a webhook
 * endpoint; {@code topic} is the Kafka topic it routes to, {@code unknown} when unreadable;</li>
 * <li>{@code ingest_notifications_rejected_total{reason}}: refused requests (nothing published), by
 * {@link Rejection#reason()};</li>
 * <li>{@code ingest_notifications_published_total{topic}}: records the broker acknowledged;</li>
 * <li>{@code ingest_publish_latency_seconds{topic}} (histogram): from handing the record to the producer to the
 * broker's acknowledgement;</li>
 * <li>{@code ingest_publish_failures_total{topic,reason}}: requests answered 503 ({@code timeout},
 * {@code broker-error}, {@code overloaded});</li>
 * <li>{@code ingest_publish_in_flight_records}, {@code ingest_publish_in_flight_bytes} (gauges): records handed to the
 * producer and not yet acknowledged, against {@code ingest.max-in-flight-records} and {@code ingest.max-in-flight-bytes};</li>
 * <li>{@code ingest_webhook_previous_secret_matches_total}: signatures that matched the previous secret; once it stops
 * growing after a rotation, the previous secret can be removed;</li>
 * <li>{@code ingest_webhook_replays_total{topic}}: signed deliveries answered 200 without publishing, because this
 * replica had accepted their signature already; {@code topic} is the Kafka topic the replay names;</li>
 * <li>{@code ingest_webhook_replay_cache_signatures} (gauge) and
 * {@code ingest_webhook_replay_cache_evictions_total}: signatures remembered against replays, and those forgotten
 * before their window ended because the cache was full (then {@code ingest.mercadopago.replay-cache-size} is too
 * small for the traffic).</li>
 * </ul>
 * Every tag takes a bounded set of values, whatever a sender puts in its requests.
 */
@ApplicationScoped
public class IngestMetrics {

    private static final String UNKNOWN = "unknown";

    private final MeterRegistry registry;
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<Rejection, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Topic, Counter> published = new ConcurrentHashMap<>();
    private final Map<Topic, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<Topic, Counter> replays = new ConcurrentHashMap<>();
    private final Counter previousSecret;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.previousSecret = Counter.builder("ingest.webhook.previous.secret.matches")
                .description("Mercado Pago signatures that matched the previous webhook secret")
                .register(registry);
        for (Rejection rejection : Rejection.values()) {
            rejected(rejection, 0);
        }
        for (Topic topic : Topic.ofKind(Topic.Kind.RAW_NOTIFICATION)) {
            published.computeIfAbsent(topic, this::publishedCounter);
            latency.computeIfAbsent(topic, this::latencyTimer);
            replays.computeIfAbsent(topic, this::replayCounter);
        }
    }

    /**
     * Registers the replay cache's gauge {@code ingest_webhook_replay_cache_signatures} and counter
     * {@code ingest_webhook_replay_cache_evictions_total}.
     */
    public void replayCache(Supplier<Number> signatures, LongSupplier earlyEvictions) {
        Gauge.builder("ingest.webhook.replay.cache.signatures", signatures)
                .description("Accepted signatures remembered against replays")
                .register(registry);
        FunctionCounter.builder("ingest.webhook.replay.cache.evictions", earlyEvictions, LongSupplier::getAsLong)
                .description("Signatures forgotten before their time window ended, because the replay cache was full")
                .register(registry);
    }

    /**
     * Registers the gauges of what waits for the broker: {@code ingest_publish_in_flight_records} and
     * {@code ingest_publish_in_flight_bytes}.
     */
    public void publishInFlight(Supplier<Number> records, Supplier<Number> bytes) {
        Gauge.builder("ingest.publish.in.flight.records", records)
                .description("Records handed to the Kafka producer and not yet acknowledged")
                .register(registry);
        Gauge.builder("ingest.publish.in.flight.bytes", bytes)
                .description("Bytes of the records handed to the Kafka producer and not yet acknowledged")
                .baseUnit("bytes")
                .register(registry);
    }

    /** Counts a notification request; {@code topic} is {@code null} when it could not be read. */
    public void received(NotificationSource source, Topic topic) {
        String topicName = topic == null ? UNKNOWN : topic.topicName();
        received.computeIfAbsent(source.label() + '\u0000' + topicName,
                key -> Counter.builder("ingest.notifications.received")
                        .description("Notification requests that reached a webhook endpoint")
                        .tag("source", source.label())
                        .tag("topic", topicName)
                        .register(registry))
                .increment();
    }

    public void rejected(Rejection rejection) {
        rejected(rejection, 1);
    }

    private void rejected(Rejection rejection, double amount) {
        rejected.computeIfAbsent(rejection, r -> Counter.builder("ingest.notifications.rejected")
                .description("Refused notification requests; nothing was published for them")
                .tag("reason", r.reason())
                .register(registry))
                .increment(amount);
    }

    public void published(Topic topic, Duration publishLatency) {
        published.computeIfAbsent(topic, this::publishedCounter).increment();
        latency.computeIfAbsent(topic, this::latencyTimer).record(publishLatency);
    }

    public void publishFailed(Topic topic, PublishFailedException.Reason reason) {
        failures.computeIfAbsent(topic.topicName() + '\u0000' + reason.label(),
                key -> Counter.builder("ingest.publish.failures")
                        .description("Notifications answered 503 because the broker did not acknowledge them")
                        .tag("topic", topic.topicName())
                        .tag("reason", reason.label())
                        .register(registry))
                .increment();
    }

    public void previousSecretMatched() {
        previousSecret.increment();
    }

    /** Counts a signed delivery answered without publishing, its signature having been accepted already. */
    public void replayed(Topic topic) {
        replays.computeIfAbsent(topic, this::replayCounter).increment();
    }

    private Counter replayCounter(Topic topic) {
        return Counter.builder("ingest.webhook.replays")
                .description("Signed deliveries answered 200 without publishing: their signature was accepted already")
                .tag("topic", topic.topicName())
                .register(registry);
    }

    private Counter publishedCounter(Topic topic) {
        return Counter.builder("ingest.notifications.published")
                .description("Notifications the broker acknowledged")
                .tag("topic", topic.topicName())
                .register(registry);
    }

    private Timer latencyTimer(Topic topic) {
        return Timer.builder("ingest.publish.latency")
                .description("From handing a record to the producer to the broker's acknowledgement")
                .tag("topic", topic.topicName())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }
}
