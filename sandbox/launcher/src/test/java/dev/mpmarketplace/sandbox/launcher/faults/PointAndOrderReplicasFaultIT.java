package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        PointAndOrderScenario.Sizes sizes = PointAndOrderScenario.Sizes.fromProperties();
        try (FaultableLocalRun run = new FaultableLocalRun(home, PointAndOrderScenario.services(sizes),
                PointAndOrderScenario.envWithFastRepairs())) {
            run.start(System.out);
            List<String> pointUrls = List.of(run.url(POINT));
            if (sizes.withIntents()) {
                pointUrls = List.of(run.url(POINT), run.urlOf(run.addReplica(POINT, 2)));
            }
            String ordersReplica = run.addReplica(ORDERS, 2);
            PointAndOrderScenario.Setup setup = PointAndOrderScenario.setUp(run, sizes, pointUrls,
                    List.of(run.url(ORDERS), run.urlOf(ordersReplica)),
                    List.of(run.managementUrlOf(ORDERS), run.managementUrlOf(ordersReplica)));
            RunFigures figures = new RunFigures("point-and-order-replicas");
            figures.line("load: " + sizes.intents() + " Point payment intents over two point-service replicas"
                    + " on one database (intent n to replica n mod 2, its retry with the same key to the other) on "
                    + sizes.devices() + " devices at once, and " + sizes.orders() + " Mercado Libre orders from "
                    + sizes.orderThreads() + " threads, projected by two order-projection-service replicas on one"
                    + " database; lives as in point-and-order-crash; faults: " + setup.faults()
                    + "; no process killed");
            setup.drive(sizes, "point-replicas-");
            setup.recordAndCheck(run, figures);
        }
    }
}
