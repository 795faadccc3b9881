package dev.mpmarketplace.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.EventTypes;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.RestartableKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithRestartableKafkaBroker;
import dev.mpmarketplace.testing.postgres.WithPostgres;

/**
 * The outbox against the real PostgreSQL and broker: an event exists if and only if its change committed, is
 * published after the commit without waiting for a poll, in order, with its CloudEvents headers, once per id, and
 * survives a broker outage; the processed-events table takes an effect once however often an event arrives.
 */
@QuarkusTest
@WithPostgres
@WithRestartableKafkaBroker
class OutboxTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String TYPE = EventTypes.domain("ledger", "entry-added");

    @InjectKafkaBroker
    RestartableKafkaBroker broker;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    ProcessedEvents processed;

    @Inject
    Pool pool;

    static OutboxMessage event(long entryId, String amount) {
        return new OutboxMessage(Topic.PAYMENT_EVENTS, "ledger:" + entryId,
                StableEventId.of("ledger", "entry-added", Long.toString(entryId)), TYPE, EventSource.PAYMENT, "42",
                OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.UTC), Map.of("entry_id", entryId,
                        "amount", amount));
    }

    Uni<Void> addEntry(long id, String amount) {
        return Panache.withTransaction(() -> LedgerEntry.of(id, amount).persist()
                .chain(() -> outbox.add(event(id, amount)))).replaceWithVoid();
    }

    @Test
    void aCommittedChangeIsPublishedAtOnceWithItsCloudEventHeadersWithoutWaitingForThePoll() {
        long first = nextId();
        onVertx(() -> addEntry(first, "10.50").chain(() -> addEntry(first + 1, "0.01")));
        {
            List<ConsumerRecord<String, byte[]>> records = read(r -> r.key().equals("ledger:" + first)
                    || r.key().equals("ledger:" + (first + 1)), 2);
            // Two keys, perhaps two partitions: Kafka orders records per key, not across keys.
            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("ledger:" + first,
                    "ledger:" + (first + 1));
            ConsumerRecord<String, byte[]> firstRecord = records.stream()
                    .filter(r -> r.key().equals("ledger:" + first)).findFirst().orElseThrow();
            CloudEventAttributes attributes = CloudEventAttributes.readFrom(firstRecord.headers());
            assertThat(attributes.id()).isEqualTo(event(first, "10.50").eventId());
            assertThat(attributes.type()).isEqualTo(TYPE);
            assertThat(attributes.source()).isEqualTo(EventSource.PAYMENT.uri());
            assertThat(attributes.subject()).isEqualTo("42");
            assertThat(new String(firstRecord.value(), StandardCharsets.UTF_8))
                    .contains("\"entry_id\":" + first, "\"amount\":\"10.50\"");
        }
        assertThat(unsent(first).await().atMost(WAIT)).isZero();
    }

    @Test
    void aRolledBackChangeLeavesNoEvent() {
        long id = nextId();
        assertThatThrownBy(() -> onVertx(() -> Panache.withTransaction(() -> LedgerEntry.of(id, "5.00").persist()
                .chain(() -> outbox.add(event(id, "5.00")))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the use case failed"))))))
                .isInstanceOf(IllegalStateException.class).hasMessage("the use case failed");
        assertThat(pool.preparedQuery("SELECT count(*) AS n FROM outbox WHERE event_id = $1")
                .execute(Tuple.of(event(id, "5.00").eventId())).map(rows -> rows.iterator().next().getLong("n"))
                .await().atMost(WAIT)).isZero();
    }

    @Test
    void anEventAddedOnAPlainSqlTransactionIsPublishedAndARolledBackOneIsNot() {
        long committed = nextId();
        long rolledBack = nextId();

        onVertx(() -> pool.withTransaction(connection -> connection
                .preparedQuery("INSERT INTO ledger_entry (id, amount) VALUES ($1, $2)")
                .execute(Tuple.of(committed, new java.math.BigDecimal("7.25")))
                .chain(() -> outbox.add(connection, event(committed, "7.25")))));
        assertThatThrownBy(() -> onVertx(() -> pool.withTransaction(connection -> outbox.add(connection,
                event(rolledBack, "1.00")).chain(
                        () -> Uni.createFrom().failure(
                                new IllegalStateException("the use case failed"))))))
                .isInstanceOf(IllegalStateException.class);

        List<ConsumerRecord<String, byte[]>> records = read(r -> r.key().equals("ledger:" + committed)
                || r.key().equals("ledger:" + rolledBack), 1);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("ledger:" + committed);
        CloudEventAttributes attributes = CloudEventAttributes.readFrom(records.get(0).headers());
        assertThat(attributes.id()).isEqualTo(event(committed, "7.25").eventId());
        assertThat(attributes.subject()).isEqualTo("42");
        Boolean again = onVertx(() -> pool.withTransaction(connection -> outbox.add(connection,
                event(committed, "7.25"))));
        assertThat(again).as("the same fact again").isFalse();
    }

    @Test
    void theSameFactAddedTwiceIsOneEvent() {
        long id = nextId();
        assertThat(onVertx(() -> Panache.withTransaction(() -> outbox.add(event(id, "1.00"))))).isTrue();
        assertThat(onVertx(() -> Panache.withTransaction(() -> outbox.add(event(id, "1.00")))))
                .as("a second add of the same id").isFalse();
        assertThat(read(r -> r.key().equals("ledger:" + id), 2)).hasSize(1);
    }

    @Test
    void eventsWrittenWhileTheBrokerIsDownArePublishedWhenItIsBack() {
        long id = nextId();
        broker.stop();
        try {
            onVertx(() -> addEntry(id, "7.00"));
            relay.relayAll().onFailure().recoverWithItem(0).await().atMost(WAIT);
            assertThat(unsent(id).await().atMost(WAIT)).as("not acknowledged, so not marked sent").isEqualTo(1);
        } finally {
            broker.restart();
        }
        relay.wakeUp();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            relay.wakeUp();
            assertThat(unsent(id).await().atMost(WAIT)).isZero();
        });
        assertThat(read(r -> r.key().equals("ledger:" + id), 1)).isNotEmpty();
    }

    @Test
    void whileAnotherReplicaHoldsTheRelayLockThisOneSendsNothing() {
        long id = nextId();
        long lockKey = "outbox-relay:outbox-test".hashCode();
        Integer sentWhileLocked = pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(lockKey))
                .chain(() -> Uni.createFrom().item(() -> onVertx(() -> addEntry(id, "3.00")))
                        .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()))
                .chain(() -> relay.relayBatch())
                .call(sent -> unsent(id).invoke(count -> assertThat(count).as("still unsent").isEqualTo(1))))
                .await().atMost(WAIT);

        assertThat(sentWhileLocked).as("another replica holds the relay lock").isZero();
        relay.wakeUp();
        await().atMost(WAIT).untilAsserted(() -> assertThat(unsent(id).await().atMost(WAIT)).isZero());
    }

    @Test
    void aConsumerTakesAnEffectOnceHoweverOftenTheEventArrives() {
        String eventId = UUID.randomUUID().toString();
        AtomicInteger effects = new AtomicInteger();
        assertThat(onVertx(() -> Panache.withTransaction(() -> processed.once("ledger-consumer", eventId,
                () -> Uni.createFrom().item(() -> "applied-" + effects.incrementAndGet())))))
                .isEqualTo("applied-1");
        assertThat(onVertx(() -> Panache.withTransaction(() -> processed.once("ledger-consumer", eventId,
                () -> Uni.createFrom().item(() -> "applied-" + effects.incrementAndGet())))))
                .isEqualTo(ProcessedEvents.DUPLICATE);
        assertThat(onVertx(() -> processed.outcomeOf("ledger-consumer", eventId))).contains("applied-1");
        assertThat(onVertx(() -> Panache.withTransaction(() -> processed.once("another-consumer", eventId,
                () -> Uni.createFrom().item("applied"))))).as("consumers are independent").isEqualTo("applied");
        assertThat(effects).hasValue(1);
    }

    @Test
    void concurrentDeliveriesOfOneEventTakeOneEffect() {
        String eventId = UUID.randomUUID().toString();
        AtomicInteger effects = new AtomicInteger();
        List<Uni<String>> deliveries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deliveries.add(Uni.createFrom().item(() -> onVertx(() -> Panache.withTransaction(
                    () -> processed.once("racing-consumer", eventId, () -> Uni.createFrom().item(() -> {
                        effects.incrementAndGet();
                        return "applied";
                    })))))
                    .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()));
        }
        List<String> outcomes = Uni.join().all(deliveries).andFailFast().await().atMost(WAIT);

        assertThat(effects).hasValue(1);
        assertThat(outcomes).containsOnlyOnce("applied");
    }

    @Test
    void anEventThatCannotBeSerialisedIsRefusedBeforeAnythingIsWritten() {
        OutboxMessage bad = new OutboxMessage(Topic.PAYMENT_EVENTS, "k", UUID.randomUUID().toString(), TYPE,
                EventSource.PAYMENT, null, OffsetDateTime.now(ZoneOffset.UTC), new Object());
        assertThatThrownBy(() -> onVertx(() -> Panache.withTransaction(() -> outbox.add(bad))))
                .hasRootCauseInstanceOf(com.fasterxml.jackson.databind.exc.InvalidDefinitionException.class);
    }

    /** Runs a Panache pipeline on a Vert.x duplicated context, as a request or a Kafka record would, and waits. */
    static <T> T onVertx(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    private Uni<Long> unsent(long entryId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM outbox WHERE message_key = $1 AND sent_at IS NULL")
                .execute(Tuple.of("ledger:" + entryId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    private static long nextId() {
        return System.nanoTime() % 1_000_000_000L * 10 + IDS.incrementAndGet() * 1_000_000_000_000L;
    }

    private List<ConsumerRecord<String, byte[]>> read(
            java.util.function.Predicate<ConsumerRecord<String, byte[]>> matching,
            int atLeast) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.PAYMENT_EVENTS.topicName()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
                if (found.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
                }
            }
        }
        return found;
    }
}
