package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        try (PaymentScenario.Started started = PaymentScenario.start(home, PaymentScenario.envWithFastSweep())) {
            FaultableLocalRun run = started.run();
            int count = started.count();
            int threads = started.threads();
            RunFigures figures = new RunFigures("crash");
            figures.line("load: " + count + " payments of one seller through payment-service (" + threads
                    + " callers, each create sent twice with its key, unknown outcomes retried with the same key),"
                    + " a third approved then refunded, a third in process then approved, a third in process then"
                    + " rejected; faults: kill -9 of payment-service after a third was created (restarted at once),"
                    + " PostgreSQL stopped after two thirds and started 10 s later; sweep every 5 s");
            PaymentLoad load = started.load();
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
            PaymentScenario.recordAndCheck(load, run, started.history(), figures, load.settle(Duration.ofMinutes(3)),
                    "");
        }
    }

    private static void awaitCreated(PaymentLoad load, int payments) throws InterruptedException {
        while (load.payments.size() < payments) {
            Thread.sleep(50);
        }
    }
}
