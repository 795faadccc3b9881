package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * Point payment intents through point-service and Mercado Libre orders through order-projection-service, while the
 * sandbox duplicates, reorders and drops their notifications and answers some fetches late, and each service is
 * {@code kill -9}-ed mid-stream and started again: no intent's or order's timeline (nor its events in change order)
 * goes backwards, each change is stated by one event, each idempotency key queues one intent at Mercado Pago, and once
 * the sweeps ran every intent and order is where the sandbox says it is.
 */
class PointAndOrderCrashFaultIT {

    private static final String POINT = PointAndOrderScenario.POINT;
    private static final String ORDERS = PointAndOrderScenario.ORDERS;

    @TempDir
    Path home;

    @Test
    void intentsAndOrdersUnderWebhookFaultsAndKilledServicesNeverGoBackAndEndWhereTheSandboxIs() throws Exception {
        int devices = FaultSuite.integer("devices", 6);
        int perDevice = FaultSuite.integer("intents-per-device", 6);
        int orderCount = FaultSuite.integer("orders", 48);
        int orderThreads = FaultSuite.integer("order-threads", 4);
        Map<String, Map<String, String>> env = PointAndOrderScenario.envWithFastRepairs();
        try (FaultableLocalRun run = new FaultableLocalRun(home, PointAndOrderScenario.SERVICES, env)) {
            run.start(System.out);
            Platform platform = new Platform(run);
            JsonNode seller = platform.user("SELLER_ONE");
            long sellerId = seller.get("id").asLong();
            long buyer = platform.user("BUYER_ONE").get("id").asLong();
            platform.link(sellerId, "fault-suite-seller");
            History history = new History();
            history.recordsEventsOf(Lifecycle.POINT_INTENT);
            history.recordsEventsOf(Lifecycle.ORDER);
            PointLoad intents = new PointLoad(platform, List.of(run.url(POINT)), sellerId,
                    seller.get("access_token").asText(), history);
            List<String> deviceIds = intents.setUp(devices);
            OrderLoad orders = new OrderLoad(platform, List.of(run.url(ORDERS)), sellerId, buyer, history);
            RunFigures figures = new RunFigures("point-and-order-crash");
            String faults = PointAndOrderScenario.injectFaults(platform);
            figures.line("load: " + devices * perDevice + " Point payment intents of one seller through point-service"
                    + " on " + devices + " devices at once (each create sent twice with its key, unknown outcomes"
                    + " retried with the same key; lives in turn: approved then refunded on the device, approved,"
                    + " rejected, error, abandoned, cancelled through the API), and " + orderCount + " Mercado Libre"
                    + " orders from " + orderThreads + " buyers' threads (mandatory paid; mandatory, a card rejected"
                    + " then paid; paid in two halves; half paid then cancelled); faults: " + faults
                    + "; kill -9 of point-service after a third of the intents was requested and of"
                    + " order-projection-service after half the orders were made, each started again at once");
            Thread crasher = new Thread(() -> {
                try {
                    awaitAtLeast(intents.created::get, devices * perDevice / 3);
                    figures.line("kill -9 point-service at " + intents.created.get() + " intents");
                    run.kill9(POINT);
                    run.restart(POINT);
                    figures.line("point-service ready again at " + intents.created.get() + " intents");
                    awaitAtLeast(orders.orders::size, orderCount / 2);
                    figures.line("kill -9 order-projection-service at " + orders.orders.size() + " orders");
                    run.kill9(ORDERS);
                    run.restart(ORDERS);
                    figures.line("order-projection-service ready again at " + orders.orders.size() + " orders");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "crasher");
            crasher.start();
            Thread orderThread = new Thread(() -> {
                try {
                    orders.run(orderCount, orderThreads);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "orders");
            orderThread.start();
            intents.run(deviceIds, perDevice, "point-crash-" + System.currentTimeMillis());
            orderThread.join();
            crasher.join();
            PointAndOrderScenario.recordAndCheck(run, platform, intents, deviceIds, orders, history, figures);
        }
    }

    /** Waits until the count reaches the target, for at most 10 minutes (a load that failed early never gets there). */
    private static void awaitAtLeast(IntSupplier count, int target) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(600);
        while (count.getAsInt() < target && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }
}
