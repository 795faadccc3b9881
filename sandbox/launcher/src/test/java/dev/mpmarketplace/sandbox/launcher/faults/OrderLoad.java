package dev.mpmarketplace.sandbox.launcher.faults;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;
import dev.mpmarketplace.sandbox.launcher.faults.Platform.Answer;

/**
 * Mercado Libre orders of one linked seller, bought and paid at the sandbox (its buyer's side: the control API), which
 * notifies them through its feed to ingest ({@code orders_v2}, {@code created_orders}) for order-projection-service to
 * fetch, along five lives: Mercado Pago mandatory (hidden until paid) paid by one card; mandatory, a card rejected and
 * a second approved; not mandatory (visible at once) paid in two halves ({@code partially_paid}, then {@code paid});
 * not mandatory, half paid and then cancelled by the buyer (the payment refunded); not mandatory, paid in three
 * parts and then cancelled ({@code confirmed}, {@code partially_paid} twice, {@code paid}, {@code cancelled}: the
 * most changes, so the most chances for an old answer to overtake a newer one, and a way back from a final status
 * that no re-read repairs). Afterwards {@link #record} reads what order-projection-service and the sandbox say about
 * each.
 */
final class OrderLoad {

    static final String ORDERS = "order-projection-service";

    private final Platform platform;
    private final List<String> orderUrls;
    private final long seller;
    private final long buyer;
    private final History history;

    /** The platform's order id (a name-based UUID of the seller and the Mercado Libre id) to the Mercado Libre id. */
    final Map<String, Long> orders = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> lives = new ConcurrentHashMap<>();
    final AtomicInteger payments = new AtomicInteger();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** @param orderUrls order-projection-service's replicas; reads go to the first */
    OrderLoad(Platform platform, List<String> orderUrls, long seller, long buyer, History history) {
        this.platform = platform;
        this.orderUrls = List.copyOf(orderUrls);
        this.seller = seller;
        this.buyer = buyer;
        this.history = history;
    }

    void run(int count, int threads) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.execute(() -> {
                try {
                    one(n);
                } catch (RuntimeException e) {
                    failures.add(n + ": " + e.getMessage());
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(20, TimeUnit.MINUTES)) {
            throw new IllegalStateException("orders did not finish in 20 minutes");
        }
    }

    private void one(int n) {
        String life = switch (n % 5) {
            case 0 -> "mandatory-paid";
            case 1 -> "mandatory-rejected-then-paid";
            case 2 -> "paid-in-halves";
            case 3 -> "half-paid-then-cancelled";
            default -> "paid-in-thirds-then-cancelled";
        };
        boolean mandatory = life.startsWith("mandatory");
        Map<String, Object> order = Map.of("seller_id", seller, "buyer_id", buyer, "mercadopago_mandatory", mandatory,
                "items", List.of(Map.of("title", "fault suite item " + n, "quantity", 1, "unit_price",
                        new BigDecimal("100.00"))));
        JsonNode created = Platform.require(platform.sandbox("POST", "/sandbox/mercadolibre/orders", order, null), 201)
                .body();
        long mercadolibreId = created.get("id").asLong();
        orders.put(StableEventId.of("order", Long.toString(seller), Long.toString(mercadolibreId)), mercadolibreId);
        lives.computeIfAbsent(life, any -> new AtomicInteger()).incrementAndGet();
        String path = "/sandbox/mercadolibre/orders/" + mercadolibreId;
        switch (life) {
            case "mandatory-paid" -> pay(path, Map.of("outcome", "approved"));
            case "mandatory-rejected-then-paid" -> {
                pay(path, Map.of("outcome", "rejected"));
                pay(path, Map.of("outcome", "approved"));
            }
            case "paid-in-halves" -> {
                pay(path, Map.of("outcome", "approved", "amount", new BigDecimal("50.00")));
                pay(path, Map.of("outcome", "approved"));
            }
            case "half-paid-then-cancelled" -> {
                pay(path, Map.of("outcome", "approved", "amount", new BigDecimal("50.00")));
                cancel(path, mercadolibreId);
            }
            default -> {
                pay(path, Map.of("outcome", "approved", "amount", new BigDecimal("33.00")));
                pay(path, Map.of("outcome", "approved", "amount", new BigDecimal("33.00")));
                pay(path, Map.of("outcome", "approved"));
                cancel(path, mercadolibreId);
            }
        }
    }

    private void cancel(String path, long mercadolibreId) {
        pause();
        Answer cancelled = platform.sandbox("POST", path + "/cancel", Map.of("reason", "buyer_request"), null);
        if (cancelled.status() / 100 != 2) {
            failures.add("cancel " + mercadolibreId + ": " + cancelled.status() + " " + cancelled.text());
        }
    }

    private void pay(String path, Map<String, Object> payment) {
        pause();
        Answer paid = platform.sandbox("POST", path + "/payments", payment, null);
        if (paid.status() != 201) {
            failures.add("pay " + path + ": " + paid.status() + " " + paid.text());
        } else {
            payments.incrementAndGet();
        }
    }

    /**
     * Waits until order-projection-service agrees with the sandbox on every order (or the patience runs out).
     *
     * @return how long it took, or {@code null} if it never agreed
     */
    Duration settle(Duration patience) {
        Instant begin = Instant.now();
        Instant deadline = begin.plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (orders.entrySet().stream().allMatch(order -> {
                JsonNode ours = platform.api("GET", orderUrls.get(0) + "/orders/" + order.getKey(), null, Map.of())
                        .body();
                return ours != null && providerStatus(order.getValue()).equals(ours.path("status").asText());
            })) {
                return Duration.between(begin, Instant.now());
            }
            sleep(2000);
        }
        return null;
    }

    /** Records every order's status timeline (the status entries of {@code GET /orders/{id}/timeline}) and its end. */
    void record() {
        orders.forEach((id, mercadolibreId) -> {
            Subject subject = new Subject(Lifecycle.ORDER, id);
            Answer ours = platform.api("GET", orderUrls.get(0) + "/orders/" + id, null, Map.of());
            history.finalState(subject, ours.status() == 200 ? ours.body().path("status").asText() : null,
                    providerStatus(mercadolibreId));
            Answer timeline = platform.api("GET", orderUrls.get(0) + "/orders/" + id + "/timeline", null, Map.of());
            if (timeline.status() == 200) {
                List<String> statuses = new ArrayList<>();
                timeline.body().path("entries").forEach(entry -> {
                    if ("status".equals(entry.path("kind").asText())) {
                        statuses.add(entry.path("to").asText());
                    }
                });
                history.timeline(subject, statuses);
            }
        });
    }

    private String providerStatus(long mercadolibreId) {
        return platform.sandbox("GET", "/sandbox/mercadolibre/orders/" + mercadolibreId, null, null).body()
                .path("status").asText();
    }

    /**
     * The buyer between two steps: 1.5 to 4 s, long enough for the feed, ingest and the projection to show the order
     * in between (a quicker buyer makes every fetch see the last status only).
     */
    private static void pause() {
        sleep(ThreadLocalRandom.current().nextLong(1500, 4000));
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
