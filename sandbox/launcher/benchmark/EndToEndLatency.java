import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The end-to-end benchmark's driver (sandbox/launcher/benchmark/end-to-end.sh starts the local run with
 * {@code ./marketplace up} and runs this against it): webhook received, payment status changed event, order
 * queryable, at a paced rate, each payment timed at every step.
 * <ol>
 * <li><b>Sellers</b>, linked through seller-linking-service as a marketplace links them (invitation, consent approved
 * at the sandbox, callback), until it says LINKED.</li>
 * <li><b>Mercado Libre orders</b> (OrdersBench's {@code orders} made them: seller, order id), each paid by its buyer
 * with a card that leaves the payment {@code in_process} (a real {@code /v1/payments} payment of the seller whose
 * {@code external_reference} is the order). The sandbox's Mercado Libre feed tells ingest, and order-projection-service
 * fetches each order: waited for on {@code orders.events} until every payment shows in its order.</li>
 * <li><b>Warm-up</b>: one signed {@code payment} webhook per payment posted to ingest at the set-up rate, so that
 * payment-service first hears of each ({@code payment.status-changed} without an old status) and every JVM of the
 * chain has run the path; then until every consumer group of the run has no lag.</li>
 * <li><b>Baseline</b>: {@code GET /v1/payments/{id}} straight at the sandbox with the seller's token, paced at the
 * measured rate: the one call payment-service must make for each notification.</li>
 * <li><b>Measured window</b>: at the rate, for each payment: {@code POST /sandbox/payments/{id}/status approved} (as
 * Mercado Pago resolves a contingency), then its signed webhook to ingest. Per payment: when the webhook was sent,
 * when ingest answered 200, when its {@code payment.status-changed} (in_process to approved) was read from
 * {@code payments.events}, and when an {@code order.changed} showing the payment approved was read from
 * {@code orders.events}. order-projection-service writes that event through its outbox in the transaction of the
 * change, so the order is queryable by then; one in {@code verify-every} is checked with
 * {@code GET /orders/{id}} right away.</li>
 * </ol>
 * The Mercado Libre feed is turned off (callback URL removed) before the window, so that the order changes through the
 * payment's chain only (an approval would otherwise also send an {@code orders_v2} message, and order-projection-service
 * would fetch the order a second way). Records are read {@code read_committed}.
 * <p>
 * Arguments, {@code name=value}: {@code sandbox ingest linking orders bootstrap} (URLs, broker), {@code token} (a
 * file with a bearer token with every role), {@code out} (directory: sellers.tsv, orders.tsv are read there; results
 * written there), {@code sellers}, {@code rate}, {@code setup-rate}, {@code verify-every}, {@code poll-every}
 * ({@link Poller}), {@code poll-at-once}, {@code wait-seconds},
 * {@code pids} ({@code name:pid,...}: CPU time read from /proc over the window), {@code metrics}
 * ({@code name:url,...}: Prometheus pages saved before and after the window). Subcommands: {@code link} (step 1,
 * writes sellers.tsv), {@code run} (steps 2 to 5). Progress goes to stderr, the report to stdout.
 */
public class EndToEndLatency {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String PAYMENTS_EVENTS = "payments.events";
    static final String ORDERS_EVENTS = "orders.events";

    final Map<String, String> args;
    final Path out;
    String sandboxDeliveries = "";

    /** One payment of the run: its order at Mercado Libre and its times (nanoTime; 0 = not yet). */
    static final class Sample {
        final long seller;
        final String mercadolibreOrder;
        final long payment;
        volatile long resolved;
        volatile long sent;
        volatile long answered;
        volatile int answer;
        volatile long event;
        volatile long ordered;
        volatile long queryable;
        volatile String orderId;
        final int index;

        Sample(int index, long seller, String mercadolibreOrder, long payment) {
            this.index = index;
            this.seller = seller;
            this.mercadolibreOrder = mercadolibreOrder;
            this.payment = payment;
        }
    }

    EndToEndLatency(Map<String, String> args) {
        this.args = args;
        this.out = Path.of(args.get("out"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            int equals = argv[i].indexOf('=');
            args.put(argv[i].substring(0, equals), argv[i].substring(equals + 1));
        }
        EndToEndLatency bench = new EndToEndLatency(args);
        switch (argv[0]) {
            case "link" -> bench.link();
            case "run" -> bench.run();
            default -> throw new IllegalArgumentException("link | run");
        }
    }

    // --- 1. Sellers ------------------------------------------------------------------------------------------------

    void link() throws Exception {
        String sandbox = args.get("sandbox");
        String linking = args.get("linking");
        String token = Files.readString(Path.of(args.get("token"))).trim();
        int count = Integer.parseInt(args.get("sellers"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            JsonNode seller = post(sandbox + "/sandbox/users", "{\"role\":\"seller\"}", null, 201);
            long id = seller.get("id").asLong();
            JsonNode invitation = post(linking + "/sellers/links", "{\"reference\":\"e2e-" + id + "\"}", token, 201);
            String consent = redirect(invitation.get("url").asText());
            Map<String, String> query = query(URI.create(consent).getRawQuery());
            Map<String, Object> approval = new LinkedHashMap<>();
            for (String name : List.of("client_id", "redirect_uri", "state", "code_challenge",
                    "code_challenge_method")) {
                approval.put(name, query.get(name));
            }
            approval.put("user_id", id);
            String callback = post(sandbox + "/sandbox/authorizations", JSON.writeValueAsString(approval), null, 200)
                    .get("redirect_to").asText();
            redirect(callback);
            Instant deadline = Instant.now().plusSeconds(60);
            while (!"LINKED".equals(get(linking + "/sellers/" + id, token).path("status").asText())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("seller " + id + " not linked within 60 s");
                }
                Thread.sleep(200);
            }
            // The seller's own token (the sandbox accepts it like the OAuth one): for the baseline's GETs only.
            lines.append(id).append('\t').append(seller.get("access_token").asText()).append('\t').append('-')
                    .append('\n');
        }
        Files.writeString(out.resolve("sellers.tsv"), lines);
        log("linked " + count + " sellers through seller-linking-service");
    }

    // --- 2 to 5 ----------------------------------------------------------------------------------------------------

    void run() throws Exception {
        String sandbox = args.get("sandbox");
        int rate = Integer.parseInt(args.get("rate"));
        int setupRate = Integer.parseInt(args.get("setup-rate"));
        int waitSeconds = Integer.parseInt(args.getOrDefault("wait-seconds", "180"));
        Map<Long, String> tokens = new HashMap<>();
        for (String[] seller : lines(out.resolve("sellers.tsv"))) {
            tokens.put(Long.parseLong(seller[0]), seller[1]);
        }
        String application = null;
        String webhookSecret = null;
        for (JsonNode candidate : get(sandbox + "/sandbox/applications", null)) {
            if (candidate.path("redirect_uris").toString().contains("/oauth/callback")) {
                application = candidate.get("client_id").asText();
                webhookSecret = candidate.get("webhook_secret").asText();
            }
        }

        List<Sample> samples = pay(sandbox, lines(out.resolve("orders.tsv")));
        Map<Long, Sample> byPayment = new ConcurrentHashMap<>();
        samples.forEach(sample -> byPayment.put(sample.payment, sample));

        Witness witness = new Witness(args.get("bootstrap"), byPayment);
        witness.start();
        waitFor("order-projection-service has every order with its payment (the Mercado Libre feed)", waitSeconds,
                () -> witness.inOrder.size() >= samples.size(), () -> witness.inOrder.size() + "/" + samples.size());
        waitFor("the sandbox has delivered every feed message", waitSeconds,
                () -> deliveries(sandbox, "status=pending") == 0,
                () -> deliveries(sandbox, "status=pending") + " pending");

        log("warm-up: " + samples.size() + " signed payment webhooks (in_process) at " + setupRate + "/s");
        Webhooks webhooks = new Webhooks(args.get("ingest"), webhookSecret);
        SendFigures warm = webhooks.send(samples, setupRate, false, sandbox, null);
        waitFor("payment-service has an event for every payment", waitSeconds,
                () -> witness.firstHeard.size() >= samples.size(),
                () -> witness.firstHeard.size() + "/" + samples.size());
        waitForNoLag(args.get("bootstrap"), waitSeconds);
        log("warm-up sent at " + Math.round(warm.rate()) + "/s, " + warm.refused() + " refused");

        log("baseline: GET /v1/payments/{id} straight at the sandbox, " + samples.size() + " at " + rate + "/s");
        Figures baseline = baseline(sandbox, samples, tokens, rate);

        // Only the payment's chain changes the order from here on.
        HttpResponse<String> feedOff = send("PATCH", sandbox + "/sandbox/applications/" + application
                + "/mercadolibre", "{\"callback_url\":null}", null);
        if (feedOff.statusCode() != 200) {
            throw new IllegalStateException("turning the feed off: " + feedOff.statusCode() + " " + feedOff.body());
        }
        waitForNoLag(args.get("bootstrap"), waitSeconds);

        String load = loadAverage();
        Map<String, Long> cpuBefore = cpu();
        saveMetrics("before");
        log("measured window: " + samples.size() + " approvals and their webhooks at " + rate + "/s");
        witness.measuring.set(true);
        Verifier verifier = new Verifier(args.get("orders"), Files.readString(Path.of(args.get("token"))).trim(),
                Integer.parseInt(args.getOrDefault("verify-every", "20")));
        witness.verifier = verifier;
        Poller poller = new Poller(args.get("orders"), Files.readString(Path.of(args.get("token"))).trim(),
                Integer.parseInt(args.getOrDefault("poll-every", "50")),
                Integer.parseInt(args.getOrDefault("poll-at-once", "8")));
        witness.poller = poller;
        LagSampler lagSampler = new LagSampler(args.get("bootstrap"), out.resolve("lag.tsv"));
        long windowStart = System.nanoTime();
        SendFigures sent = webhooks.send(samples, rate, true, sandbox, windowStart);
        long sendEnd = System.nanoTime();
        Map<String, Long> cpuSent = cpu();
        waitFor("every accepted webhook's order shows the payment approved", waitSeconds,
                () -> samples.stream().filter(s -> s.answer == 200).allMatch(s -> s.ordered > 0),
                () -> samples.stream().filter(s -> s.ordered > 0).count() + "/" + sent.accepted());
        long drained = System.nanoTime();
        Map<String, Long> cpuAfter = cpu();
        saveMetrics("after");
        String loadAfter = loadAverage();
        Map<String, Long> maxLag = lagSampler.stop();
        sandboxDeliveries = String.format("the sandbox's deliveries still pending after the window: %d (ingest's"
                + " own count of what it received in the window is below)", deliveries(sandbox, "status=pending"));
        verifier.await();
        poller.await();
        witness.stop();

        report(samples, sent, baseline, load, loadAfter, (sendEnd - windowStart) / 1e9, (drained - windowStart) / 1e9,
                cpuBefore, cpuSent, cpuAfter, verifier, poller, maxLag);
    }

    /** Pays each Mercado Libre order with a card that stays in process; returns the payments, in order. */
    List<Sample> pay(String sandbox, List<String[]> orders) throws Exception {
        log("paying " + orders.size() + " Mercado Libre orders (in_process)");
        Sample[] samples = new Sample[orders.size()];
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            String[] order = orders.get(i);
            int index = i;
            inFlight.acquire();
            calls.add(HTTP.sendAsync(json("POST", sandbox + "/sandbox/mercadolibre/orders/" + order[1] + "/payments",
                    "{\"outcome\":\"in_process\"}", null), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("paying " + order[1] + ": " + response.statusCode() + " "
                                    + response.body());
                        }
                        JsonNode payment = read(response.body()).get("payment");
                        if (!"in_process".equals(payment.path("status").asText())) {
                            throw new IllegalStateException("payment not in process: " + payment);
                        }
                        samples[index] = new Sample(index, Long.parseLong(order[0]), order[1], payment.get("id").asLong());
                    }).whenComplete((ignored, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        return List.of(samples);
    }

    // --- Webhooks ----------------------------------------------------------------------------------------------------

    record SendFigures(int accepted, int refused, double rate, long lateMicrosMax) {
    }

    /** Signed Mercado Pago {@code payment} webhooks, as the sandbox signs its own (NotificationLoad's manifest). */
    static final class Webhooks {
        final String ingest;
        final Mac mac;

        Webhooks(String ingest, String secret) throws GeneralSecurityException {
            this.ingest = ingest;
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        }

        synchronized String sign(String manifest) {
            return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
        }

        HttpRequest request(Sample sample) {
            String id = Long.toString(sample.payment);
            String requestId = UUID.randomUUID().toString();
            String ts = Long.toString(System.currentTimeMillis());
            String body = "{\"id\":" + ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L)
                    + ",\"live_mode\":false,\"type\":\"payment\",\"date_created\":\"" + Instant.now()
                    + "\",\"user_id\":" + sample.seller + ",\"api_version\":\"v1\",\"action\":\"payment.updated\","
                    + "\"data\":{\"id\":\"" + id + "\"}}";
            return HttpRequest.newBuilder(URI.create(ingest + "/webhooks/mercadopago?data.id=" + id + "&type=payment"))
                    .header("x-request-id", requestId)
                    .header("x-signature", "ts=" + ts + ",v1=" + sign("id:" + id + ";request-id:" + requestId
                            + ";ts:" + ts + ";"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        /**
         * Paced at {@code rate}: when {@code approve}, first the payment's approval at the sandbox, then (on its
         * answer) the webhook; else the webhook alone.
         */
        SendFigures send(List<Sample> samples, int rate, boolean approve, String sandbox, Long startedAt)
                throws Exception {
            Semaphore inFlight = new Semaphore(2000);
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            long lateMax = 0;
            long started = startedAt != null ? startedAt : System.nanoTime();
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                long due = started + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    lateMax = Math.max(lateMax, -wait / 1000);
                }
                Sample sample = samples.get(i);
                inFlight.acquire();
                CompletableFuture<Void> resolved = approve
                        ? HTTP.sendAsync(json("POST", sandbox + "/sandbox/payments/" + sample.payment + "/status",
                                "{\"status\":\"approved\"}", null), HttpResponse.BodyHandlers.ofString())
                                .thenAccept(response -> {
                                    if (response.statusCode() != 200) {
                                        throw new IllegalStateException("approving " + sample.payment + ": "
                                                + response.statusCode() + " " + response.body());
                                    }
                                    sample.resolved = System.nanoTime();
                                })
                        : CompletableFuture.completedFuture(null);
                calls.add(resolved.thenCompose(ignored -> {
                    HttpRequest request = request(sample);
                    long sent = System.nanoTime();
                    if (approve) {
                        sample.sent = sent;
                    }
                    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
                        if (approve) {
                            sample.answered = System.nanoTime();
                            sample.answer = response.statusCode();
                        }
                        (response.statusCode() == 200 ? accepted : refused).incrementAndGet();
                    });
                }).exceptionally(failure -> {
                    refused.incrementAndGet();
                    log("failed: " + failure);
                    return null;
                }).whenComplete((ignored, failure) -> inFlight.release()));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            return new SendFigures(accepted.get(), refused.get(), samples.size() / seconds, lateMax);
        }
    }

    // --- The witness: payments.events and orders.events ------------------------------------------------------------

    /** Reads both topics from their beginning, stamping each payment of the run when its records appear. */
    static final class Witness {
        final String bootstrap;
        final Map<Long, Sample> byPayment;
        final Set<Long> inOrder = ConcurrentHashMap.newKeySet();
        final Set<Long> firstHeard = ConcurrentHashMap.newKeySet();
        final AtomicBoolean measuring = new AtomicBoolean();
        final AtomicBoolean reading = new AtomicBoolean(true);
        volatile Verifier verifier;
        volatile Poller poller;
        // One reader per topic: a burst on one topic never delays the reading of the other.
        final List<Thread> threads = List.of(new Thread(() -> read(PAYMENTS_EVENTS), "witness-payments"),
                new Thread(() -> read(ORDERS_EVENTS), "witness-orders"));

        Witness(String bootstrap, Map<Long, Sample> byPayment) {
            this.bootstrap = bootstrap;
            this.byPayment = byPayment;
        }

        void start() {
            threads.forEach(Thread::start);
        }

        void stop() throws InterruptedException {
            reading.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        void read(String topic) {
            Properties properties = new Properties();
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                    new StringDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(topic, Duration.ofSeconds(60))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (reading.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        try {
                            see(record, now);
                        } catch (IOException | RuntimeException e) {
                            log("unreadable record on " + record.topic() + ": " + e);
                        }
                    }
                }
            }
        }

        void see(ConsumerRecord<String, String> record, long now) throws IOException {
            String type = header(record, "ce_type");
            if (type == null) {
                return;
            }
            if (record.topic().equals(PAYMENTS_EVENTS) && type.contains("status-changed")) {
                JsonNode data = JSON.readTree(record.value());
                Sample sample = byPayment.get(data.path("mercadopago_payment_id").asLong());
                if (sample == null) {
                    return;
                }
                String status = data.path("new_status").asText();
                if ("in_process".equals(status)) {
                    firstHeard.add(sample.payment);
                } else if ("approved".equals(status) && measuring.get() && sample.event == 0) {
                    sample.event = now;
                    Poller polling = poller;
                    if (polling != null) {
                        polling.maybeStart(sample);
                    }
                }
            } else if (record.topic().equals(ORDERS_EVENTS) && type.contains("order.changed")) {
                JsonNode data = JSON.readTree(record.value());
                for (JsonNode payment : data.path("payments")) {
                    Sample sample = byPayment.get(payment.path("mercadopago_payment_id").asLong());
                    if (sample == null) {
                        continue;
                    }
                    sample.orderId = data.path("order_id").asText();
                    inOrder.add(sample.payment);
                    if ("approved".equals(payment.path("status").asText()) && measuring.get()
                            && sample.ordered == 0) {
                        sample.ordered = now;
                        Verifier check = verifier;
                        if (check != null) {
                            check.maybeCheck(sample);
                        }
                    }
                }
            }
        }
    }

    /** {@code GET /orders/{id}} of one order in {@code every}, right when its event was read. */
    static final class Verifier {
        final String orders;
        final String token;
        final int every;
        final AtomicInteger seen = new AtomicInteger();
        final AtomicInteger approved = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();
        final ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<CompletableFuture<?>> calls = new ConcurrentLinkedQueue<>();

        Verifier(String orders, String token, int every) {
            this.orders = orders;
            this.token = token;
            this.every = every;
        }

        void maybeCheck(Sample sample) {
            if (every <= 0 || seen.getAndIncrement() % every != 0) {
                return;
            }
            long started = System.nanoTime();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(orders + "/orders/" + sample.orderId))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                        micros.add((System.nanoTime() - started) / 1000);
                        boolean shown = false;
                        if (response.statusCode() == 200) {
                            for (JsonNode payment : read(response.body()).path("payments")) {
                                shown |= payment.path("mercadopago_payment_id").asLong() == sample.payment
                                        && "approved".equals(payment.path("status").asText());
                            }
                        }
                        (shown ? approved : other).incrementAndGet();
                    }));
        }

        void await() {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }
    }

    /**
     * When the order became queryable, for a sample: from the moment a payment's status-changed event is read,
     * {@code GET /orders/{id}} every {@value #INTERVAL_MS} ms until it shows the payment approved (one payment in
     * {@code every}, at most {@code atOnce} polled at a time, so at most atOnce * 1000 / INTERVAL_MS requests per
     * second). The time kept is the sending of the first GET that showed it: within one interval and one GET's
     * latency of the commit.
     */
    static final class Poller {
        static final int INTERVAL_MS = 50;
        final String orders;
        final String token;
        final int every;
        final int atOnce;
        final Semaphore slots;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger gaveUp = new AtomicInteger();
        final ConcurrentLinkedQueue<Sample> polled = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        final java.util.concurrent.Phaser active = new java.util.concurrent.Phaser(1);

        Poller(String orders, String token, int every, int atOnce) {
            this.orders = orders;
            this.token = token;
            this.every = every;
            this.atOnce = atOnce;
            this.slots = new Semaphore(atOnce);
        }

        void maybeStart(Sample sample) {
            if (every <= 0 || sample.index % every != 0 || sample.orderId == null) {
                return;
            }
            if (!slots.tryAcquire()) {
                skipped.incrementAndGet();
                return;
            }
            active.register();
            poll(sample, System.nanoTime() + TimeUnit.SECONDS.toNanos(120));
        }

        void poll(Sample sample, long deadline) {
            long sent = System.nanoTime();
            requests.incrementAndGet();
            HTTP.sendAsync(HttpRequest.newBuilder(URI.create(orders + "/orders/" + sample.orderId))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                        boolean shown = false;
                        if (response != null && response.statusCode() == 200) {
                            for (JsonNode payment : read(response.body()).path("payments")) {
                                shown |= payment.path("mercadopago_payment_id").asLong() == sample.payment
                                        && "approved".equals(payment.path("status").asText());
                            }
                        }
                        if (shown || System.nanoTime() > deadline) {
                            if (shown) {
                                sample.queryable = sent;
                                polled.add(sample);
                            } else {
                                gaveUp.incrementAndGet();
                            }
                            slots.release();
                            active.arriveAndDeregister();
                        } else {
                            timer.schedule(() -> poll(sample, deadline), INTERVAL_MS, TimeUnit.MILLISECONDS);
                        }
                    });
        }

        void await() {
            active.arriveAndAwaitAdvance();
            timer.shutdown();
        }
    }

    // --- Baseline ------------------------------------------------------------------------------------------------

    record Figures(int count, double p50, double p99, double max) {
        static Figures of(long[] nanos) {
            long[] sorted = nanos.clone();
            java.util.Arrays.sort(sorted);
            return new Figures(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
        }

        String text() {
            return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d)", p50, p99, max, count);
        }
    }

    Figures baseline(String sandbox, List<Sample> samples, Map<Long, String> tokens, int rate) throws Exception {
        ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < samples.size(); i++) {
            long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Sample sample = samples.get(i);
            long sent = System.nanoTime();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox + "/v1/payments/" + sample.payment))
                    .header("Authorization", "Bearer " + tokens.get(sample.seller)).build(),
                    HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
                        nanos.add(System.nanoTime() - sent);
                        if (response.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        if (failures.get() > 0) {
            log("baseline: " + failures.get() + " GETs not answered 200");
        }
        return Figures.of(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    // --- Report ----------------------------------------------------------------------------------------------------

    void report(List<Sample> samples, SendFigures sent, Figures baseline, String loadBefore, String loadAfter,
            double sendSeconds, double drainSeconds, Map<String, Long> cpuBefore, Map<String, Long> cpuSent,
            Map<String, Long> cpuAfter, Verifier verifier, Poller poller, Map<String, Long> maxLag) throws IOException {
        List<Sample> accepted = samples.stream().filter(s -> s.answer == 200).toList();
        StringBuilder tsv = new StringBuilder("payment\tseller\tresolved_ms\tsent_ms\tanswered_ms\tevent_ms\t"
                + "ordered_ms\tanswer\n");
        long origin = samples.stream().mapToLong(s -> s.resolved == 0 ? Long.MAX_VALUE : s.resolved).min()
                .orElse(0);
        for (Sample s : samples) {
            tsv.append(s.payment).append('\t').append(s.seller).append('\t').append(ms(s.resolved, origin))
                    .append('\t').append(ms(s.sent, origin)).append('\t').append(ms(s.answered, origin)).append('\t')
                    .append(ms(s.event, origin)).append('\t').append(ms(s.ordered, origin)).append('\t')
                    .append(s.answer).append('\n');
        }
        Files.writeString(out.resolve("samples.tsv"), tsv);

        Figures ingest = leg(accepted, s -> true, s -> s.answered - s.sent);
        Figures payment = leg(accepted, s -> s.event > 0, s -> s.event - s.answered);
        Figures order = leg(accepted, s -> s.event > 0 && s.ordered > 0, s -> s.ordered - s.event);
        Figures whole = leg(accepted, s -> s.ordered > 0, s -> s.ordered - s.sent);
        Figures toEvent = leg(accepted, s -> s.event > 0, s -> s.event - s.sent);
        long events = accepted.stream().filter(s -> s.event > 0).count();
        long ordered = accepted.stream().filter(s -> s.ordered > 0).count();
        long orderBeforeEvent = accepted.stream().filter(s -> s.ordered > 0 && s.event > 0 && s.ordered < s.event)
                .count();
        long[] verifyNanos = verifier.micros.stream().mapToLong(m -> m * 1000).toArray();

        StringBuilder text = new StringBuilder();
        text.append(String.format("webhooks: %d sent at %.0f/s (asked %s/s; the pacer fell behind by up to %.1f ms),"
                + " %d answered 200, %d not%n", samples.size(), sent.rate(), args.get("rate"),
                sent.lateMicrosMax() / 1000.0, sent.accepted(), sent.refused()));
        text.append(String.format("arrived: %d payment.status-changed events (approved), %d orders showing the payment"
                + " approved, %d missing; sent in %.1f s, all arrived %.1f s after the first was sent%n", events,
                ordered, accepted.size() - ordered, sendSeconds, drainSeconds));
        text.append(String.format("load average before the window: %s; after: %s%n", loadBefore, loadAfter));
        text.append(sandboxDeliveries).append('\n');
        text.append("\n| leg | p50 ms | p99 ms | max ms | count |\n|---|---|---|---|---|\n");
        row(text, "ingest: webhook sent → 200", ingest);
        row(text, "payment-service: 200 → status-changed read", payment);
        row(text, "order-projection-service: status-changed → order.changed read", order);
        row(text, "webhook sent → status-changed read", toEvent);
        row(text, "**whole: webhook sent → order shows the payment approved**", whole);
        row(text, "baseline: GET /v1/payments/{id} at the sandbox, same rate", baseline);
        text.append(String.format("%nwhole p99 / baseline p99 = %.0f; orders shown before their payment event: %d%n",
                whole.p99() / baseline.p99(), orderBeforeEvent));
        text.append(String.format("GET /orders/{id} right after its event (1 in %d): %d showed the payment approved, %d"
                + " did not; %s%n", verifier.every, verifier.approved.get(), verifier.other.get(),
                Figures.of(verifyNanos).text()));
        List<Sample> polled = List.copyOf(poller.polled);
        Figures eventToQueryable = leg(polled, s -> true, s -> s.queryable - s.event);
        Figures queryableToOrderEvent = leg(polled, s -> s.ordered > 0, s -> s.ordered - s.queryable);
        Figures wholeToQueryable = leg(polled, s -> true, s -> s.queryable - s.sent);
        text.append(String.format("%nPolled (1 payment in %d, at most %d at a time, every %d ms; %d GETs, %d samples"
                + " skipped while all slots were busy, %d gave up after 120 s): the order answered the payment approved"
                + "%n%n| sampled leg | p50 ms | p99 ms | max ms | count |%n|---|---|---|---|---|%n", poller.every,
                poller.atOnce, Poller.INTERVAL_MS, poller.requests.get(), poller.skipped.get(),
                poller.gaveUp.get()));
        row(text, "status-changed read → order queryable (GET)", eventToQueryable);
        row(text, "order queryable (GET) → order.changed read (the outbox relay)", queryableToOrderEvent);
        row(text, "**whole to queryable: webhook sent → order queryable (GET)**", wholeToQueryable);
        text.append("\n| process | CPU s while sending | CPU s until drained | CPU ms per payment |\n|---|---|---|---|\n");
        long hz = 100;
        for (String name : cpuBefore.keySet()) {
            long whileSending = cpuSent.getOrDefault(name, 0L) - cpuBefore.get(name);
            long untilDrained = cpuAfter.getOrDefault(name, 0L) - cpuBefore.get(name);
            text.append(String.format("| %s | %.1f | %.1f | %.2f |%n", name, whileSending / (double) hz,
                    untilDrained / (double) hz, untilDrained * 1000.0 / hz / Math.max(1, samples.size())));
        }
        text.append("\nlargest lag of each consumer group during the window (records; lag.tsv has every second): ")
                .append(maxLag).append('\n');
        System.out.print(text);
    }

    static void row(StringBuilder text, String name, Figures figures) {
        text.append(String.format("| %s | %.1f | %.1f | %.1f | %d |%n", name, figures.p50(), figures.p99(),
                figures.max(), figures.count()));
    }

    static Figures leg(List<Sample> samples, Predicate<Sample> filter, java.util.function.ToLongFunction<Sample> f) {
        return Figures.of(samples.stream().filter(filter).mapToLong(f).toArray());
    }

    static String ms(long nanos, long origin) {
        return nanos == 0 ? "" : String.format("%.3f", (nanos - origin) / 1e6);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    // --- The machine and the services' own figures -------------------------------------------------------------

    static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** CPU ticks (user + system) of each named process, its children included (PostgreSQL's workers). */
    Map<String, Long> cpu() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String entry : args.getOrDefault("pids", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split(":");
            long pid = Long.parseLong(parts[1]);
            long total = ticksOf(pid);
            for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
                total += ticksOf(child.pid());
            }
            ticks.put(parts[0], total);
        }
        return ticks;
    }

    static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    void saveMetrics(String when) {
        for (String entry : args.getOrDefault("metrics", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            try {
                HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(entry.substring(colon + 1)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                Files.writeString(out.resolve("metrics-" + entry.substring(0, colon) + "-" + when + ".txt"),
                        page.body());
            } catch (IOException e) {
                log("metrics of " + entry.substring(0, colon) + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Each consumer group's lag: the records between its committed offsets and the ends of those partitions. */
    static Map<String, Long> lags(Admin admin) throws Exception {
        Map<String, Long> lags = new java.util.TreeMap<>();
        for (GroupListing group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var entry : committed.entrySet()) {
                if (entry.getValue() != null) {
                    lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                }
            }
            lags.put(group.groupId(), lag);
        }
        return lags;
    }

    /** Until no consumer group lags, twice in a row a second apart. */
    static void waitForNoLag(String bootstrap, int seconds) throws Exception {
        log("waiting until no consumer group lags");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Instant deadline = Instant.now().plusSeconds(seconds);
            int quiet = 0;
            while (quiet < 2) {
                Map<String, Long> lags = lags(admin);
                quiet = lags.values().stream().allMatch(lag -> lag == 0) ? quiet + 1 : 0;
                if (Instant.now().isAfter(deadline)) {
                    log("consumer groups still lag after " + seconds + " s: " + lags + "; going on");
                    return;
                }
                Thread.sleep(1000);
            }
        }
    }

    /**
     * Every second of the window, each consumer group's lag (lag.tsv), which shows where the records queue; their
     * commits trail what is processed by up to a commit interval, so a few hundred records is no queue.
     */
    static final class LagSampler implements Runnable {
        final String bootstrap;
        final Path file;
        final Map<String, Long> max = new java.util.concurrent.ConcurrentSkipListMap<>();
        final AtomicBoolean sampling = new AtomicBoolean(true);
        final Thread thread = new Thread(this, "lag-sampler");

        LagSampler(String bootstrap, Path file) {
            this.bootstrap = bootstrap;
            this.file = file;
            thread.start();
        }

        @Override
        public void run() {
            StringBuilder lines = new StringBuilder("seconds\tgroup\tlag\n");
            long start = System.nanoTime();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                while (sampling.get()) {
                    double at = (System.nanoTime() - start) / 1e9;
                    for (var lag : lags(admin).entrySet()) {
                        lines.append(String.format("%.1f\t%s\t%d%n", at, lag.getKey(), lag.getValue()));
                        max.merge(lag.getKey(), lag.getValue(), Math::max);
                    }
                    Thread.sleep(1000);
                }
                Files.writeString(file, lines);
            } catch (Exception e) {
                log("lag sampler: " + e);
            }
        }

        Map<String, Long> stop() throws InterruptedException {
            sampling.set(false);
            thread.join();
            return max;
        }
    }

    /** How many deliveries the sandbox recorded that match the query ({@code status=pending}, {@code type=...}). */
    static long deliveries(String sandbox, String query) {
        try {
            return get(sandbox + "/sandbox/webhooks/deliveries?limit=1&" + query, null).path("paging").path("total")
                    .asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // --- HTTP and files ----------------------------------------------------------------------------------------------

    static void waitFor(String what, int seconds, java.util.function.BooleanSupplier done,
            java.util.function.Supplier<String> progress) throws InterruptedException {
        log("waiting until " + what);
        Instant deadline = Instant.now().plusSeconds(seconds);
        Instant nextLine = Instant.now().plusSeconds(10);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                log("not within " + seconds + " s (" + progress.get() + "); going on");
                return;
            }
            if (Instant.now().isAfter(nextLine)) {
                log("  " + progress.get());
                nextLine = Instant.now().plusSeconds(10);
            }
            Thread.sleep(100);
        }
    }

    static HttpRequest json(String method, String url, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    static HttpResponse<String> send(String method, String url, String body, String token) throws Exception {
        return HTTP.send(json(method, url, body, token), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode post(String url, String body, String token, int expected) throws Exception {
        HttpResponse<String> response = send("POST", url, body, token);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    static JsonNode get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return read(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Follows nothing: the {@code Location} of a redirect. */
    static String redirect(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 3) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ", not a redirect");
        }
        return response.headers().firstValue("Location").orElseThrow();
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    static List<String[]> lines(Path file) throws IOException {
        List<String[]> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(line.split("\t"));
            }
        }
        return lines;
    }

    static void log(String line) {
        System.err.printf("%tT %s%n", System.currentTimeMillis(), line);
    }
}
