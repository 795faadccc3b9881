package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * Two replicas of point-service and two of order-projection-service, each pair on one database, under the same load
 * and notification faults as {@link PointAndOrderCrashFaultIT} (no process killed): intent {@code n}'s calls go to
 * replica {@code n mod 2} and its create's retry with the same key to the other; both replicas of each service run
 * their consumers (the topics' partitions split between them) and their sweeps. No double effect: one intent per key at
 * Mercado Pago, one event per change, and every intent and order where the sandbox says it is.
 */
class PointAndOrderReplicasFaultIT {

    private static final String POINT = PointAndOrderScenario.POINT;
    private static final String ORDERS = PointAndOrderScenario.ORDERS;

    @TempDir
    Path home;

    @Test
    void twoReplicasOfPointServiceAndOfOrderProjectionDoNothingTwice() throws Exception {
        int devices = FaultSuite.integer("devices", 6);
        int perDevice = FaultSuite.integer("intents-per-device", 6);
        int orderCount = FaultSuite.integer("orders", 48);
        int orderThreads = FaultSuite.integer("order-threads", 4);
        Map<String, Map<String, String>> env = PointAndOrderScenario.envWithFastRepairs();
        try (FaultableLocalRun run = new FaultableLocalRun(home, PointAndOrderScenario.SERVICES, env)) {
            run.start(System.out);
            String pointReplica = run.addReplica(POINT, 2);
            String ordersReplica = run.addReplica(ORDERS, 2);
            Platform platform = new Platform(run);
            JsonNode seller = platform.user("SELLER_ONE");
            long sellerId = seller.get("id").asLong();
            long buyer = platform.user("BUYER_ONE").get("id").asLong();
            platform.link(sellerId, "fault-suite-seller");
            History history = new History();
            history.recordsEventsOf(Lifecycle.POINT_INTENT);
            history.recordsEventsOf(Lifecycle.ORDER);
            PointLoad intents = new PointLoad(platform, List.of(run.url(POINT), run.urlOf(pointReplica)), sellerId,
                    seller.get("access_token").asText(), history);
            List<String> deviceIds = intents.setUp(devices);
            OrderLoad orders = new OrderLoad(platform, List.of(run.url(ORDERS), run.urlOf(ordersReplica)), sellerId,
                    buyer, history);
            RunFigures figures = new RunFigures("point-and-order-replicas");
            String faults = PointAndOrderScenario.injectFaults(platform);
            figures.line("load: " + devices * perDevice + " Point payment intents over two point-service replicas"
                    + " on one database (intent n to replica n mod 2, its retry with the same key to the other) on "
                    + devices + " devices at once, and " + orderCount + " Mercado Libre orders from " + orderThreads
                    + " threads, projected by two order-projection-service replicas on one database; lives as in"
                    + " point-and-order-crash; faults: " + faults + "; no process killed");
            Thread orderThread = new Thread(() -> {
                try {
                    orders.run(orderCount, orderThreads);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "orders");
            orderThread.start();
            intents.run(deviceIds, perDevice, "point-replicas-" + System.currentTimeMillis());
            orderThread.join();
            PointAndOrderScenario.recordAndCheck(run, platform, intents, deviceIds, orders, history, figures);
        }
    }
}
