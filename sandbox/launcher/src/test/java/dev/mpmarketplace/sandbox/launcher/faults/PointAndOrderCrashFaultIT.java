package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        PointAndOrderScenario.Sizes sizes = PointAndOrderScenario.Sizes.fromProperties();
        try (FaultableLocalRun run = new FaultableLocalRun(home, PointAndOrderScenario.services(sizes),
                PointAndOrderScenario.envWithFastRepairs())) {
            run.start(System.out);
            PointAndOrderScenario.Setup setup = PointAndOrderScenario.setUp(run, sizes, List.of(run.url(POINT)),
                    List.of(run.url(ORDERS)), List.of(run.managementUrlOf(ORDERS)));
            RunFigures figures = new RunFigures("point-and-order-crash");
            figures.line("load: " + sizes.intents() + " Point payment intents of one seller through point-service"
                    + " on " + sizes.devices() + " devices at once (each create sent twice with its key, unknown"
                    + " outcomes retried with the same key; lives in turn: approved then refunded on the device,"
                    + " approved, rejected, error, abandoned, cancelled through the API), and " + sizes.orders()
                    + " Mercado Libre orders from " + sizes.orderThreads() + " buyers' threads (mandatory paid;"
                    + " mandatory, a card rejected then paid; paid in two halves; half paid then cancelled; paid in"
                    + " three parts then cancelled); faults: "
                    + setup.faults() + "; kill -9 of point-service after a third of the intents was requested and of"
                    + " order-projection-service after half the orders were made, each started again at once");
            Thread crasher = new Thread(() -> {
                try {
                    if (sizes.withIntents()) {
                        PointAndOrderScenario.awaitAtLeast(setup.intents().created::get, sizes.intents() / 3);
                        figures.line("kill -9 point-service at " + setup.intents().created.get() + " intents");
                        run.kill9(POINT);
                        run.restart(POINT);
                        figures.line("point-service ready again at " + setup.intents().created.get() + " intents");
                    }
                    PointAndOrderScenario.awaitAtLeast(setup.orders().orders::size, sizes.orders() / 2);
                    // Its counters die with it: what its guard refused so far is read first.
                    figures.line(setup.scrapeGuard(run.managementUrlOf(ORDERS)) + " before the kill");
                    figures.line("kill -9 order-projection-service at " + setup.orders().orders.size() + " orders");
                    run.kill9(ORDERS);
                    run.restart(ORDERS);
                    figures.line("order-projection-service ready again at " + setup.orders().orders.size() + " orders");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "crasher");
            crasher.start();
            setup.drive(sizes, "point-crash-");
            crasher.join();
            setup.recordAndCheck(run, figures);
        }
    }
}
