package dev.mpmarketplace.testing.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.mpmarketplace.events.notification.NotificationBody;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotifications;
import dev.mpmarketplace.events.notification.SellerIds;

/**
 * Stands in for notification-ingest-service's {@code POST /webhooks/mercadolibre} in a service's tests: the Mercado
 * Pago sandbox's Mercado Libre feed (its real retries, duplicates, reordering and drops: docs/sandbox/faults.md) is
 * pointed at {@link #callbackUrl()} ({@code SandboxControl.mercadoLibreFeed}), and each delivery is published to the
 * test broker as exactly the record ingest publishes ({@link RawNotifications#mercadoLibreFeed}, the code ingest
 * itself uses), answered 200 only once the broker acknowledged it. It does not check {@code application_id}: the
 * sandbox sends only the marketplace application's feed here.
 * <p>
 * {@link #refuse(int)} answers the next deliveries 500, so the sandbox retries them later (on its clock): late
 * notifications. A delivery that is not a feed notification is answered 400 and published nowhere.
 */
public final class MercadoLibreFeedReceiver implements AutoCloseable {

    private static final String PATH = "/webhooks/mercadolibre";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicInteger refusals = new AtomicInteger();
    private final List<RawNotification> published = new ArrayList<>();

    private MercadoLibreFeedReceiver(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            producer.close();
            throw new UncheckedIOException("no port for the feed receiver", e);
        }
        server.createContext(PATH, this::receive);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a receiver on a free loopback port that publishes to the broker at {@code bootstrapServers}. */
    public static MercadoLibreFeedReceiver start(String bootstrapServers) {
        return new MercadoLibreFeedReceiver(bootstrapServers);
    }

    /** Where the sandbox should send the feed. */
    public String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Answers the next {@code deliveries} deliveries 500 without publishing them. */
    public void refuse(int deliveries) {
        refusals.set(deliveries);
    }

    /** What was published, in the order the broker acknowledged it. */
    public List<RawNotification> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    /** What was published about one resource ({@code /orders/<id>}), in order. */
    public List<RawNotification> published(String resource) {
        return published().stream().filter(notification -> notification.resourceId().equals(resource)).toList();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (refusals.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            RawNotification notification;
            try {
                notification = notification(body, exchange.getRequestHeaders().getFirst("x-request-id"));
            } catch (RuntimeException notAFeedNotification) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            try {
                producer.send(notification.toProducerRecord()).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                exchange.sendResponseHeaders(503, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            synchronized (published) {
                published.add(notification);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static RawNotification notification(byte[] body, String requestId) {
        ObjectNode json = NotificationBody.parseObject(body);
        Long sellerId = SellerIds.parse(text(json.get("user_id")));
        String topic = text(json.get("topic"));
        String id = text(json.get("_id"));
        String resource = text(json.get("resource"));
        if (sellerId == null || topic == null || id == null || resource == null) {
            throw new IllegalArgumentException("not a Mercado Libre feed notification");
        }
        return RawNotifications.mercadoLibreFeed(topic, id, resource, sellerId, requestId, body,
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        producer.close();
    }
}
