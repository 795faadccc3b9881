package dev.mpmarketplace.linking.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.testing.kafka.KafkaTestBroker;

/**
 * The seller events of the topic as the marketplace's backends would read them, through the test broker's
 * {@code KafkaCompanion} (libs/testing).
 */
public final class SellerEventsReader {

    /** One record: key, CloudEvent attributes, value as text. */
    public record Event(String key, CloudEventAttributes attributes, String value) {
        static Event of(ConsumerRecord<String, byte[]> record) {
            return new Event(record.key(), CloudEventAttributes.readFrom(record.headers()),
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
    }

    private SellerEventsReader() {
    }

    /**
     * Every record of the topic that matches, once at least {@code atLeast} are there (waiting up to {@code wait}),
     * read again a moment later so that a duplicate right behind is seen too.
     */
    public static List<Event> read(KafkaTestBroker broker, String topic, Predicate<Event> matching, int atLeast,
            Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        List<Event> events = matching(broker, topic, matching);
        while (events.size() < atLeast && System.nanoTime() < deadline) {
            pause(200);
            events = matching(broker, topic, matching);
        }
        pause(500);
        return matching(broker, topic, matching);
    }

    private static List<Event> matching(KafkaTestBroker broker, String topic, Predicate<Event> matching) {
        return broker.records(List.of(topic)).stream().map(Event::of).filter(matching).toList();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
