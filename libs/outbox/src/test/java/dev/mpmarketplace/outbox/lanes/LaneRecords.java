package dev.mpmarketplace.outbox.lanes;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * The consumer of {@link KeyedLanesBrokerTest}, shaped as a service's: a record's value is {@code <event id>|<action>}
 * ({@code apply}, or {@code fail}: refused at once); its effect is a row written in one Panache transaction with
 * {@link ProcessedEvents#once}. The test may hold a record's transaction open (after its claim and its row) until it
 * releases it, to interleave two keys' transactions. Every step checks that it runs on the duplicated context the
 * record's {@code @Incoming} call had, with that record's log fields. Enabled only by the test's profile.
 */
@Alternative
@Singleton
public class LaneRecords {

    static final String CHANNEL = "lane-records";
    static final String CONSUMER = "lane-records-test";

    final Map<String, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    final AtomicInteger violations = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();
    private final AtomicLong applied = new AtomicLong();
    private final ProcessedEvents processed;
    private final KeyedLanes lanes;

    public LaneRecords(ProcessedEvents processed, ConsumerLanes lanes) {
        this.processed = processed;
        this.lanes = lanes.of(CHANNEL);
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        Context invoked = Vertx.currentContext();
        return lanes.submit(message, record -> process(record, invoked).replaceWithVoid());
    }

    /** One record's work, on {@code invoked} (the test calls it too, as a restarted consumer would). */
    Uni<String> process(ConsumerRecord<String, byte[]> record, Context invoked) {
        check(invoked, null);
        String[] value = new String(record.value(), StandardCharsets.UTF_8).split("\\|");
        String eventId = value[0];
        deliveries.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
        if ("fail".equals(value[1])) {
            return Uni.createFrom().failure(new IllegalStateException("refused: " + eventId));
        }
        LogFields.putField(LogFields.EVENT_ID, eventId);
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        return Panache.withTransaction(() -> processed.once(CONSUMER, eventId,
                () -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO lane_effect (event_id, record_key, applied_order) VALUES (:event, :key, :order)")
                        .setParameter("event", eventId)
                        .setParameter("key", record.key())
                        .setParameter("order", applied.incrementAndGet())
                        .executeUpdate())
                        .chain(() -> held(eventId, invoked))
                        .invoke(() -> check(invoked, eventId))
                        .replaceWith("applied")))
                .invoke(() -> check(invoked, eventId))
                .eventually(running::decrementAndGet);
    }

    /** Until the test releases the record, back on the record's own context. */
    private Uni<Void> held(String eventId, Context invoked) {
        CompletableFuture<Void> hold = holds.get(eventId);
        if (hold == null) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(hold)
                .emitOn(task -> invoked.runOnContext(ignored -> task.run()));
    }

    private void check(Context invoked, String eventId) {
        Context here = Vertx.currentContext();
        if (here == null || here != invoked || !VertxContext.isDuplicatedContext(here)
                || eventId != null && !eventId.equals(MDC.get(LogFields.EVENT_ID))) {
            violations.incrementAndGet();
        }
    }
}
