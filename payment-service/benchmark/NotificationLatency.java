import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Notification to "status changed" event, end to end, at a fixed rate: payments are created in process through
 * payment-service (a contingency) and approved at the sandbox (as Mercado Pago resolves a contingency), then, at
 * {@code rate} per second, the payment notification of each is published to {@code notifications.mercadopago.payment}
 * the way notification-ingest-service publishes it. The latency of each is from that publication to the moment this tool
 * reads the service's {@code payment.status-changed} event (in_process to approved) from {@code payments.events}:
 * the consumer, the fetch at the sandbox, the transaction, the outbox relay and the broker in between.
 * <p>
 * Usage: {@code NotificationLatency <bootstrap> <sandbox> <service> <bearer file> <CONT card tokens file> <rate>
 * <seconds>}. Prints one summary line, then {@code window <first sent> <last read>} in epoch milliseconds.
 */
public class NotificationLatency {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Created(String id, long mercadoPagoId, long sellerId) {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String sandbox = args[1];
        String service = args[2];
        String bearer = Files.readString(Path.of(args[3])).trim();
        List<String> tokenLines = Files.readAllLines(Path.of(args[4]));
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int count = Math.min(tokenLines.size(), rate * seconds);

        List<Created> payments = create(service, bearer, tokenLines.subList(0, count));
        // Mercado Pago changes a payment's status on its own machines, then notifies: the statuses change here before
        // the measured window, so that only the notifications' path shares this machine's cores while it is measured.
        AtomicInteger failures = new AtomicInteger();
        List<Created> approved = approve(sandbox, payments, failures);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> read(bootstrap, seenAt, reading), "events-reader");
        reader.start();
        Thread.sleep(3000); // the reader is positioned at the end of the topic

        Properties producerProperties = new Properties();
        producerProperties.put("bootstrap.servers", bootstrap);
        producerProperties.put("acks", "all");
        producerProperties.put("linger.ms", "1");
        long started = System.nanoTime();
        long startedEpochMillis = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < approved.size(); i++) {
                long due = started + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Created payment = approved.get(i);
                sentAt.put(payment.id(), System.nanoTime());
                producer.send(notification(payment));
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seenAt.keySet().containsAll(sentAt.keySet()) == false && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reading.set(false);
        reader.join();

        long[] latencies = sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
                .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf("notifications %d at %.0f/s (target %d/s), status-changed events %d, missing %d, "
                + "resolve failures %d; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", sentAt.size(),
                sentAt.size() / sendSeconds, rate, latencies.length, sentAt.size() - latencies.length, failures.get(),
                percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        // The measured window, for the caller's CPU samples: the first notification's send to the last event read.
        long lastSeen = seenAt.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
        System.out.printf("window %d %d%n", startedEpochMillis,
                startedEpochMillis + (lastSeen - started) / 1_000_000);
    }

    /** Approves each payment at the sandbox (a contingency resolved); the ones approved, in order. */
    static List<Created> approve(String sandbox, List<Created> payments, AtomicInteger failures) throws Exception {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Created>> calls = new ArrayList<>();
        for (Created payment : payments) {
            inFlight.acquire();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/payments/"
                    + payment.mercadoPagoId() + "/status")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"approved\"}")).build(),
                    HttpResponse.BodyHandlers.discarding()).thenApply(response -> {
                        if (response.statusCode() >= 300) {
                            failures.incrementAndGet();
                            return null;
                        }
                        return payment;
                    }).whenComplete((ignored, failure) -> inFlight.release()));
        }
        return calls.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList();
    }

    static List<Created> create(String service, String bearer, List<String> tokenLines) throws Exception {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<Created>> calls = new ArrayList<>();
        for (String line : tokenLines) {
            String[] parts = line.split("\t");
            String body = "{\"seller_id\":" + parts[0] + ",\"currency_id\":\"BRL\",\"transaction_amount\":50.00,"
                    + "\"token\":\"" + parts[2] + "\",\"installments\":1,\"payment_method_id\":\"master\","
                    + "\"payer\":{\"email\":\"test_user_buyer_one@testuser.com\"}}";
            inFlight.acquire();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(service + "/payments"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .header("Idempotency-Key", "latency-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        try {
                            JsonNode payment = JSON.readTree(response.body());
                            if (!"in_process".equals(payment.path("status").asText())) {
                                throw new IllegalStateException("not in process: " + response.body());
                            }
                            return new Created(payment.get("id").asText(),
                                    payment.get("mercadopago_payment_id").asLong(), Long.parseLong(parts[0]));
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).whenComplete((ignored, failure) -> inFlight.release()));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    /** The notification exactly as notification-ingest-service publishes a verified one (libs/events' builder). */
    static ProducerRecord<String, byte[]> notification(Created payment) {
        long notificationId = 10_000_000_000L + (long) (Math.random() * 89_999_999_999L);
        String dataId = Long.toString(payment.mercadoPagoId());
        String body = "{\"id\":" + notificationId + ",\"live_mode\":true,\"type\":\"payment\",\"date_created\":\""
                + OffsetDateTime.now() + "\",\"user_id\":" + payment.sellerId()
                + ",\"api_version\":\"v1\",\"action\":\"payment.updated\",\"data\":{\"id\":\"" + dataId + "\"}}";
        return dev.mpmarketplace.events.notification.RawNotifications.mercadoPagoWebhook("payment", dataId,
                java.util.UUID.randomUUID().toString(), Long.toString(System.currentTimeMillis() / 1000),
                payment.sellerId(), "payment.updated", Long.toString(notificationId),
                body.getBytes(StandardCharsets.UTF_8), OffsetDateTime.now()).toProducerRecord();
    }

    static void read(String bootstrap, Map<String, Long> seenAt, AtomicBoolean reading) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("payments.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null || !new String(type.value(), StandardCharsets.UTF_8).contains("status-changed")) {
                        continue;
                    }
                    try {
                        JsonNode data = JSON.readTree(record.value());
                        if ("approved".equals(data.path("new_status").asText())
                                && "in_process".equals(data.path("old_status").asText())) {
                            seenAt.putIfAbsent(data.get("payment_id").asText(), now);
                        }
                    } catch (java.io.IOException e) {
                        // not one of ours
                    }
                }
            }
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
