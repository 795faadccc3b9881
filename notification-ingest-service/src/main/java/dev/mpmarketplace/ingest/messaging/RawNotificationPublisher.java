package dev.mpmarketplace.ingest.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.ingest.service.IngestMetrics;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.PublishFailedException.Reason;

/**
 * Publishes raw notifications through the Kafka producer of the {@value #CHANNEL} channel (configured under
 * {@code mp.messaging.outgoing.raw-notifications.*}: {@code acks=all}, idempotent), each record as
 * {@link RawNotification#toProducerRecord()} makes it (its own topic, key and CloudEvents headers), and completes only
 * once the broker acknowledged it (decision 0005).
 * <p>
 * The record is handed to the producer by one dedicated sending thread, and the producer's callback completes the
 * request back on its Vert.x context (decision 0012: the channel's {@code Emitter} cost more CPU per request than the
 * rest of the request together). {@code send} runs on that thread, never on an event loop, because it can block: for
 * topic metadata the producer does not have (up to {@code max.block.ms}), which happens whenever the broker is
 * unreachable long enough for the client to re-bootstrap and forget it.
 * <p>
 * Memory stays bounded during a broker outage: records waiting for the sending thread or for the broker are bounded
 * by {@code ingest.max-in-flight-records} and {@code ingest.max-in-flight-bytes} (the bytes well below
 * {@code buffer.memory}); beyond them a request is refused at once ({@link Reason#OVERLOADED}, 503). A record not
 * acknowledged within {@code ingest.publish-timeout} fails its request ({@link Reason#TIMEOUT}, completed on the
 * request's context); if it was still waiting for the sending thread then, it is dropped rather than sent, so a
 * backlog built during an outage does not delay the records that follow it. The deadlines are kept by one periodic
 * sweep ({@link PublishDeadlines}), not by a timer per request, so a request times out between
 * {@code publish-timeout} and {@code publish-timeout} plus one sweep period (at most 100 ms) after it was published.
 */
@ApplicationScoped
public class RawNotificationPublisher {

    /** The outgoing channel whose producer is used, configured in {@code application.properties}. */
    public static final String CHANNEL = "raw-notifications";

    /** What a record costs beyond its key, value and header bytes, roughly (Kafka's record and batch overhead). */
    private static final int RECORD_OVERHEAD = 64;

    private final KafkaClientService clients;
    private final PublishDeadlines deadlines;
    private final long sweepTimer;
    private final Vertx vertx;
    private final int maxInFlightRecords;
    private final long maxInFlightBytes;
    private final AtomicInteger inFlightRecords = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final ExecutorService sendingThread = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "raw-notification-sender");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Producer<String, byte[]> producer;

    public RawNotificationPublisher(KafkaClientService clients, Vertx vertx, IngestConfig config,
            IngestMetrics metrics) {
        this.clients = clients;
        this.vertx = vertx;
        Duration timeout = config.publishTimeout().toMillis() > 0 ? config.publishTimeout() : Duration.ofMillis(1);
        this.deadlines = new PublishDeadlines(timeout);
        this.sweepTimer = vertx.setPeriodic(PublishDeadlines.sweepPeriodMillis(timeout),
                id -> deadlines.sweep(System.nanoTime()));
        this.maxInFlightRecords = config.maxInFlightRecords();
        this.maxInFlightBytes = config.maxInFlightBytes().asLongValue();
        metrics.publishInFlight(inFlightRecords::get, inFlightBytes::get);
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(sweepTimer);
        sendingThread.shutdown();
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
        ProducerRecord<String, byte[]> record = notification.toProducerRecord();
        long size = size(record);
        if (!reserve(size)) {
            return CompletableFuture.failedFuture(new PublishFailedException(topic, Reason.OVERLOADED, null));
        }

        CompletableFuture<Duration> result = new CompletableFuture<>();
        Context context = Vertx.currentContext();
        long start = System.nanoTime();
        deadlines.watch(result, context, topic, start);
        try {
            sendingThread.execute(() -> {
                if (result.isDone()) {
                    // Timed out while waiting for this thread (the broker is away): not worth sending any more.
                    release(size);
                    return;
                }
                send(target, record, size, topic, start, context, result);
            });
        } catch (RejectedExecutionException e) {
            // Shutting down.
            complete(size, topic, start, context, result, e);
        }
        return result;
    }

    private void send(Producer<String, byte[]> target, ProducerRecord<String, byte[]> record, long size, Topic topic,
            long start, Context context, CompletableFuture<Duration> result) {
        try {
            target.send(record, (metadata, failure) -> complete(size, topic, start, context, result, failure));
        } catch (RuntimeException e) {
            // send() throws (rather than calling back) for a closed producer or an interrupted wait.
            complete(size, topic, start, context, result, e);
        }
    }

    /** Releases the record's share of the bounds and completes its request on the request's context, once. */
    private void complete(long size, Topic topic, long start, Context context, CompletableFuture<Duration> result,
            Exception failure) {
        release(size);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        onContext(context, () -> {
            if (failure == null) {
                result.complete(took);
            } else {
                result.completeExceptionally(new PublishFailedException(topic, Reason.BROKER_ERROR, failure));
            }
        });
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

    private static long size(ProducerRecord<String, byte[]> record) {
        long size = RECORD_OVERHEAD + record.value().length + record.key().length();
        for (Header header : record.headers()) {
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

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
