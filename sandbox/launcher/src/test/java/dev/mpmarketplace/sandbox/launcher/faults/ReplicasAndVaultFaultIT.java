package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * Two replicas of payment-service share the stream (each payment's retry goes to the other replica; both run the
 * resolver and the sweep), and Vault, where the sellers' tokens are, is unavailable for a minute in the middle: no
 * double effect, nothing lost, nothing backwards, and the platform ends where the sandbox is. (Exactly one token
 * refresh per seller with two processes is seller-linking-service's {@code SellerTokenRefreshRaceIT}.)
 */
class ReplicasAndVaultFaultIT {

    private static final String PAYMENT = PaymentScenario.PAYMENT;

    @TempDir
    Path home;

    @Test
    void twoPaymentReplicasAndAMinuteWithoutVaultMakeNoPaymentTwiceAndLoseNone() throws Exception {
        int vaultOutageSeconds = FaultSuite.integer("vault-outage-seconds", 60);
        try (PaymentScenario.Started started = PaymentScenario.start(home, PaymentScenario.envWithFastSweep())) {
            FaultableLocalRun run = started.run();
            int count = started.count();
            int threads = started.threads();
            String replica = run.addReplica(PAYMENT, 2);
            RunFigures figures = new RunFigures("replicas-and-vault");
            figures.line("load: " + count + " payments of one seller over two payment-service replicas (" + threads
                    + " callers; each create sent to one replica and again with its key to the other, unknown"
                    + " outcomes retried with the same key), a third approved then refunded, a third in process then"
                    + " approved, a third in process then rejected; fault: Vault stopped after a third was created,"
                    + " started again " + vaultOutageSeconds + " s later; sweep every 5 s on both replicas");
            PaymentLoad load = started.load(List.of(run.url(PAYMENT), run.urlOf(replica)));
            Thread faults = PaymentScenario.vaultOutage(run, load, count / 3, vaultOutageSeconds, figures);
            faults.start();
            load.run(count, threads, "replicas-" + System.currentTimeMillis());
            faults.join();
            PaymentScenario.recordAndCheck(load, run, started.history(), figures, load.settle(Duration.ofMinutes(3)),
                    "");
        }
    }
}
