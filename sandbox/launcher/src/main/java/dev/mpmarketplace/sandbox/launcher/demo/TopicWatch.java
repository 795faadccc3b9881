package dev.mpmarketplace.sandbox.launcher.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record written to the watched topics from the moment the demo starts, read by one consumer on its own thread
 * (no consumer group, nothing committed: the demo only looks). A record is kept as its topic, key, CloudEvents type
 * and subject, and its value to match on; values are never printed (a raw notification is Mercado Pago's body).
 */
final class TopicWatch implements AutoCloseable {

    /** A record as the demo shows it. */
    record Event(String topic, String key, String type, String subject, String value) {

        boolean mentions(String needle) {
            return contains(key, needle) || contains(subject, needle) || contains(value, needle);
        }

        /** {@code topic  type  key} with the common prefix of the types left out. */
        String line() {
            String shortType = type == null ? "-" : type.replaceFirst("^dev\\.mpmarketplace\\.", "");
            return String.format("%-38s %-44s key=%s", topic, shortType, key);
        }

        private static boolean contains(String text, String needle) {
            return text != null && text.contains(needle);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean closing;
    private final CompletableFuture<Void> positioned = new CompletableFuture<>();

    TopicWatch(String bootstrapServers, List<String> topics) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        poller = new Thread(() -> poll(properties, topics), "demo-topic-watch");
        poller.setDaemon(true);
        poller.start();
    }

    /** Waits until the consumer stands at the end of every watched partition, so no later record is missed. */
    void awaitPositioned(Duration timeout) throws Exception {
        positioned.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll(Properties properties, List<String> topics) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.complete(null);
            while (!closing) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(new Event(record.topic(), record.key(), header(record, "ce_type"),
                            header(record, "ce_subject"), record.value()));
                }
            }
        } catch (RuntimeException e) {
            positioned.completeExceptionally(e);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** How many records were seen so far: a mark to list a step's records from. */
    int mark() {
        return events.size();
    }

    /** The records since {@code mark} that mention any of the needles (in key, subject or value). */
    List<Event> since(int mark, List<String> needles) {
        return events.subList(mark, events.size()).stream()
                .filter(e -> needles.stream().anyMatch(e::mentions)).toList();
    }

    /** Waits up to {@code timeout} for a record since {@code mark} that matches. */
    boolean await(int mark, Predicate<Event> matching, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        do {
            if (events.subList(mark, events.size()).stream().anyMatch(matching)) {
                return true;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        poller.join(5_000);
    }
}
