package dev.mpmarketplace.outbox.lanes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.support.messaging.KeyedLanes;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.postgres.WithPostgres;

/**
 * KeyedLanes on the real broker, the SmallRye Kafka connector with its {@code throttled} commit strategy and
 * dead-letter queue, and real Panache transactions in PostgreSQL: within one partition, a key's records run in order,
 * other keys' run meanwhile (their transactions interleave, each on its record's own duplicated context), a refused
 * record is dead-lettered, the committed offset never passes a record whose work has not completed, and a consumer
 * restarted from that offset loses nothing, its duplicates absorbed by {@link ProcessedEvents}.
 */
@QuarkusTest
@WithPostgres
@WithKafkaBroker(topics = {KeyedLanesBrokerTest.TOPIC, KeyedLanesBrokerTest.DEAD_LETTERS}, partitions = 1)
@TestProfile(KeyedLanesBrokerTest.Lanes.class)
class KeyedLanesBrokerTest {

    static final String TOPIC = "lanes-test.records";
    static final String DEAD_LETTERS = "lanes-test.dead-letter";
    static final String GROUP = "lanes-test";
    static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The consumer enabled, on the channel as a service configures one, committing every 100 ms. */
    public static class Lanes implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(LaneRecords.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            String channel = "mp.messaging.incoming." + LaneRecords.CHANNEL + ".";
            return Map.ofEntries(Map.entry(channel + "connector", "smallrye-kafka"),
                    Map.entry(channel + "topic", TOPIC),
                    Map.entry(channel + "group.id", GROUP),
                    Map.entry(channel + "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"),
                    Map.entry(channel + "value.deserializer",
                            "org.apache.kafka.common.serialization.ByteArrayDeserializer"),
                    Map.entry(channel + "auto.offset.reset", "earliest"),
                    Map.entry(channel + "enable.auto.commit", "false"),
                    Map.entry(channel + "commit-strategy", "throttled"),
                    Map.entry(channel + "auto.commit.interval.ms", "100"),
                    Map.entry(channel + "cloud-events", "false"),
                    Map.entry(channel + "failure-strategy", "dead-letter-queue"),
                    Map.entry(channel + "dead-letter-queue.topic", DEAD_LETTERS),
                    Map.entry(channel + "dead-letter-queue.key.serializer",
                            "org.apache.kafka.common.serialization.StringSerializer"),
                    Map.entry(channel + "dead-letter-queue.value.serializer",
                            "org.apache.kafka.common.serialization.ByteArraySerializer"),
                    Map.entry(channel + "throttled.unprocessed-record-max-age.ms", "-1"),
                    Map.entry("marketplace.consumer-lanes." + LaneRecords.CHANNEL + ".max-in-flight", "16"));
        }
    }

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @Inject
    LaneRecords consumer;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Test
    void keysRunConcurrentlyEachInOrderAndNothingIsCommittedPastAnUnfinishedRecord() throws Exception {
        CompletableFuture<Void> holdA1 = new CompletableFuture<>();
        consumer.holds.put("a1", holdA1);
        // One partition, offsets 0-5: a1 (held) and a2 share a key; b1, b2 another; c1 is refused; c2 after it.
        List<String[]> sent = List.of(new String[]{"A", "a1|apply"}, new String[]{"B", "b1|apply"},
                new String[]{"A", "a2|apply"}, new String[]{"C", "c1|fail"}, new String[]{"B", "b2|apply"},
                new String[]{"C", "c2|apply"});
        for (String[] record : sent) {
            broker.companion().produce(String.class, byte[].class).fromRecords(new ProducerRecord<>(TOPIC, 0,
                    record[0], record[1].getBytes(StandardCharsets.UTF_8))).awaitCompletion(WAIT);
        }

        // Other keys go on while a1's transaction is open; a2 waits behind it.
        await().atMost(WAIT).until(() -> effects().keySet().containsAll(List.of("b1", "b2", "c2")));
        assertThat(effects()).doesNotContainKeys("a1", "a2");
        assertThat(consumer.deliveries.get("a1")).hasValue(1);
        assertThat(consumer.deliveries).doesNotContainKey("a2");
        assertThat(consumer.mostRunning.get()).as("a1's and another key's transactions at once").isGreaterThan(1);

        // The refused record is dead-lettered with its reason.
        List<ConsumerRecord<String, byte[]>> deadLetters = broker.companion()
                .consume(String.class, byte[].class).fromTopics(DEAD_LETTERS, 1).awaitCompletion(WAIT)
                .getRecords();
        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("c1|fail");
        assertThat(new String(deadLetters.get(0).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8)).contains("refused: c1");

        // Several commit intervals later, the group's offset has not passed a1 (offset 0), though 1-5 are done.
        Thread.sleep(1_000);
        long committed = committedOffset();
        assertThat(committed).as("committed offset while a1 runs").isZero();

        // A consumer restarted now reads from the committed offset: every record, none lost.
        List<ConsumerRecord<String, byte[]>> redelivered = broker.companion().consume(String.class, byte[].class)
                .fromOffsets(Map.of(PARTITION, committed), sent.size()).awaitCompletion(WAIT).getRecords();
        assertThat(redelivered).extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactly(sent.stream().map(record -> record[1]).toArray(String[]::new));
        // ... and a restarted consumer (lanes of its own, each record on a new duplicated context) takes no effect
        // twice: the finished records are duplicates at once; a1's duplicate waits on a1's claim, a2 behind it.
        KeyedLanes restarted = new KeyedLanes("restarted", 16);
        Map<String, CompletableFuture<String>> again = new ConcurrentHashMap<>();
        for (ConsumerRecord<String, byte[]> record : redelivered) {
            String eventId = new String(record.value(), StandardCharsets.UTF_8).split("\\|")[0];
            if (eventId.startsWith("c1")) {
                continue; // dead-lettered again on a restart: nothing to count
            }
            CompletableFuture<String> outcome = new CompletableFuture<>();
            again.put(eventId, outcome);
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            context.runOnContext(ignored -> restarted.submit(Message.of(record), record.key(),
                    () -> consumer.process(record, context).invoke(outcome::complete)
                            .onFailure().invoke(outcome::completeExceptionally).replaceWithVoid()));
        }
        await().atMost(WAIT).until(() -> Set.of("b1", "b2", "c2").stream().allMatch(id -> again.get(id).isDone()));
        assertThat(Set.of("b1", "b2", "c2")).allSatisfy(id -> assertThat(again.get(id).join())
                .isEqualTo(ProcessedEvents.DUPLICATE));
        assertThat(again.get("a1")).isNotDone();
        assertThat(again.get("a2")).isNotDone();

        holdA1.complete(null);
        await().atMost(WAIT).until(() -> effects().keySet().containsAll(List.of("a1", "a2")));
        await().atMost(WAIT).until(() -> again.values().stream().allMatch(CompletableFuture::isDone));
        assertThat(again.get("a1").join()).isEqualTo(ProcessedEvents.DUPLICATE);
        assertThat(consumer.deliveries.get("a2")).as("once by each consumer").hasValue(2);
        Map<String, Long> effects = effects();
        assertThat(effects).containsOnlyKeys("a1", "a2", "b1", "b2", "c2");
        assertThat(effects.get("a1")).as("a1 took effect before a2").isLessThan(effects.get("a2"));
        assertThat(consumer.violations).as("steps off their record's context or log fields").hasValue(0);
        await().atMost(WAIT).until(() -> committedOffset() == sent.size());
    }

    /** Each effect that committed, with the order it was taken in. */
    Map<String, Long> effects() {
        Map<String, Long> effects = new HashMap<>();
        for (Row row : pool.query("SELECT event_id, applied_order FROM lane_effect").execute().await().atMost(WAIT)) {
            effects.put(row.getString("event_id"), row.getLong("applied_order"));
        }
        return effects;
    }

    long committedOffset() throws Exception {
        try (Admin admin = broker.admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .get(PARTITION);
            return offset == null ? 0 : offset.offset();
        }
    }
}
