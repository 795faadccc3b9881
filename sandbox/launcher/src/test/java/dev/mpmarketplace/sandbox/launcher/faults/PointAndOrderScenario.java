package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.order.OrderEventTypes;
import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;
import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;

/**
 * What the Point and Mercado Libre order scenarios share: the services they run and their settings, the sandbox's
 * faults on the Point and order notifications, the seller and buyer, reading point-service's and
 * order-projection-service's events back, and the end of the run (record, check, figures).
 */
final class PointAndOrderScenario {

    static final String POINT = PointLoad.POINT;
    static final String ORDERS = OrderLoad.ORDERS;
    /** The services a run of these sizes needs: point-service only when it has intents to make. */
    static Set<String> services(Sizes sizes) {
        return sizes.withIntents()
                ? Set.of("notification-ingest-service", "seller-linking-service", POINT, ORDERS)
                : Set.of("notification-ingest-service", "seller-linking-service", ORDERS);
    }

    private PointAndOrderScenario() {
    }

    /**
     * The suite's extra variables, with the services' repairs made fast so that a run ends soon: point-service's sweep
     * every 5 s on intents untouched for 2 s (instead of 30 s and 2 minutes); order-projection-service's missed-feeds
     * read and re-read of unsettled orders every 2 s, the re-read of orders unchanged for 1 s (instead of 5 and 15
     * minutes), its refetch every 10 s. The sweeps also race the notifications for the same intent or order, which is
     * what the state rules are for: one order's notifications are fetched one after the other (its lane), so only a
     * sweep's fetch can overtake a notification's, or be overtaken by it. The missed-feeds read fetches again, on
     * every run, each order one of whose feed messages the sandbox dropped (from 20 s after the service started); the
     * re-read every order not paid or cancelled yet (from a minute after); both 16 fetches at a time (instead of 4),
     * so that a run is short and each order is fetched again every few seconds.
     */
    /** Waits until the count reaches the target, for at most 10 minutes (a load that failed early never gets there). */
    static void awaitAtLeast(IntSupplier count, int target) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(600);
        while (count.getAsInt() < target && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    static Map<String, Map<String, String>> envWithFastRepairs() {
        Map<String, Map<String, String>> env = new HashMap<>(FaultSuite.extraEnv());
        Map<String, String> point = new HashMap<>(env.getOrDefault(POINT, Map.of()));
        point.putIfAbsent("POINT_SWEEP_EVERY", "5S");
        point.putIfAbsent("POINT_SWEEP_STALE_AFTER", "2S");
        env.put(POINT, point);
        Map<String, String> orders = new HashMap<>(env.getOrDefault(ORDERS, Map.of()));
        orders.putIfAbsent("ORDERS_MISSED_FEEDS_EVERY", "2S");
        orders.putIfAbsent("ORDERS_REREAD_EVERY", "2S");
        orders.putIfAbsent("ORDERS_REREAD_UNCHANGED_FOR", "1S");
        orders.putIfAbsent("ORDERS_REREAD_CONCURRENCY", "16");
        orders.putIfAbsent("ORDERS_REFETCH_EVERY", "10S");
        orders.putIfAbsent("ORDERS_REFETCH_FIRST_DELAY", "5S");
        env.put(ORDERS, orders);
        return env;
    }

    /**
     * The sandbox's faults on every notification it sends (Point webhooks to the application and to the integrator
     * webhook, the Mercado Libre feed, and the payments' webhooks nobody in these runs consumes): duplicated,
     * reordered, dropped; the feed's {@code created_orders} dropped more often (four in five of those the first rule
     * lets through), so that most orders are known to the missed-feeds read from their start and fetched by it, beside
     * their notifications, all their life; and some of the services' fetches answered late (made, then held), so that
     * an older answer can arrive after a newer one was applied: 3 in 10 of a Point intent's by 3 s, 4 in 10 of a
     * Mercado Libre order's by 6 s. An old answer does harm only if it is one the service has not applied yet (an
     * answer applied before is its fact again, a duplicate): typically a notification's fetch held while the buyer
     * takes the next step and a sweep fetches and applies the newer order; 6 s covers most of a buyer's pauses (1.5 to
     * 4 s) and a sweep's next fetch, and stays below the service's 10 s client timeout.
     */
    static String injectFaults(Platform platform) {
        List<Map<String, Object>> rules = List.of(
                Map.of("id", "dup", "kind", "webhook_duplicate", "probability", 0.3),
                Map.of("id", "reorder", "kind", "webhook_out_of_order", "probability", 0.5, "batch_size", 4,
                        "hold_ms", 2000),
                Map.of("id", "drop", "kind", "webhook_drop", "probability", 0.2),
                Map.of("id", "drop-created", "kind", "webhook_drop", "type", "created_orders", "probability", 0.8),
                Map.of("id", "late-intent", "kind", "lost_answer", "mode", "timeout", "answer_delay_ms", 3000,
                        "path", "/point/integration-api/payment-intents/*", "method", "GET", "probability", 0.3),
                Map.of("id", "late-order", "kind", "lost_answer", "mode", "timeout", "answer_delay_ms", 6000,
                        "path", "/orders/*", "method", "GET", "probability", 0.4));
        for (Map<String, Object> rule : rules) {
            Platform.require(platform.sandbox("POST", "/sandbox/faults", rule, null), 201);
        }
        return "every notification duplicated (p 0.3), reordered (p 0.5, batches of 4, held up to 2 s), dropped"
                + " (p 0.2), Mercado Libre's created_orders dropped (p 0.2, then 0.8 of the rest); fetches answered"
                + " late: 3 in 10 of a Point intent's by 3 s, 4 in 10 of a Mercado Libre order's by 6 s;"
                + " point-service's sweep every 5 s (intents untouched for 2 s), order-projection's missed feeds and"
                + " re-read (orders unchanged for 1 s) every 2 s, 16 fetches at a time";
    }

    /** Each fault rule's hits, {@code id=hits} separated by spaces. */
    static String faultHits(Platform platform) {
        StringBuilder hits = new StringBuilder();
        platform.sandbox("GET", "/sandbox/faults", null, null).body()
                .forEach(rule -> hits.append(rule.get("id").asText()).append('=').append(rule.get("hits").asInt())
                        .append(' '));
        return hits.toString().trim();
    }

    /**
     * Reads {@code point-intents.events} to its end into the history ({@code created}, {@code state-changed} and
     * {@code refused}; {@code finished} repeats the state-changed of the same move). An intent's states only move forward and each
     * is reached once, so a change is named by the state it reached: its number is the place where that state first
     * appears among the intent's events (one key, one partition: in the order point-service committed them). Two
     * event ids for one state reached are one change stated twice; a redelivery of one id is allowed.
     *
     * @return how many records the topic holds
     */
    static int recordIntentEvents(String bootstrapServers, History history) {
        Map<String, Map<String, Long>> changes = new LinkedHashMap<>();
        return TopicReader.readAll(bootstrapServers, List.of(Topic.POINT_INTENT_EVENTS.topicName()), record -> {
            String type = TopicReader.header(record, "ce_type");
            boolean refused = PointIntentEventTypes.REFUSED.equals(type);
            if (refused || PointIntentEventTypes.CREATED.equals(type)
                    || PointIntentEventTypes.STATE_CHANGED.equals(type)) {
                JsonNode data = read(record.value());
                String intent = data.get("intent_id").asText();
                String state = refused ? "refused" : data.get("state").asText().toLowerCase(Locale.ROOT);
                Map<String, Long> reached = changes.computeIfAbsent(intent, any -> new LinkedHashMap<>());
                long change = reached.computeIfAbsent(state, any -> (long) reached.size() + 1);
                history.event(new Subject(Lifecycle.POINT_INTENT, intent), change,
                        TopicReader.header(record, "ce_id"), state);
            }
        });
    }

    /**
     * Reads {@code orders.events} to its end into the history: the {@code order.changed} records that changed the
     * status (the first one, and every one whose status is not its previous status), each change named by the order's
     * version.
     *
     * @return how many records the topic holds
     */
    static int recordOrderEvents(String bootstrapServers, History history) {
        return TopicReader.readAll(bootstrapServers, List.of(Topic.ORDER_EVENTS.topicName()), record -> {
            if (OrderEventTypes.CHANGED.equals(TopicReader.header(record, "ce_type"))) {
                JsonNode data = read(record.value());
                String status = data.get("status").asText();
                String previous = data.path("previous_status").asText(null);
                if (!Objects.equals(status, previous)) {
                    history.event(new Subject(Lifecycle.ORDER, data.get("order_id").asText()),
                            data.get("version").asLong(), TopicReader.header(record, "ce_id"), status);
                }
            }
        });
    }

    /**
     * The load's sizes: {@code -Dfaults.devices} (6), {@code -Dfaults.intents-per-device} (6), {@code -Dfaults.orders}
     * (120, 24 of each of the five lives), {@code -Dfaults.order-threads} (8). No intents
     * ({@code -Dfaults.intents-per-device=0} or {@code -Dfaults.devices=0}) runs the order half alone: point-service is
     * not started, nor killed, nor checked.
     */
    record Sizes(int devices, int perDevice, int orders, int orderThreads) {

        static Sizes fromProperties() {
            return new Sizes(FaultSuite.integer("devices", 6), FaultSuite.integer("intents-per-device", 6),
                    FaultSuite.integer("orders", 120), FaultSuite.integer("order-threads", 8));
        }

        int intents() {
            return devices * perDevice;
        }

        boolean withIntents() {
            return intents() > 0;
        }
    }

    /**
     * A scenario's platform and loads: its seller linked, the seller's devices set up, the notification faults on.
     *
     * @param faults the faults injected, as the figures say them
     */
    record Setup(Platform platform, History history, PointLoad intents, List<String> deviceIds, OrderLoad orders,
            String faults, OrderGuardCounts guard, List<String> orderManagementUrls, Instant rereadRuns) {

        /** Adds what order-projection-service's guard refused so far (at the end, and before a kill) to the counts. */
        String scrapeGuard(String managementUrl) {
            return guard.scrape(platform, managementUrl);
        }

        /** Runs the orders on a thread of their own and the intents on this one; returns when both are done. */
        void drive(Sizes sizes, String keyPrefix) throws InterruptedException {
            Thread orderThread = new Thread(() -> {
                try {
                    // The buyers start once order-projection-service's re-read runs (its first run is a minute after
                    // the start), so that it races their orders' notifications from the first order on.
                    Thread.sleep(Math.max(0, Duration.between(Instant.now(), rereadRuns).toMillis()));
                    orders.run(sizes.orders(), sizes.orderThreads());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "orders");
            orderThread.start();
            if (sizes.withIntents()) {
                intents.run(deviceIds, sizes.perDevice(), keyPrefix + System.currentTimeMillis());
            }
            orderThread.join();
        }

        /** {@link PointAndOrderScenario#recordAndCheck} of this set-up. */
        void recordAndCheck(FaultableLocalRun run, RunFigures figures) throws IOException {
            PointAndOrderScenario.recordAndCheck(run, this, figures);
        }
    }

    /**
     * Links the seller, sets up its devices (none without intents) and makes both loads against the given replicas
     * (intent {@code n} to {@code pointUrls[n mod size]}, reads of orders to the first of {@code orderUrls}), and
     * injects the notification faults.
     *
     * @param orderManagementUrls the management interfaces of order-projection-service's replicas, whose metrics say
     *        at the end what its guard refused
     */
    static Setup setUp(FaultableLocalRun run, Sizes sizes, List<String> pointUrls, List<String> orderUrls,
            List<String> orderManagementUrls) throws Exception {
        // The services are ready: order-projection-service's re-read runs first a minute after its start.
        Instant rereadRuns = Instant.now().plusSeconds(65);
        Platform platform = new Platform(run);
        JsonNode seller = platform.user("SELLER_ONE");
        long sellerId = seller.get("id").asLong();
        long buyer = platform.user("BUYER_ONE").get("id").asLong();
        platform.link(sellerId, "fault-suite-seller");
        History history = new History();
        history.recordsEventsOf(Lifecycle.POINT_INTENT);
        history.recordsEventsOf(Lifecycle.ORDER);
        PointLoad intents = new PointLoad(platform, pointUrls, sellerId, seller.get("access_token").asText(), history);
        List<String> deviceIds = sizes.withIntents() ? intents.setUp(sizes.devices()) : List.of();
        OrderLoad orders = new OrderLoad(platform, orderUrls, sellerId, buyer, history);
        return new Setup(platform, history, intents, deviceIds, orders, injectFaults(platform),
                new OrderGuardCounts(), List.copyOf(orderManagementUrls), rereadRuns);
    }

    /**
     * The end of every Point and order scenario: records both loads and the events on the topics, reads what
     * order-projection-service's guard refused, writes the outcome and the checker's verdict to the figures, and fails
     * on a failed call or a violation.
     */
    static void recordAndCheck(FaultableLocalRun run, Setup setup, RunFigures figures) throws IOException {
        PointLoad intents = setup.intents();
        OrderLoad orders = setup.orders();
        History history = setup.history();
        boolean withIntents = !setup.deviceIds().isEmpty();
        Duration intentsSettled = withIntents ? intents.settle(Duration.ofMinutes(4)) : Duration.ZERO;
        Duration ordersSettled = orders.settle(Duration.ofMinutes(4));
        if (withIntents) {
            intents.record(setup.deviceIds());
        }
        orders.record();
        int intentEvents = withIntents ? recordIntentEvents(run.bootstrapServers(), history) : 0;
        int orderEvents = recordOrderEvents(run.bootstrapServers(), history);
        setup.orderManagementUrls().forEach(url -> figures.line(setup.scrapeGuard(url)));
        Map<String, Integer> intentLives = new LinkedHashMap<>();
        intents.lives.values().forEach(life -> intentLives.merge(life, 1, Integer::sum));
        Map<String, Integer> orderLives = new LinkedHashMap<>();
        orders.lives.forEach((life, count) -> orderLives.put(life, count.get()));
        figures.line(withIntents
                ? "intents " + intents.intents.size() + " " + intentLives + ", calls retried " + intents.retries.get()
                        + ", queued on a device unexpectedly " + intents.unexpected.size() + " "
                        + intents.unexpected.stream().limit(3).toList() + ", load failures " + intents.failures.size()
                        + " " + intents.failures.stream().limit(3).toList() + "; records on "
                        + Topic.POINT_INTENT_EVENTS.topicName() + ": " + intentEvents + "; point-service agreed with"
                        + " the sandbox " + settled(intentsSettled)
                : "intents none (the order half alone: point-service not started)");
        figures.line("orders " + orders.orders.size() + " " + orderLives + ", payments " + orders.payments.get()
                + ", load failures " + orders.failures.size() + " " + orders.failures.stream().limit(3).toList()
                + "; records on " + Topic.ORDER_EVENTS.topicName() + ": " + orderEvents
                + "; order-projection-service agreed with the sandbox " + settled(ordersSettled));
        figures.line(setup.guard().render());
        figures.line("fault hits " + faultHits(setup.platform()));
        HistoryChecker.Verdict verdict = HistoryChecker.check(history);
        figures.finish(verdict);

        List<String> failures = new ArrayList<>(intents.failures);
        failures.addAll(orders.failures);
        assertThat(failures).isEmpty();
        assertThat(intents.unexpected).isEmpty();
        assertThat(verdict.violations()).as(verdict.render()).isEmpty();
    }

    private static String settled(Duration settled) {
        return settled == null ? "NOT within 4 min" : "after " + settled.toSeconds() + " s";
    }

    private static JsonNode read(String json) {
        try {
            return Platform.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
