package dev.mpmarketplace.support.messaging;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Processes the records of one Kafka consumer concurrently across keys, each key's records in order: the records of
 * a partition no longer wait for each other's Mercado Pago fetch unless they are about the same resource.
 * <p>
 * Each key has a lane of its own while it has records in flight: a lane runs its records one after the other, and
 * records of different keys never wait for each other; at most {@code maxInFlight} records are queued or running
 * (so up to that many run at once), and the stage {@link #submit} answers (which the {@code @Incoming} method
 * returns, so the connector asks for nothing more before) completes only when there is room.
 * Each record is acknowledged ({@link Message#ack()}) once its work completed, and negatively acknowledged with its
 * failure otherwise, so the channel's {@code failure-strategy=dead-letter-queue} still applies; the connector's
 * {@code throttled} commit strategy commits a partition only up to its lowest record not yet acknowledged, so an
 * offset is never committed past a record whose work has not completed (docs/decisions/0023).
 * <p>
 * The work of a record runs on that record's own Vert.x duplicated context, the one its {@code @Incoming} method was
 * invoked on: Hibernate Reactive Panache keeps its session there and the MDC ({@code LogFields}) is context-local, so
 * two records' work never share a session or log fields, however they interleave.
 * <p>
 * Closing ({@link ConsumerLanes} does it when the application stops) takes no record any more, drops the queued ones
 * (never acknowledged: delivered again after the restart, where {@code ProcessedEvents} absorbs what had taken effect)
 * and waits for the running ones.
 */
public final class KeyedLanes {

    private static final Logger LOG = Logger.getLogger(KeyedLanes.class);

    private final String name;
    private final LaneScheduler scheduler;

    /**
     * @param name what the lanes are for (the channel), in logs
     * @param maxInFlight how many records may be queued or running at once
     */
    public KeyedLanes(String name, int maxInFlight) {
        this.name = name;
        this.scheduler = new LaneScheduler(maxInFlight);
    }

    /** {@link #submit(Message, Object, Supplier)} keyed by the record's Kafka key. */
    public <K, V> CompletionStage<Void> submit(Message<ConsumerRecord<K, V>> message,
            Function<ConsumerRecord<K, V>, Uni<Void>> work) {
        ConsumerRecord<K, V> record = message.getPayload();
        return submit(message, record.key(), () -> work.apply(record));
    }

    /**
     * Queues a record's work on its key's lane.
     *
     * @param message the record, acknowledged when {@code work}'s {@code Uni} completes, negatively acknowledged with
     *        its failure (or with what {@code work} threw) otherwise
     * @param key what must stay in order (a payment id, an order id); records without one ({@code null}) share one
     *        lane
     * @param work called when the record's turn comes, on the context of this call
     * @return a stage completed when the consumer may hand over its next record; it never fails
     */
    public <T> CompletionStage<Void> submit(Message<T> message, Object key, Supplier<Uni<Void>> work) {
        Context context = Vertx.currentContext();
        long submitted = System.nanoTime();
        return scheduler.submit(key, finished -> onContext(context, () -> {
            long started = System.nanoTime();
            process(message, work, () -> {
                long end = System.nanoTime();
                LOG.infof("LANE %d %d %d", (started - submitted) / 1000, (end - started) / 1000, scheduler.inFlight());
                finished.run();
            });
        }));
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null) {
            action.run();
        } else if (context == Vertx.currentContext()) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    private static <T> void process(Message<T> message, Supplier<Uni<Void>> work, Runnable finished) {
        Uni<Void> processing;
        try {
            processing = work.get();
        } catch (RuntimeException e) {
            processing = Uni.createFrom().failure(e);
        }
        processing.subscribe().with(
                ignored -> settle(message::ack, finished),
                failure -> settle(() -> message.nack(failure), finished));
    }

    /**
     * The record's lane moves on as soon as the connector has its (n)ack, without waiting for the (n)ack's own stage:
     * an acknowledgement of a partition revoked meanwhile may never complete, and must not hold the lane. Order is
     * safe either way (the throttled strategy commits only up to the lowest record not acknowledged).
     */
    private static void settle(Supplier<CompletionStage<Void>> acknowledge, Runnable finished) {
        try {
            acknowledge.get().whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.warnf("a record's acknowledgement failed: %s", failure.toString());
                }
            });
        } finally {
            finished.run();
        }
    }

    /** Records queued or running. */
    public int inFlight() {
        return scheduler.inFlight();
    }

    /**
     * Takes no record any more and drops the queued ones (never acknowledged).
     *
     * @return a stage completed when the running ones finished (each acknowledged only if it completed)
     */
    public CompletionStage<Void> stop() {
        return scheduler.close();
    }

    @Override
    public String toString() {
        return "KeyedLanes[" + name + "]";
    }
}
