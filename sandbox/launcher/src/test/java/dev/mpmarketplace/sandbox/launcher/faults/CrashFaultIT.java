package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * payment-service is killed ({@code kill -9}) in the middle of a stream of payments and restarted, then PostgreSQL is
 * restarted under the same stream, and some of its creates' answers are lost after Mercado Pago made the payment: no
 * payment lost (every accepted key has its payment at Mercado Pago), none made twice (one per key), one event per
 * change, nothing backwards, and the platform ends where the sandbox is. Callers retry an unknown outcome with the
 * same key, as the API asks them to. Card tokens are reusable at the sandbox ({@link PaymentScenario#start}), so a
 * create sent again under a new key would be a second payment, not a 400.
 */
class CrashFaultIT {

    private static final String PAYMENT = PaymentScenario.PAYMENT;
    private static final String LOST_ANSWER = "lost-create-answer";
    private static final int LOST_ANSWERS = 16;

    @TempDir
    Path home;

    @Test
    void paymentServiceKilledAndPostgresRestartedMidStreamLoseNothingAndDoNothingTwice() throws Exception {
        try (PaymentScenario.Started started = PaymentScenario.start(home, PaymentScenario.envWithFastSweep())) {
            FaultableLocalRun run = started.run();
            int count = started.count();
            int threads = started.threads();
            RunFigures figures = new RunFigures("crash");
            // Answers lost after their effect (a closed connection): payment-service's outcome of the create is
            // unknown while Mercado Pago has the payment, which its resolver must find by asking. A kill lands
            // between the effect and its write only by chance (milliseconds per create); this happens every run.
            Platform.require(started.platform().sandbox("POST", "/sandbox/faults", Map.of("id", LOST_ANSWER, "kind",
                    "lost_answer", "mode", "reset", "path", "/v1/payments", "method", "POST", "probability", 0.3,
                    "times", LOST_ANSWERS), null), 201);
            // No payment.created notification: it would tell payment-service of such a payment before its resolver
            // asks, and a resolver that charges again instead of asking would go unseen in most runs.
            Platform.require(started.platform().sandbox("POST", "/sandbox/faults", Map.of("id", "no-created-webhook",
                    "kind", "webhook_drop", "type", "payment", "action", "payment.created"), null), 201);
            figures.line("load: " + count + " payments of one seller through payment-service (" + threads
                    + " callers, each create sent twice with its key, unknown outcomes retried with the same key),"
                    + " a third approved then refunded, a third in process then approved, a third in process then"
                    + " rejected; faults: kill -9 of payment-service after a third was created (restarted at once),"
                    + " PostgreSQL stopped after two thirds and started 10 s later, the answers of " + LOST_ANSWERS
                    + " of payment-service's POSTs to /v1/payments (creates and refunds, p 0.3) lost after their"
                    + " effect, payment.created webhooks dropped; card tokens reusable; sweep every 5 s");
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
            Duration settled = load.settle(Duration.ofMinutes(3));
            // A rule whose times are used up is removed (404).
            Platform.Answer lost = started.platform().sandbox("GET", "/sandbox/faults/" + LOST_ANSWER, null, null);
            int lostAnswers = lost.status() == 404 ? LOST_ANSWERS : lost.body().get("hits").asInt();
            PaymentScenario.recordAndCheck(load, run, started.history(), figures, settled,
                    "; answers lost after their effect " + lostAnswers);
        }
    }

    private static void awaitCreated(PaymentLoad load, int payments) throws InterruptedException {
        while (load.payments.size() < payments) {
            Thread.sleep(50);
        }
    }
}
