package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * The load and notification faults of {@link PointAndOrderCrashFaultIT}, with Vault, where the seller's tokens and
 * Point integrator key are, stopped for {@code -Dfaults.vault-outage-seconds} (60) once a third of the intents were
 * requested, and point-service and order-projection-service holding a token in memory for only 5 s, so that the
 * outage is felt: intent requests find no token (503, asked again with the same key), notifications and sweeps cannot
 * fetch what they name. Nothing may be lost or done twice, and once Vault is back every intent and order must end
 * where the sandbox says it is.
 */
class PointAndOrderVaultOutageFaultIT {

    private static final String POINT = PointAndOrderScenario.POINT;
    private static final String ORDERS = PointAndOrderScenario.ORDERS;

    @TempDir
    Path home;

    @Test
    void intentsAndOrdersThroughAVaultOutageLoseNothingAndEndWhereTheSandboxIs() throws Exception {
        PointAndOrderScenario.Sizes sizes = PointAndOrderScenario.Sizes.fromProperties();
        int outageSeconds = FaultSuite.integer("vault-outage-seconds", 60);
        Map<String, Map<String, String>> env = PointAndOrderScenario.envWithFastRepairs();
        for (String service : List.of(POINT, ORDERS)) {
            Map<String, String> serviceEnv = new HashMap<>(env.getOrDefault(service, Map.of()));
            serviceEnv.putIfAbsent("SELLER_TOKENS_CACHE_TTL", "5S");
            env.put(service, serviceEnv);
        }
        try (FaultableLocalRun run = new FaultableLocalRun(home, PointAndOrderScenario.services(sizes), env)) {
            run.start(System.out);
            PointAndOrderScenario.Setup setup = PointAndOrderScenario.setUp(run, sizes, List.of(run.url(POINT)),
                    List.of(run.url(ORDERS)), List.of(run.managementUrlOf(ORDERS)));
            RunFigures figures = new RunFigures("point-and-order-vault-outage");
            figures.line("load: " + sizes.intents() + " Point payment intents on " + sizes.devices() + " devices at"
                    + " once and " + sizes.orders() + " Mercado Libre orders from " + sizes.orderThreads()
                    + " threads, lives as in point-and-order-crash; faults: " + setup.faults() + "; Vault stopped "
                    + outageSeconds + " s once a third of the intents was requested; point-service and"
                    + " order-projection-service cache a token "
                    + env.get(POINT).get("SELLER_TOKENS_CACHE_TTL") + " / " + env.get(ORDERS).get(
                            "SELLER_TOKENS_CACHE_TTL"));
            Thread outage = new Thread(() -> {
                try {
                    PointAndOrderScenario.awaitAtLeast(
                            sizes.withIntents() ? setup.intents().created::get : setup.orders().orders::size,
                            sizes.withIntents() ? sizes.intents() / 3 : sizes.orders() / 3);
                    IntSupplier intents = sizes.withIntents() ? setup.intents().created::get : () -> 0;
                    IntSupplier retried = sizes.withIntents() ? setup.intents().retries::get : () -> 0;
                    figures.line("stopping Vault at " + intents.getAsInt() + " intents, "
                            + setup.orders().orders.size() + " orders");
                    run.stop("vault");
                    Thread.sleep(outageSeconds * 1000L);
                    figures.line("starting Vault at " + intents.getAsInt() + " intents, "
                            + setup.orders().orders.size() + " orders; intent calls retried so far "
                            + retried.getAsInt());
                    run.restart("vault");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "vault-stopper");
            outage.start();
            setup.drive(sizes, "point-vault-");
            outage.join();
            setup.recordAndCheck(run, figures);
        }
    }
}
