package dev.mpmarketplace.ingest.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.ingest.service.IngestMetrics;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.PublishFailedException.Reason;
import dev.mpmarketplace.ingest.service.RawNotification;

/**
 * Publishes raw notifications through the Kafka producer of the {@value #CHANNEL} channel (configured under
 * {@code mp.messaging.outgoing.raw-notifications.*}: {@code acks=all}, idempotent), each record with its own topic, key
 * and CloudEvents headers, and completes only once the broker acknowledged it (decision 0005).
 * <p>
 * The record is handed to the producer directly on the request's event loop and its acknowledgement completes the
 * request back on that event loop (decision 0012: the channel's {@code Emitter} cost more CPU per request than the rest
 * of the request together). {@code send} must then never block, and it cannot:
 * <ul>
 * <li>it blocks on missing topic metadata: every raw-notification topic's metadata is fetched at start-up, and that of
 * every topic seen to exist is re-requested every {@value #METADATA_KEEP_WARM_SECONDS} s (which also keeps the producer
 * from dropping an idle topic); a record for a topic whose metadata was never fetched is sent from a worker thread
 * instead;</li>
 * <li>it blocks on a full {@code buffer.memory}: records handed to the producer and not yet acknowledged are bounded by
 * {@code ingest.max-in-flight-records} and {@code ingest.max-in-flight-bytes}, well below it; beyond them a request is
 * refused at once ({@link Reason#OVERLOADED}, 503).</li>
 * </ul>
 * A record not acknowledged within {@code ingest.publish-timeout} fails its request (a Vert.x timer on the request's
 * context, {@link Reason#TIMEOUT}); the producer keeps trying it until {@code delivery.timeout.ms}, and it counts
 * against the bounds until then.
 */
@ApplicationScoped
public class RawNotificationPublisher {

    /** The outgoing channel whose producer is used, configured in {@code application.properties}. */
    public static final String CHANNEL = "raw-notifications";
    static final long METADATA_KEEP_WARM_SECONDS = 60;

    private static final Logger LOG = Logger.getLogger(RawNotificationPublisher.class);
    private static final List<Topic> TOPICS = Topic.ofKind(Topic.Kind.RAW_NOTIFICATION);
    /** What a record costs beyond its key, value and header bytes, roughly (Kafka's record and batch overhead). */
    private static final int RECORD_OVERHEAD = 64;

    private final KafkaClientService clients;
    private final Vertx vertx;
    private final long timeoutMillis;
    private final int maxInFlightRecords;
    private final long maxInFlightBytes;
    private final AtomicInteger inFlightRecords = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Set<Topic> metadataKnown = ConcurrentHashMap.newKeySet();
    private volatile Producer<String, byte[]> producer;
    private long keepWarmTimer = -1;

    public RawNotificationPublisher(KafkaClientService clients, Vertx vertx, IngestConfig config,
            IngestMetrics metrics) {
        this.clients = clients;
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, config.publishTimeout().toMillis());
        this.maxInFlightRecords = config.maxInFlightRecords();
        this.maxInFlightBytes = config.maxInFlightBytes().asLongValue();
        metrics.publishInFlight(inFlightRecords::get, inFlightBytes::get);
    }

    void onStart(@Observes StartupEvent event) {
        fetchMetadata(TOPICS, true);
        // Only topics seen to exist: asking again for a missing one would keep the producer refreshing metadata
        // without end, which delays records of every topic (measured: p99 from 12 to 150 ms at low load).
        keepWarmTimer = vertx.setPeriodic(METADATA_KEEP_WARM_SECONDS * 1000, id -> fetchMetadata(metadataKnown, false));
    }

    @PreDestroy
    void stop() {
        if (keepWarmTimer >= 0) {
            vertx.cancelTimer(keepWarmTimer);
        }
    }

    /**
     * Publishes one notification.
     *
     * @return the time the broker took to acknowledge; completes exceptionally with {@link PublishFailedException}
     *         when it did not in time, refused, or the service holds too many records already
     */
    public CompletionStage<Duration> publish(RawNotification notification) {
        Topic topic = notification.topic();
        Producer<String, byte[]> target = producer();
        if (target == null) {
            return CompletableFuture.failedFuture(new PublishFailedException(topic, Reason.BROKER_ERROR,
                    new IllegalStateException("the Kafka producer of channel " + CHANNEL + " is not started")));
        }
        Headers headers = new RecordHeaders();
        notification.attributes().writeTo(headers);
        notification.headers().writeTo(headers);
        long size = size(notification, headers);
        if (!reserve(size)) {
            return CompletableFuture.failedFuture(new PublishFailedException(topic, Reason.OVERLOADED, null));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.topicName(), null, notification.key(),
                notification.payload(), headers);

        CompletableFuture<Duration> result = new CompletableFuture<>();
        Context context = Vertx.currentContext();
        long start = System.nanoTime();
        long timer = vertx.setTimer(timeoutMillis,
                id -> result.completeExceptionally(new PublishFailedException(topic, Reason.TIMEOUT, null)));
        Runnable send = () -> send(target, record, size, topic, start, context, timer, result);
        if (metadataKnown.contains(topic) || context == null) {
            send.run();
        } else {
            // The first record of a topic whose metadata the producer may not have: send() can block until it
            // arrives (max.block.ms), so not on an event loop.
            vertx.executeBlocking(() -> {
                send.run();
                return null;
            }, false);
        }
        return result;
    }

    private void send(Producer<String, byte[]> target, ProducerRecord<String, byte[]> record, long size, Topic topic,
            long start, Context context, long timer, CompletableFuture<Duration> result) {
        try {
            target.send(record, (metadata, failure) -> {
                release(size);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (failure == null) {
                    metadataKnown.add(topic);
                }
                onContext(context, () -> {
                    vertx.cancelTimer(timer);
                    if (failure == null) {
                        result.complete(took);
                    } else {
                        result.completeExceptionally(new PublishFailedException(topic, Reason.BROKER_ERROR, failure));
                    }
                });
            });
        } catch (RuntimeException e) {
            // send() throws (rather than calling back) for a closed producer or an interrupted wait.
            release(size);
            onContext(context, () -> {
                vertx.cancelTimer(timer);
                result.completeExceptionally(new PublishFailedException(topic, Reason.BROKER_ERROR, e));
            });
        }
    }

    private boolean reserve(long size) {
        int records = inFlightRecords.incrementAndGet();
        long bytes = inFlightBytes.addAndGet(size);
        if (records > maxInFlightRecords || bytes > maxInFlightBytes) {
            release(size);
            return false;
        }
        return true;
    }

    private void release(long size) {
        inFlightRecords.decrementAndGet();
        inFlightBytes.addAndGet(-size);
    }

    private static long size(RawNotification notification, Headers headers) {
        long size = RECORD_OVERHEAD + notification.payload().length + notification.key().length();
        for (Header header : headers) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> current = producer;
        if (current == null) {
            KafkaProducer<String, byte[]> channelProducer = clients.getProducer(CHANNEL);
            if (channelProducer != null) {
                current = channelProducer.unwrap();
                producer = current;
            }
        }
        return current;
    }

    /**
     * Asks the producer for the partitions of the topics, on the channel's sending thread: it fetches the metadata of a
     * topic it does not know and keeps a known one from expiring as idle ({@code metadata.max.idle.ms}).
     */
    private void fetchMetadata(Collection<Topic> topics, boolean atStart) {
        KafkaProducer<String, byte[]> channelProducer = clients.getProducer(CHANNEL);
        if (channelProducer == null) {
            return;
        }
        for (Topic topic : List.copyOf(topics)) {
            channelProducer.partitionsFor(topic.topicName()).subscribe().with(
                    partitions -> metadataKnown.add(topic),
                    failure -> {
                        if (atStart) {
                            // Deployments create every topic first (docs/operations.md); until this one exists, its
                            // records are answered 503.
                            LOG.warnf("metadata of topic %s not fetched at start-up (does it exist?): %s",
                                    topic.topicName(), failure.getMessage());
                        } else {
                            LOG.debugf("metadata of topic %s not fetched: %s", topic.topicName(),
                                    failure.getMessage());
                        }
                    });
        }
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
