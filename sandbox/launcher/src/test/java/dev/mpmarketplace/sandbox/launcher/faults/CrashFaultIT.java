package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * payment-service is killed ({@code kill -9}) in the middle of a stream of payments and restarted, then PostgreSQL is
 * restarted under the same stream: no payment lost (every accepted key has its payment at Mercado Pago), none made
 * twice (one per key), one event per change, nothing backwards, and the platform ends where the sandbox is. Callers
 * retry an unknown outcome with the same key, as the API asks them to.
 */
class CrashFaultIT {

    private static final String PAYMENT = PaymentScenario.PAYMENT;

    @TempDir
    Path home;

    @Test
    void paymentServiceKilledAndPostgresRestartedMidStreamLoseNothingAndDoNothingTwice() throws Exception {
        int count = FaultSuite.integer("payments", 90);
        int threads = FaultSuite.integer("payment-threads", 6);
        Map<String, Map<String, String>> env = PaymentScenario.envWithFastSweep();
        try (FaultableLocalRun run = new FaultableLocalRun(home,
                Set.of("notification-ingest-service", "seller-linking-service", PAYMENT), env)) {
            run.start(System.out);
            Platform platform = new Platform(run);
            JsonNode seller = platform.user("SELLER_ONE");
            platform.link(seller.get("id").asLong(), "fault-suite-seller");
            RunFigures figures = new RunFigures("crash");
            figures.line("load: " + count + " payments of one seller through payment-service (" + threads
                    + " callers, each create sent twice with its key, unknown outcomes retried with the same key),"
                    + " a third approved then refunded, a third in process then approved, a third in process then"
                    + " rejected; faults: kill -9 of payment-service after a third was created (restarted at once),"
                    + " PostgreSQL stopped after two thirds and started 10 s later; sweep every 5 s");
            History history = new History();
            history.recordsEventsOf(Lifecycle.PAYMENT);
            PaymentLoad load = new PaymentLoad(platform, List.of(run.url(PAYMENT)), seller.get("id").asLong(),
                    seller.get("access_token").asText(), history);
            Thread faults = new Thread(() -> {
                try {
                    awaitCreated(load, count / 3);
                    figures.line("kill -9 payment-service at " + load.payments.size() + " payments");
                    run.kill9(PAYMENT);
                    run.restart(PAYMENT);
                    figures.line("payment-service ready again at " + load.payments.size() + " payments");
                    awaitCreated(load, 2 * count / 3);
                    figures.line("stopping PostgreSQL at " + load.payments.size() + " payments");
                    run.stop("postgres");
                    Thread.sleep(10_000);
                    run.restart("postgres");
                    figures.line("PostgreSQL accepts connections again at " + load.payments.size() + " payments");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "crasher");
            faults.start();
            load.run(count, threads, "crash-" + System.currentTimeMillis());
            faults.join();
            PaymentScenario.recordAndCheck(load, run, history, figures, load.settle(Duration.ofMinutes(3)), "");
        }
    }

    private static void awaitCreated(PaymentLoad load, int payments) throws InterruptedException {
        while (load.payments.size() < payments) {
            Thread.sleep(50);
        }
    }
}
