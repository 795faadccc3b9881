package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.mpmarketplace.events.Topic;

/**
 * Sends notifications of every kind notification-ingest-service receives (signed Mercado Pago webhooks of each
 * topic, Mercado Libre feed messages, Point integrator bodies) from many threads, and retries each one answered
 * otherwise than 200 as its sender would (a new delivery: a new {@code x-request-id}, a new signature), until it is
 * acknowledged or its patience runs out. Every 200 is recorded in the {@link History} with the event id it answered.
 */
final class NotificationLoad {

    /** A kind of notification and the topic ingest must put it on. */
    enum Kind {
        PAYMENT("payment", Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS),
        MERCHANT_ORDER("merchant_order", Topic.MERCADOPAGO_MERCHANT_ORDER_NOTIFICATIONS),
        MP_CONNECT("mp-connect", Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS),
        POINT_WEBHOOK("point_integration_wh", Topic.MERCADOPAGO_POINT_NOTIFICATIONS),
        ORDER("order", Topic.MERCADOPAGO_ORDER_NOTIFICATIONS),
        MERCADOLIBRE_ORDER("orders_v2", Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS),
        MERCADOLIBRE_PAYMENT("payments", Topic.MERCADOLIBRE_PAYMENT_NOTIFICATIONS),
        POINT_INTEGRATOR("point_integrator", Topic.MERCADOPAGO_POINT_NOTIFICATIONS);

        final String providerTopic;
        final Topic topic;

        Kind(String providerTopic, Topic topic) {
            this.providerTopic = providerTopic;
            this.topic = topic;
        }
    }

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> ingestUrls;
    private final String webhookSecret;
    private final String applicationId;
    private final long seller;
    private final History history;
    private final Duration patience;

    final AtomicInteger acknowledged = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger gaveUp = new AtomicInteger();
    final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();

    NotificationLoad(String ingestUrl, String webhookSecret, String applicationId, long seller, History history,
            Duration patience) {
        this(List.of(ingestUrl), webhookSecret, applicationId, seller, history, patience);
    }

    /**
     * Over several replicas of the ingest service, as behind a load balancer: notification {@code n}'s first attempt
     * goes to replica {@code n % size}, each retry to the next one.
     */
    NotificationLoad(List<String> ingestUrls, String webhookSecret, String applicationId, long seller,
            History history, Duration patience) {
        this.ingestUrls = List.copyOf(ingestUrls);
        this.webhookSecret = webhookSecret;
        this.applicationId = applicationId;
        this.seller = seller;
        this.history = history;
        this.patience = patience;
    }

    /** Sends {@code count} notifications, the kinds in turn, from {@code threads} threads; returns when all ended. */
    void send(int count, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            String resource = Long.toString(7_000_000_000L + i);
            int first = i;
            pool.execute(() -> deliver(kind, resource, first));
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the load did not finish in 30 minutes");
        }
    }

    private void deliver(Kind kind, String resource, int first) {
        Instant deadline = Instant.now().plus(patience);
        for (int attempt = first; Instant.now().isBefore(deadline); attempt++) {
            attempts.incrementAndGet();
            int status;
            String ingestUrl = ingestUrls.get(attempt % ingestUrls.size());
            try {
                HttpResponse<String> answer = http.send(request(ingestUrl, kind, resource),
                        HttpResponse.BodyHandlers.ofString());
                status = answer.statusCode();
                if (status == 200) {
                    Matcher id = EVENT_ID.matcher(answer.body());
                    if (!id.find()) {
                        throw new IllegalStateException("200 without an event id: " + answer.body());
                    }
                    history.acknowledged(id.group(1), kind.topic.topicName(), seller + ":" + resource);
                    acknowledged.incrementAndGet();
                    count(200);
                    return;
                }
                if (status == 400 || status == 401 || status == 403) {
                    throw new IllegalStateException(kind + " refused: " + status + " " + answer.body());
                }
            } catch (java.io.IOException e) {
                status = 0; // no answer: the connection failed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            count(status);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        gaveUp.incrementAndGet();
    }

    private void count(int status) {
        answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
    }

    private HttpRequest request(String ingestUrl, Kind kind, String resource) {
        String requestId = UUID.randomUUID().toString();
        HttpRequest.Builder builder;
        String body;
        switch (kind) {
            case MERCADOLIBRE_ORDER, MERCADOLIBRE_PAYMENT -> {
                String path = kind == Kind.MERCADOLIBRE_ORDER ? "/orders/" : "/collections/";
                String now = Instant.now().toString();
                body = "{\"_id\":\"" + UUID.randomUUID() + "\",\"resource\":\"" + path + resource + "\",\"user_id\":"
                        + seller + ",\"topic\":\"" + kind.providerTopic + "\",\"application_id\":" + applicationId
                        + ",\"attempts\":1,\"sent\":\"" + now + "\",\"received\":\"" + now + "\"}";
                builder = HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/mercadolibre"));
            }
            case POINT_INTEGRATOR -> {
                body = "{\"id\":\"" + UUID.nameUUIDFromBytes(resource.getBytes(StandardCharsets.UTF_8))
                        + "\",\"state\":\"FINISHED\",\"caller_id\":" + seller
                        + ",\"device_id\":\"PAX_A910__SMARTPOS0001\",\"amount\":1500,\"payment\":{\"id\":" + resource
                        + "}}";
                builder = HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/point/" + seller));
            }
            default -> {
                String ts = Long.toString(Instant.now().toEpochMilli());
                String manifest = "id:" + resource + ";request-id:" + requestId + ";ts:" + ts + ";";
                body = "{\"id\":" + resource + ",\"type\":\"" + kind.providerTopic + "\",\"action\":\""
                        + kind.providerTopic + ".updated\",\"live_mode\":false,\"user_id\":" + seller
                        + ",\"api_version\":\"v1\",\"data\":{\"id\":\"" + resource + "\"}}";
                builder = HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/mercadopago?data.id=" + resource
                        + "&type=" + kind.providerTopic))
                        .header("x-signature", "ts=" + ts + ",v1=" + hmac(manifest));
            }
        }
        return builder.header("x-request-id", requestId).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String hmac(String manifest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(webhookSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The end of a notification scenario: reads the raw notification topics to their end into the history, writes
     * the load's outcome and the checker's verdict to the figures, and fails unless every notification was
     * acknowledged and none acknowledged is missing.
     */
    void recordAndCheck(String bootstrapServers, int notifications, RunFigures figures) throws java.io.IOException {
        int read = TopicReader.readAll(bootstrapServers, topics(),
                record -> history.published(TopicReader.header(record, "ce_id"), record.topic()));
        figures.line("sent: " + attempts.get() + " attempts, answers " + answers + " (0: no answer), acknowledged "
                + acknowledged.get() + ", gave up " + gaveUp.get() + "; records on the topics: " + read);
        HistoryChecker.Verdict verdict = HistoryChecker.check(history);
        figures.finish(verdict);

        assertThat(acknowledged.get()).as("every notification acknowledged in the end")
                .isEqualTo(notifications);
        assertThat(verdict.violations()).as(verdict.render()).isEmpty();
    }

    /** The raw notification topics, where the records of this load land. */
    static List<String> topics() {
        return java.util.Arrays.stream(Kind.values()).map(kind -> kind.topic.topicName()).distinct().toList();
    }
}
