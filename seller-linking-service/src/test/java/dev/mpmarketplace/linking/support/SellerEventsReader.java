package dev.mpmarketplace.linking.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.mpmarketplace.events.CloudEventAttributes;

/** Reads a topic from the beginning with a fresh consumer group, as the marketplace's backends would. */
public final class SellerEventsReader {

    /** One record: key, CloudEvent attributes, value as text. */
    public record Event(String key, CloudEventAttributes attributes, String value) {
    }

    private SellerEventsReader() {
    }

    /** Every record of the topic that matches, waiting up to {@code wait} for at least {@code atLeast} of them. */
    public static List<Event> read(String bootstrap, String topic, Predicate<Event> matching, int atLeast,
            Duration wait) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    Event event = new Event(record.key(), CloudEventAttributes.readFrom(record.headers()),
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
                    if (matching.test(event)) {
                        events.add(event);
                    }
                }
                if (events.size() >= atLeast) {
                    // one more short poll so that a duplicate right behind would be seen too
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        Event event = new Event(record.key(), CloudEventAttributes.readFrom(record.headers()),
                                new String(record.value(), StandardCharsets.UTF_8));
                        if (matching.test(event)) {
                            events.add(event);
                        }
                    }
                    break;
                }
            }
        }
        return events;
    }
}
