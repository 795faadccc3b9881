package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;
import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;

/**
 * The sandbox duplicates, reorders and drops payment webhooks at high rates (docs/sandbox/faults.md) while payments
 * are created, resolved and refunded through the platform: no payment's timeline or events may ever go backwards,
 * each change is stated by exactly one event, each idempotency key makes one payment at Mercado Pago, and once the
 * reconciliation sweeps ran every payment matches the sandbox's final state.
 */
class WebhookFaultsFaultIT {

    private static final String PAYMENT = "payment-service";

    @TempDir
    Path home;

    @Test
    void duplicatedReorderedAndDroppedWebhooksNeverMoveAPaymentBackAndTheSweepsEndWhereTheSandboxIs()
            throws Exception {
        int count = FaultSuite.integer("payments", 90);
        int threads = FaultSuite.integer("payment-threads", 6);
        Map<String, Map<String, String>> env = new HashMap<>(FaultSuite.extraEnv());
        Map<String, String> paymentEnv = new HashMap<>(env.getOrDefault(PAYMENT, Map.of()));
        // The sweep repairs what dropped webhooks hid; every 5 s instead of every 10 minutes, so a run ends soon.
        paymentEnv.putIfAbsent("PAYMENT_SWEEP_EVERY", "5S");
        env.put(PAYMENT, paymentEnv);
        try (FaultableLocalRun run = new FaultableLocalRun(home,
                Set.of("notification-ingest-service", "seller-linking-service", PAYMENT), env)) {
            run.start(System.out);
            Platform platform = new Platform(run);
            JsonNode seller = platform.user("SELLER_ONE");
            platform.link(seller.get("id").asLong(), "fault-suite-seller");
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

            History history = new History();
            history.recordsEventsOf(Lifecycle.PAYMENT);
            PaymentLoad load = new PaymentLoad(platform, List.of(run.url(PAYMENT)), seller.get("id").asLong(),
                    seller.get("access_token").asText(), history);
            load.run(count, threads, "wh-" + System.currentTimeMillis());
            Duration settled = load.settle(Duration.ofMinutes(3));
            JsonNode rules = platform.sandbox("GET", "/sandbox/faults", null, null).body();
            StringBuilder hits = new StringBuilder();
            rules.forEach(rule -> hits.append(rule.get("id").asText()).append('=').append(rule.get("hits").asInt())
                    .append(' '));
            load.record();
            int events = TopicReader.readAll(run.bootstrapServers(), java.util.List.of(
                    Topic.PAYMENT_EVENTS.topicName()), record -> {
                        if ("dev.mpmarketplace.payment.status-changed.v1".equals(TopicReader.header(record,
                                "ce_type"))) {
                            JsonNode data = read(record.value());
                            history.event(new Subject(Lifecycle.PAYMENT, data.get("payment_id").asText()),
                                    data.get("version").asLong(), TopicReader.header(record, "ce_id"),
                                    data.get("new_status").asText());
                        }
                    });
            figures.line("payments " + load.payments.size() + ", refunds " + load.refunds.get() + ", resolved by the"
                    + " sandbox " + load.resolved.get() + ", load failures " + load.failures.size() + " "
                    + load.failures.stream().limit(3).toList() + "; fault hits " + hits + "; records on "
                    + Topic.PAYMENT_EVENTS.topicName() + ": " + events + "; the platform agreed with the sandbox "
                    + (settled == null ? "NOT within 3 min" : "after " + settled.toSeconds() + " s"));
            HistoryChecker.Verdict verdict = HistoryChecker.check(history);
            figures.finish(verdict);

            assertThat(load.failures).isEmpty();
            assertThat(verdict.violations()).as(verdict.render()).isEmpty();
        }
    }

    static JsonNode read(String json) {
        try {
            return Platform.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
