package dev.mpmarketplace.linking.messaging;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.linking.config.LinkingConfig;

/**
 * Publishes the outbox to {@code sellers.events} as binary-mode CloudEvents (key: the seller's user id), in outbox
 * order, and marks a row sent only after the broker acknowledged it ({@code acks=all}), in the same database
 * transaction that read it. Runs on a schedule and right after each change ({@link #wakeUp()}). One relay at a time
 * across replicas (a transaction-scoped advisory lock), so events of one seller keep their order.
 * <p>
 * A crash after the broker's acknowledgement and before the commit publishes the event again on the next run, with
 * the same {@code ce_id}: consumers de-duplicate on it.
 */
@ApplicationScoped
public class SellerEventRelay {

    private static final Logger LOG = Logger.getLogger(SellerEventRelay.class);
    /** Arbitrary, fixed: the advisory lock key of the seller event relay. */
    private static final long RELAY_LOCK = 0x5E11E4E7L;

    private final Pool pool;
    private final MutinyEmitter<byte[]> emitter;
    private final LinkingConfig.Outbox config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public SellerEventRelay(Pool pool, @Channel("seller-events") MutinyEmitter<byte[]> emitter,
            LinkingConfig config) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config.outbox();
    }

    @Scheduled(every = "${linking.outbox.every:5S}", delayed = "5S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return relayPending().replaceWithVoid();
    }

    /** Asks for a relay run soon; never blocks and never fails the caller. */
    public void wakeUp() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        relayPending().subscribe().with(sent -> finished(), failure -> {
            LOG.warnf("seller event relay failed, the next run retries: %s", failure.toString());
            finished();
        });
    }

    private void finished() {
        running.set(false);
        if (again.getAndSet(false)) {
            wakeUp();
        }
    }

    /** Relays one batch; answers how many events were sent. */
    public Uni<Integer> relayPending() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(RELAY_LOCK))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? sendBatch(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> sendBatch(SqlConnection connection) {
        return connection.preparedQuery("SELECT id, event_id, type, subject, message_key, payload, occurred_at"
                + " FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT $1").execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    return Multi.createFrom().iterable(batch)
                            .onItem().transformToUniAndConcatenate(row -> send(row)
                                    .chain(() -> connection
                                            .preparedQuery("UPDATE outbox_event SET sent_at = now() WHERE id = $1")
                                            .execute(Tuple.of(row.getLong("id")))))
                            .collect().asList().map(List::size);
                });
    }

    private Uni<Void> send(Row row) {
        String subject = row.getString("subject");
        OffsetDateTime occurredAt = row.getOffsetDateTime("occurred_at");
        CloudEventAttributes attributes = new CloudEventAttributes(row.getString("event_id"),
                EventSource.SELLER_LINKING.uri(), row.getString("type"), subject, occurredAt,
                CloudEventAttributes.JSON);
        RecordHeaders headers = new RecordHeaders();
        attributes.writeTo(headers);
        Message<byte[]> message = Message.of(row.getString("payload").getBytes(StandardCharsets.UTF_8))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(row.getString("message_key"))
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message).ifNoItem().after(config.sendTimeout()).fail();
    }
}
