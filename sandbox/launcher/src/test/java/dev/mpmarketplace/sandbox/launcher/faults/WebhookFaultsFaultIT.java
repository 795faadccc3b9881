package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * The sandbox duplicates, reorders and drops payment webhooks at high rates (docs/sandbox/faults.md) while payments
 * are created, resolved and refunded through the platform: no payment's timeline or events may ever go backwards,
 * each change is stated by exactly one event, each idempotency key makes one payment at Mercado Pago, and once the
 * reconciliation sweeps ran every payment matches the sandbox's final state.
 */
class WebhookFaultsFaultIT {

    @TempDir
    Path home;

    @Test
    void duplicatedReorderedAndDroppedWebhooksNeverMoveAPaymentBackAndTheSweepsEndWhereTheSandboxIs()
            throws Exception {
        try (PaymentScenario.Started started = PaymentScenario.start(home, PaymentScenario.envWithFastSweep())) {
            FaultableLocalRun run = started.run();
            Platform platform = started.platform();
            int count = started.count();
            int threads = started.threads();
            RunFigures figures = new RunFigures("webhook-faults");
            for (Map<String, Object> rule : new Map[]{
                    Map.of("id", "dup", "kind", "webhook_duplicate", "type", "payment", "probability", 0.5),
                    Map.of("id", "reorder", "kind", "webhook_out_of_order", "type", "payment", "probability", 0.6,
                            "batch_size", 4, "hold_ms", 2000),
                    Map.of("id", "drop", "kind", "webhook_drop", "type", "payment", "probability", 0.3),
                    // A late answer: a fetch's answer held 3 s (inside the client's 10 s timeout), so that it can
                    // arrive after a newer one was applied; what the state rule is there for.
                    Map.of("id", "late", "kind", "lost_answer", "mode", "timeout", "answer_delay_ms", 3000,
                            "path", "/v1/payments/*", "method", "GET", "probability", 0.2)}) {
                Platform.require(platform.sandbox("POST", "/sandbox/faults", rule, null), 201);
            }
            figures.line("load: " + count + " payments of one seller through payment-service (" + threads
                    + " callers; each create sent twice with its key), a third approved then refunded, a third in"
                    + " process then approved, a third in process then rejected; faults: payment webhooks duplicated"
                    + " (p 0.5), reordered (p 0.6, batches of 4, held up to 2 s), dropped (p 0.3); 1 in 5 of"
                    + " payment-service's fetches answered 3 s late; sweep every 5 s");

            PaymentLoad load = started.load();
            load.run(count, threads, "wh-" + System.currentTimeMillis());
            Duration settled = load.settle(Duration.ofMinutes(3));
            JsonNode rules = platform.sandbox("GET", "/sandbox/faults", null, null).body();
            StringBuilder hits = new StringBuilder();
            rules.forEach(rule -> hits.append(rule.get("id").asText()).append('=').append(rule.get("hits").asInt())
                    .append(' '));
            PaymentScenario.recordAndCheck(load, run, started.history(), figures, settled, "; fault hits " + hits);
        }
    }
}
