package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * Vault, where the sellers' tokens are, is unavailable for longer than payment-service serves a token from memory
 * ({@code seller-tokens.cache-ttl}, 5 s here), so creates during the outage find no token: each is refused with a
 * clear problem (never a 500), charges nothing at Mercado Pago, and a caller asking again with the same key after
 * Vault is back gets its one payment. Callers give up after {@code -Dfaults.create-patience-seconds} (30 s): the
 * ones refused to the end must have no payment at the sandbox; the others, none lost, none doubled.
 */
class VaultOutageFaultIT {

    private static final String PAYMENT = PaymentScenario.PAYMENT;

    @TempDir
    Path home;

    @Test
    void paymentsAskedWhileVaultIsDownLongerThanTheTokenCacheAreRefusedClearlyAndChargeNothing() throws Exception {
        int outageSeconds = FaultSuite.integer("vault-outage-seconds", 90);
        int patienceSeconds = FaultSuite.integer("create-patience-seconds", 30);
        Map<String, Map<String, String>> env = PaymentScenario.envWithFastSweep();
        Map<String, String> paymentEnv = new HashMap<>(env.get(PAYMENT));
        paymentEnv.putIfAbsent("SELLER_TOKENS_CACHE_TTL", "5S");
        env.put(PAYMENT, paymentEnv);
        try (PaymentScenario.Started started = PaymentScenario.start(home, env)) {
            FaultableLocalRun run = started.run();
            int count = started.count();
            RunFigures figures = new RunFigures("vault-outage");
            figures.line("load: " + count + " payments of one seller through payment-service (" + started.threads()
                    + " callers; each create asked again with its key for up to " + patienceSeconds + " s, then given"
                    + " up), a third approved then refunded, a third in process then approved, a third in process"
                    + " then rejected; fault: Vault stopped after a third was created, started again " + outageSeconds
                    + " s later; payment-service caches a token " + paymentEnv.get("SELLER_TOKENS_CACHE_TTL")
                    + "; sweep every 5 s");
            PaymentLoad load = started.load().patience(Duration.ofSeconds(patienceSeconds), true);
            Thread faults = PaymentScenario.vaultOutage(run, load, count / 3, outageSeconds, figures);
            faults.start();
            load.run(count, started.threads(), "vault-" + System.currentTimeMillis());
            faults.join();
            PaymentScenario.recordAndCheck(load, run, started.history(), figures, load.settle(Duration.ofMinutes(3)),
                    "");

            assertThat(load.refused.get()).as("creates refused to the end (the outage must be felt)").isPositive();
            assertThat(load.createAnswers.keySet()).as("answers to creates: a refusal is a problem that says what"
                    + " happened, never a 500").noneMatch(answer -> answer.startsWith("500"));
        }
    }
}
