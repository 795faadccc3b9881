package dev.mpmarketplace.sandbox.launcher.faults;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;
import dev.mpmarketplace.sandbox.launcher.faults.Platform.Answer;

/**
 * Point payment intents through point-service's API (Integration API) for one linked seller, each with its own
 * idempotency key, on devices of its own (one intent at a time per device, as Mercado Pago queues them), played by the
 * sandbox's device simulator along six lives: approved and then refunded through the API (a refund intent on the same
 * device), approved, rejected, an error, abandoned at the terminal, cancelled through the API before pick-up. Every
 * create is sent twice with its key; every intent the simulated devices ever had queued is recorded by its external
 * reference (point-service's id) or, for a refund, by the payment it refunds, so a second intent for one key shows.
 * Afterwards {@link #record} reads what point-service and the sandbox say about each intent.
 */
final class PointLoad {

    static final String POINT = "point-service";
    private static final Set<String> FINAL = Set.of("FINISHED", "REJECTED", "ERROR", "CANCELED", "ABANDONED",
            "REFUSED", "REFUNDED");

    private final Platform platform;
    private final List<String> pointUrls;
    private final long seller;
    private final String sellerToken;
    private final History history;

    /** Point-service's intent id to its idempotency key (payment and refund intents). */
    final Map<String, String> intents = new ConcurrentHashMap<>();
    /** Point-service's intent id to its life (approved-refunded, approved, ...), or {@code refund}. */
    final Map<String, String> lives = new ConcurrentHashMap<>();
    /** Point-service's payment intent id to the idempotency key of its refund. */
    private final Map<String, String> refundKeys = new ConcurrentHashMap<>();
    /** The Mercado Pago payment id a payment intent made, to point-service's payment intent id. */
    private final Map<Long, String> intentByPayment = new ConcurrentHashMap<>();
    /** Point-service's intent id to the Mercado Pago intent the device had queued for it. */
    private final Map<String, String> providerIds = new ConcurrentHashMap<>();
    /** What the sandbox says each intent ended as, read once the load is over ({@link #settle}). */
    private final Map<String, String> providerStates = new ConcurrentHashMap<>();
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger refunds = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();
    /** Intents found queued on a device that the load did not expect there (a second intent for a key, ...). */
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param pointUrls point-service's replicas: intent {@code n}'s calls go to replica {@code n % size}, its retry
     *        with the same key to the next one
     */
    PointLoad(Platform platform, List<String> pointUrls, long seller, String sellerToken, History history) {
        this.platform = platform;
        this.pointUrls = List.copyOf(pointUrls);
        this.seller = seller;
        this.sellerToken = sellerToken;
        this.history = history;
    }

    /**
     * Switches Point on for the seller (Integration API), waits until its integrator webhook is registered through
     * ingest's challenge, asks the sandbox to notify every state (not only the final ones), and gives the seller
     * {@code count} new devices in PDV mode, which point-service then lists.
     *
     * @return the devices' ids
     */
    List<String> setUp(int count) throws InterruptedException {
        String point = pointUrls.get(0);
        Platform.require(platform.api("PUT", point + "/sellers/" + seller + "/point",
                Map.of("enabled", true, "adapter", "INTEGRATION_API"), Map.of()), 200);
        Instant deadline = Instant.now().plusSeconds(90);
        while (true) {
            Answer setUp = platform.api("GET", point + "/sellers/" + seller + "/point", null, Map.of());
            if (setUp.status() == 200 && "REGISTERED".equals(setUp.body().path("registration").asText())) {
                break;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("integrator webhook not registered in 90 s: " + setUp.text());
            }
            Thread.sleep(500);
        }
        Platform.require(platform.sandbox("PUT", "/sandbox/point/settings",
                Map.of("notify_intermediate_states", true), null), 200);
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JsonNode device = Platform.require(platform.sandbox("POST", "/sandbox/users/" + seller + "/point-devices",
                    Map.of(), null), 201).body();
            if (!"PDV".equals(device.path("operating_mode").asText())) {
                throw new IllegalStateException("a new device not in PDV mode: " + device);
            }
            devices.add(device.get("id").asText());
        }
        JsonNode listed = Platform.require(platform.api("GET", point + "/sellers/" + seller + "/devices?refresh=true",
                null, Map.of()), 200).body().path("devices");
        List<String> known = new ArrayList<>();
        listed.forEach(device -> known.add(device.path("id").asText()));
        if (!known.containsAll(devices)) {
            throw new IllegalStateException("point-service does not list the new devices: " + listed);
        }
        return devices;
    }

    /** Drives {@code perDevice} intents on each device, the devices at once. */
    void run(List<String> devices, int perDevice, String runId) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(devices.size());
        for (int d = 0; d < devices.size(); d++) {
            int deviceNumber = d;
            pool.execute(() -> {
                String device = devices.get(deviceNumber);
                for (int i = 0; i < perDevice; i++) {
                    int n = deviceNumber * perDevice + i;
                    try {
                        if (!one(n, device, runId + "-" + n)) {
                            failures.add(n + ": device " + device + " left busy; its remaining intents not made");
                            return;
                        }
                    } catch (RuntimeException e) {
                        failures.add(n + ": " + e.getMessage());
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("intents did not finish in 30 minutes");
        }
    }

    /** One intent along its life; {@code false} when the device stays held and nothing more can be queued on it. */
    private boolean one(int n, String device, String key) {
        String pointUrl = pointUrls.get(n % pointUrls.size());
        String life = switch (n % 6) {
            case 0 -> "approved-refunded";
            case 1 -> "approved";
            case 2 -> "rejected";
            case 3 -> "error";
            case 4 -> "abandoned";
            default -> "cancelled";
        };
        clearUnexpected(device);
        BigDecimal amount = switch (life) {
            case "rejected" -> new BigDecimal("12.00");
            case "error" -> new BigDecimal("13.00");
            default -> new BigDecimal("25.00");
        };
        Map<String, Object> create = Map.of("seller_id", seller, "device_id", device, "amount", amount,
                "description", "fault suite " + key, "payment_type", "credit_card");
        Answer answer = withRetries("POST", pointUrl + "/intents", create, key);
        if (answer.status() != 201 && answer.status() != 200 && answer.status() != 202) {
            throw new IllegalStateException("create " + key + ": " + answer.status() + " " + answer.text());
        }
        String id = answer.body().get("id").asText();
        intents.put(id, key);
        lives.put(id, life);
        created.incrementAndGet();
        if (answer.status() == 201) {
            history.intentAcknowledged(key);
        }
        Answer again = withRetries("POST", pointUrls.get((n + 1) % pointUrls.size()) + "/intents", create, key);
        if (again.status() / 100 != 2 || !id.equals(again.body().get("id").asText())) {
            throw new IllegalStateException("retry of " + key + ": " + again.status() + " " + again.text());
        }
        JsonNode queued = awaitQueued(device, "payment_intent", id);
        if (queued == null) {
            // Mercado Pago never got it: point-service settles it by asking (REFUSED past its horizon); the device
            // stays held at point-service until then.
            return awaitFinal(pointUrl, id, Duration.ofSeconds(30)) != null;
        }
        history.intentAcknowledged(key);
        if (life.equals("cancelled")) {
            pause();
            Answer cancel = withRetries("POST", pointUrl + "/intents/" + id + "/cancel", null, null);
            if (cancel.status() != 200 && !(cancel.status() == 409 && cancel.text().contains("intent-final"))) {
                failures.add("cancel " + id + ": " + cancel.status() + " " + cancel.text());
            }
        } else {
            act(device, "pick-up", Map.of());
            if (life.equals("abandoned")) {
                act(device, "abandon", Map.of());
            } else {
                if (!life.equals("rejected")) {
                    act(device, "start-processing", Map.of());
                }
                String outcome = life.startsWith("approved") ? "approved" : life;
                JsonNode processed = act(device, "process", Map.of("outcome", outcome));
                JsonNode payment = processed.path("resource").path("payment");
                if (payment.hasNonNull("id")) {
                    intentByPayment.put(payment.get("id").asLong(), id);
                }
            }
        }
        JsonNode done = awaitFinal(pointUrl, id, Duration.ofMinutes(3));
        if (done == null) {
            return false;
        }
        if (life.equals("approved-refunded") && "FINISHED".equals(done.path("state").asText())) {
            if (done.path("payment").hasNonNull("id")) {
                intentByPayment.put(done.path("payment").get("id").asLong(), id);
            }
            return refund(pointUrl, device, id, key + "-refund");
        }
        return true;
    }

    private boolean refund(String pointUrl, String device, String paymentIntent, String key) {
        refundKeys.put(paymentIntent, key);
        Answer answer = withRetries("POST", pointUrl + "/intents/" + paymentIntent + "/refund", null, key);
        if (answer.status() != 201 && answer.status() != 200) {
            failures.add("refund " + paymentIntent + ": " + answer.status() + " " + answer.text());
            return true;
        }
        String id = answer.body().get("id").asText();
        intents.put(id, key);
        lives.put(id, "refund");
        refunds.incrementAndGet();
        history.intentAcknowledged(key);
        JsonNode queued = awaitQueued(device, "refund_intent", paymentIntent);
        if (queued == null) {
            return awaitFinal(pointUrl, id, Duration.ofSeconds(30)) != null;
        }
        providerIds.put(id, queued.get("id").asText());
        act(device, "pick-up", Map.of());
        act(device, "process", Map.of());
        JsonNode done = awaitFinal(pointUrl, id, Duration.ofMinutes(3));
        if (done == null) {
            return false;
        }
        // Only a finished refund makes the payment REFUNDED (a refund Mercado Pago refuses ends ERROR).
        return !"FINISHED".equals(done.path("state").asText())
                || awaitFinal(pointUrl, paymentIntent, Duration.ofMinutes(1)) != null;
    }

    /**
     * Waits until the device has something queued and records it; {@code null} when nothing came within 60 s.
     *
     * @param ours the payment intent it should be for (itself, or the payment intent a refund refunds)
     */
    private JsonNode awaitQueued(String device, String kind, String ours) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode queued = platform.sandbox("GET", "/sandbox/point/devices/" + device, null, null).body()
                    .path("queued");
            if (queued.hasNonNull("id")) {
                String owner = recordProvider(queued);
                if (kind.equals(queued.path("kind").asText()) && ours.equals(owner)) {
                    return queued;
                }
                unexpected.add(device + ": " + queued + " while waiting for " + kind + " of " + ours);
                act(device, "cancel", Map.of());
            }
            sleep(300);
        }
        return null;
    }

    /** Anything still queued on the device before a new intent is requested is recorded and cancelled there. */
    private void clearUnexpected(String device) {
        JsonNode queued = platform.sandbox("GET", "/sandbox/point/devices/" + device, null, null).body()
                .path("queued");
        if (queued.hasNonNull("id")) {
            recordProvider(queued);
            unexpected.add(device + ": " + queued + " before a new intent");
            act(device, "cancel", Map.of());
        }
    }

    /**
     * Records a queued Mercado Pago intent against the key of the request it belongs to: a payment intent by its
     * external reference (point-service's id), a refund intent by the payment intent that made the payment it refunds.
     *
     * @return point-service's payment intent it belongs to, or {@code null} when none is known
     */
    private String recordProvider(JsonNode queued) {
        String providerId = queued.get("id").asText();
        if ("payment_intent".equals(queued.path("kind").asText())) {
            JsonNode intent = platform.sandbox("GET", "/point/integration-api/payment-intents/" + providerId, null,
                    sellerToken).body();
            String ours = intent.path("additional_info").path("external_reference").asText(null);
            String key = ours == null ? null : intents.get(ours);
            history.providerIntent(key == null ? "unknown:" + ours : key, providerId);
            if (ours != null) {
                providerIds.putIfAbsent(ours, providerId);
            }
            return ours;
        }
        JsonNode refund = platform.sandbox("GET", "/point/integration-api/refund/" + providerId, null, sellerToken)
                .body();
        String paymentIntent = intentByPayment.get(refund.path("payment_id").asLong());
        String key = paymentIntent == null ? null : refundKeys.get(paymentIntent);
        history.providerIntent(key == null ? "unknown-refund:" + refund.path("payment_id").asText() : key,
                providerId);
        return paymentIntent;
    }

    private JsonNode act(String device, String action, Map<String, Object> body) {
        pause();
        Answer answer = platform.sandbox("POST", "/sandbox/point/devices/" + device + "/" + action, body, null);
        if (answer.status() / 100 != 2) {
            failures.add(action + " on " + device + ": " + answer.status() + " " + answer.text());
            return Platform.JSON.createObjectNode();
        }
        return answer.body();
    }

    /** Waits until point-service says the intent is final; {@code null} when it does not within the patience. */
    private JsonNode awaitFinal(String pointUrl, String id, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            Answer intent = platform.api("GET", pointUrl + "/intents/" + id, null, Map.of());
            if (intent.status() == 200) {
                last = intent.body().path("state").asText();
                if (FINAL.contains(last) && !(lives.get(id).equals("approved-refunded") && intent.body()
                        .path("refunds").size() > 0 && !last.equals("REFUNDED"))) {
                    return intent.body();
                }
            }
            sleep(500);
        }
        failures.add("intent " + id + " (" + lives.get(id) + ") not final at point-service after "
                + patience.toSeconds() + " s: " + last);
        return null;
    }

    /**
     * A call as a careful caller makes it while services restart: no answer, a 5xx or 409 {@code request-in-progress}
     * (or {@code intent-pending}) is an unknown outcome, asked again with the same idempotency key for up to two
     * minutes.
     */
    private Answer withRetries(String method, String url, Object body, String key) {
        Instant deadline = Instant.now().plusSeconds(120);
        Answer answer;
        do {
            answer = platform.api(method, url, body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
            // A cancel of an intent whose creation point-service has not settled yet (a kill mid-call) waits too.
            boolean unknown = answer.status() == 0 || answer.status() >= 500 || (answer.status() == 409
                    && (answer.text().contains("request-in-progress") || answer.text().contains("intent-pending")));
            if (!unknown) {
                return answer;
            }
            retries.incrementAndGet();
            sleep(1000);
        } while (Instant.now().isBefore(deadline));
        return answer;
    }

    /**
     * Reads what the sandbox says each intent ended as, then waits until point-service agrees on every intent (or the
     * patience runs out). Call it before {@link #record}.
     *
     * @return how long it took, or {@code null} if it never agreed
     */
    Duration settle(Duration patience) {
        Instant begin = Instant.now();
        Instant deadline = begin.plus(patience);
        // The load is over: what the sandbox says no longer changes, so it is asked once (some of those reads are
        // answered late on purpose).
        intents.keySet().forEach(id -> {
            String provider = providerState(id);
            if (provider != null) {
                providerStates.put(id, provider);
            }
        });
        while (Instant.now().isBefore(deadline)) {
            if (intents.keySet().stream().allMatch(id -> {
                String provider = providerStates.get(id);
                JsonNode ours = platform.api("GET", pointUrls.get(0) + "/intents/" + id, null, Map.of()).body();
                return provider == null || ours != null && provider.equalsIgnoreCase(ours.path("state").asText());
            })) {
                return Duration.between(begin, Instant.now());
            }
            sleep(2000);
        }
        return null;
    }

    /**
     * Records every intent's timeline (its moves; point-service's own {@code PENDING}, which no event states, left out) and
     * final states, and every intent still queued on a device.
     */
    void record(List<String> devices) {
        devices.forEach(this::clearUnexpected);
        intents.forEach((id, key) -> {
            JsonNode ours = platform.api("GET", pointUrls.get(0) + "/intents/" + id, null, Map.of()).body();
            Subject subject = new Subject(Lifecycle.POINT_INTENT, id);
            List<String> timeline = new ArrayList<>();
            ours.path("timeline").forEach(change -> {
                // A note (from and to the same state: an unresolved creation, a cancel asked for) moves nothing.
                String to = change.path("to").asText();
                if (!"PENDING".equals(to) && !to.equals(change.path("from").asText(null))) {
                    timeline.add(to.toLowerCase(Locale.ROOT));
                }
            });
            history.timeline(subject, timeline);
            String provider = providerStates.get(id);
            if (provider != null) {
                history.finalState(subject, ours.path("state").asText(), provider);
            } else if (ours.hasNonNull("mercadopago_id")) {
                history.finalState(subject, ours.path("state").asText(), "(Mercado Pago has " + ours
                        .path("mercadopago_id").asText() + ", no device ever had it)");
            }
        });
    }

    /**
     * The state the sandbox says the intent is in, in point-service's words as the sandbox defines them
     * (docs/sandbox/point.md): a payment intent {@code FINISHED} is finished, rejected or refunded by its payment; a
     * refund intent is its own state. {@code null} when Mercado Pago never had the intent.
     */
    private String providerState(String id) {
        String providerId = providerIds.get(id);
        if (providerId == null) {
            return null;
        }
        if ("refund".equals(lives.get(id))) {
            return platform.sandbox("GET", "/point/integration-api/refund/" + providerId, null, sellerToken).body()
                    .path("state").asText().toLowerCase(Locale.ROOT);
        }
        JsonNode intent = platform.sandbox("GET", "/point/integration-api/payment-intents/" + providerId, null,
                sellerToken).body();
        String state = intent.path("state").asText().toLowerCase(Locale.ROOT);
        if (!state.equals("finished")) {
            return state;
        }
        long payment = intent.path("payment").path("id").asLong();
        String status = platform.sandbox("GET", "/v1/payments/" + payment, null, sellerToken).body().path("status")
                .asText();
        return switch (status) {
            case "approved" -> "finished";
            case "refunded" -> "refunded";
            default -> "rejected";
        };
    }

    /**
     * The person at the terminal: usually quick, one step in four slow (5 to 8 s), so that point-service's sweep asks
     * about the intent while the device moves it on, and a late answer can race a newer notification.
     */
    private static void pause() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        sleep(random.nextInt(4) == 0 ? random.nextLong(5000, 8000) : random.nextLong(100, 700));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
