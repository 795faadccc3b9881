package dev.mpmarketplace.ingest.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.RawNotification;

/**
 * Publishes raw notifications on the {@value #CHANNEL} channel (one Kafka producer, {@code acks=all}, idempotent), each
 * record with its own topic, key and CloudEvents headers, and completes only once the broker acknowledged it.
 * <p>
 * Nothing here blocks the calling (event-loop) thread, and memory stays bounded during a broker outage: the emitter
 * buffers at most {@value #BUFFER_SIZE} records and refuses more ({@link PublishFailedException.Reason#OVERLOADED});
 * the sink hands at most {@code max-inflight-messages} records to the producer, whose own blocking ({@code max.block.ms}
 * for metadata or a full buffer) happens on SmallRye's sending thread. A record not acknowledged within
 * {@code ingest.publish-timeout} fails the request (a Vert.x timer on the request's context); the producer gives up
 * on it after {@code delivery.timeout.ms}.
 * <p>
 * The record's acknowledgement arrives on the producer's I/O thread; the result is completed back on the request's
 * Vert.x context, so nothing of the request runs on the producer's thread.
 */
@ApplicationScoped
public class RawNotificationPublisher {

    /** The outgoing channel, configured in {@code application.properties}. */
    public static final String CHANNEL = "raw-notifications";
    /** Records the emitter holds while the sink has no room; beyond it requests are answered 503 at once. */
    static final int BUFFER_SIZE = 1024;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Emitter<byte[]> emitter;
    private final Vertx vertx;
    private final long timeoutMillis;

    public RawNotificationPublisher(
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = BUFFER_SIZE) Emitter<byte[]> emitter,
            Vertx vertx, IngestConfig config) {
        this.emitter = emitter;
        this.vertx = vertx;
        this.timeoutMillis = Math.max(1, config.publishTimeout().toMillis());
    }

    /**
     * Publishes one notification.
     *
     * @return the time the broker took to acknowledge; completes exceptionally with {@link PublishFailedException}
     *         when it did not in time, refused, or the service holds too many records already
     */
    public CompletionStage<Duration> publish(RawNotification notification) {
        Headers headers = new RecordHeaders();
        notification.attributes().writeTo(headers);
        notification.headers().writeTo(headers);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(notification.topic().topicName())
                .withKey(notification.key())
                .withHeaders(headers)
                .build();

        CompletableFuture<Duration> result = new CompletableFuture<>();
        Context context = Vertx.currentContext();
        long start = System.nanoTime();
        long timer = vertx.setTimer(timeoutMillis, id -> result.completeExceptionally(
                new PublishFailedException(notification.topic(), PublishFailedException.Reason.TIMEOUT, null)));
        Message<byte[]> message = Message.of(notification.payload(), Metadata.of(metadata),
                () -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    onContext(context, () -> {
                        vertx.cancelTimer(timer);
                        result.complete(took);
                    });
                    return DONE;
                },
                failure -> {
                    onContext(context, () -> {
                        vertx.cancelTimer(timer);
                        result.completeExceptionally(new PublishFailedException(notification.topic(),
                                PublishFailedException.Reason.BROKER_ERROR, failure));
                    });
                    return DONE;
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // A full buffer (or no subscriber yet): refuse at once rather than queue without bound.
            vertx.cancelTimer(timer);
            result.completeExceptionally(
                    new PublishFailedException(notification.topic(), PublishFailedException.Reason.OVERLOADED, e));
        }
        return result;
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}
