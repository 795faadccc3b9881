import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.notification.RawNotifications;

/**
 * The order projection benchmark's steps (order-projection-service/benchmark/run.sh runs them):
 * <ul>
 * <li>{@code orders <sandbox> <sellers.tsv> <count> <out file>}: that many Mercado Libre orders (not in the mandatory
 * flow: confirmed), round robin over the linked sellers, each bought by a buyer of the sandbox's default site; lines: seller id,
 * order id;</li>
 * <li>{@code direct <sandbox> <sellers.tsv> <orders file> <rate>}: the baseline: {@code GET /orders/{id}} with the
 * seller's token straight at the sandbox, paced at that rate; prints p50 and p99 in milliseconds;</li>
 * <li>{@code notify <bootstrap> <orders file> <rate>}: one {@code orders_v2} notification per order, exactly as
 * notification-ingest-service publishes it (its {@code ce_time} the moment it is sent), paced at that rate;</li>
 * <li>{@code reset <bootstrap> <jdbc url>}: empties the model and resets the consumer group on the fact log (the
 * operator's rebuild steps 2 and 3, docs/services/order-projection-service.md); prints the facts on the log.</li>
 * </ul>
 */
public class OrdersBench {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "orders" -> orders(args[1], Path.of(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "direct" -> direct(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            case "notify" -> notify(args[1], Path.of(args[2]), Integer.parseInt(args[3]));
            case "reset" -> reset(args[1], args[2]);
            default -> throw new IllegalArgumentException("orders | direct | notify | reset");
        }
    }

    static List<String[]> lines(Path file) throws Exception {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(line.split("\t"));
            }
        }
        return lines;
    }

    static void orders(String sandbox, Path sellersFile, int count, Path out) throws Exception {
        List<String[]> sellers = lines(sellersFile);
        List<Long> buyers = new ArrayList<>();
        for (int i = 0; i < sellers.size(); i++) {
            // The sandbox's default site, as the sellers' (BenchSetup makes them without one).
            buyers.add(post(sandbox + "/sandbox/users", "{\"role\":\"buyer\"}").get("id").asLong());
        }
        String[] lines = new String[count];
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] seller = sellers.get(i % sellers.size());
            String body = "{\"seller_id\":" + seller[0] + ",\"buyer_id\":" + buyers.get(i % sellers.size())
                    + ",\"mercadopago_mandatory\":false,\"items\":[{\"title\":\"Item " + i
                    + "\",\"quantity\":1,\"unit_price\":10,\"condition\":\"used\"}]}";
            int index = i;
            inFlight.acquire();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/mercadolibre/orders"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                        try {
                            lines[index] = seller[0] + "\t" + JSON.readTree(response.body()).get("id").asText();
                        } catch (Exception e) {
                            throw new IllegalStateException("order " + index + ": " + response.statusCode());
                        }
                    }).whenComplete((ignored, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        Files.writeString(out, String.join("\n", lines) + "\n");
    }

    static void direct(String sandbox, Path sellersFile, Path ordersFile, int rate) throws Exception {
        Map<String, String> tokens = new java.util.HashMap<>();
        lines(sellersFile).forEach(seller -> tokens.put(seller[0], seller[1]));
        List<String[]> orders = lines(ordersFile);
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < orders.size(); i++) {
            pace(start, i, rate);
            String[] order = orders.get(i);
            long sent = System.nanoTime();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox + "/orders/" + order[1]))
                    .header("Authorization", "Bearer " + tokens.get(order[0])).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> micros.add((System.nanoTime() - sent) / 1000)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%.2f %.2f%n", sorted[sorted.length / 2] / 1000.0,
                sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1000.0);
    }

    static void notify(String bootstrap, Path ordersFile, int rate) throws Exception {
        List<String[]> orders = lines(ordersFile);
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < orders.size(); i++) {
                pace(start, i, rate);
                String[] order = orders.get(i);
                String id = UUID.randomUUID().toString();
                String body = "{\"_id\":\"" + id + "\",\"resource\":\"/orders/" + order[1] + "\",\"user_id\":"
                        + order[0] + ",\"topic\":\"orders_v2\",\"attempts\":1}";
                producer.send(RawNotifications.mercadoLibreFeed("orders_v2", id, "/orders/" + order[1],
                        Long.parseLong(order[0]), null, body.getBytes(StandardCharsets.UTF_8),
                        OffsetDateTime.now(ZoneOffset.UTC)).toProducerRecord());
            }
            producer.flush();
            System.out.printf("%.0f%n", orders.size() / ((System.nanoTime() - start) / 1e9));
        }
    }

    static void reset(String bootstrap, String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE order_timeline, order_refunds, order_payments, orders");
            statement.execute("DELETE FROM processed_event WHERE consumer = 'order-facts'");
        }
        String topic = "order-projection-service.facts";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(partition -> {
                        earliest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.earliest());
                        latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
                    });
            Map<TopicPartition, OffsetAndMetadata> reset = new java.util.HashMap<>();
            admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> reset.put(partition, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets("order-projection-service", reset).all().get(30, TimeUnit.SECONDS);
            long facts = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
            System.out.println(facts);
        }
    }

    static void pace(long start, int i, int rate) throws InterruptedException {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }
}
