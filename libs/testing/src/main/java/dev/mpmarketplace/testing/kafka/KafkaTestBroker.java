package dev.mpmarketplace.testing.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * What a test does with the project's test brokers ({@link EmbeddedKafkaBroker}, {@link RestartableKafkaBroker}),
 * through {@link KafkaCompanion} (SmallRye's test client, {@code io.quarkus:quarkus-test-kafka-companion}): produce,
 * consume, await records, inspect offsets and consumer groups. {@link #companion()} is the broker's own companion;
 * the two methods below are the shapes this project's tests need most.
 */
public interface KafkaTestBroker {

    /** How long a read or a write may take before the test fails. */
    Duration WAIT = Duration.ofSeconds(30);

    /** {@code host:port} of the broker's client listener. */
    String bootstrapServers();

    /** The broker's {@link KafkaCompanion}, created on first use and closed with the broker. */
    KafkaCompanion companion();

    /**
     * Every record of the topics, from their beginning to their end at the time of the call ({@code String} keys,
     * {@code byte[]} values), so a test can assert what a service published, and that it published nothing: a
     * service that answered after the broker's acknowledgement has its records there already.
     */
    default List<ConsumerRecord<String, byte[]>> records(Collection<String> topics) {
        KafkaCompanion companion = companion();
        Map<String, TopicDescription> descriptions = companion.topics().describe(topics.toArray(String[]::new));
        Map<TopicPartition, OffsetSpec> partitions = descriptions.values().stream()
                .flatMap(description -> description.partitions().stream()
                        .map(partition -> new TopicPartition(description.name(), partition.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.earliest()));
        Map<TopicPartition, Long> start = new HashMap<>();
        companion.offsets().list(partitions).forEach((partition, info) -> start.put(partition, info.offset()));
        partitions.replaceAll((partition, spec) -> OffsetSpec.latest());
        long count = companion.offsets().list(partitions).entrySet().stream()
                .mapToLong(entry -> entry.getValue().offset() - start.get(entry.getKey())).sum();
        if (count == 0) {
            return List.of();
        }
        return companion.consume(String.class, byte[].class).fromOffsets(start, count).awaitCompletion(WAIT)
                .getRecords();
    }

    /** Publishes the records and returns once the broker acknowledged every one. */
    @SuppressWarnings("unchecked")
    default void publish(ProducerRecord<String, byte[]>... records) {
        companion().produce(String.class, byte[].class).fromRecords(records).awaitCompletion(WAIT);
    }

    /** The last value of a record's header as UTF-8 text, or {@code null} when the record has none. */
    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
