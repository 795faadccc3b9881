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
 * Two replicas of payment-service share the stream (each payment's retry goes to the other replica; both run the
 * resolver and the sweep), and Vault, where the sellers' tokens are, is unavailable for a minute in the middle: no
 * double effect, nothing lost, nothing backwards, and the platform ends where the sandbox is. (Exactly one token
 * refresh per seller with two processes is seller-linking-service's {@code SellerTokenRefreshRaceIT}.)
 */
class ReplicasAndVaultFaultIT {

    private static final String PAYMENT = "payment-service";

    @TempDir
    Path home;

    @Test
    void twoPaymentReplicasAndAMinuteWithoutVaultMakeNoPaymentTwiceAndLoseNone() throws Exception {
        int count = FaultSuite.integer("payments", 90);
        int threads = FaultSuite.integer("payment-threads", 6);
        int vaultOutageSeconds = FaultSuite.integer("vault-outage-seconds", 60);
        Map<String, Map<String, String>> env = new HashMap<>(FaultSuite.extraEnv());
        Map<String, String> paymentEnv = new HashMap<>(env.getOrDefault(PAYMENT, Map.of()));
        paymentEnv.putIfAbsent("PAYMENT_SWEEP_EVERY", "5S");
        env.put(PAYMENT, paymentEnv);
        try (FaultableLocalRun run = new FaultableLocalRun(home,
                Set.of("notification-ingest-service", "seller-linking-service", PAYMENT), env)) {
            run.start(System.out);
            String replica = run.addReplica(PAYMENT, 2);
            Platform platform = new Platform(run);
            JsonNode seller = platform.user("SELLER_ONE");
            platform.link(seller.get("id").asLong(), "fault-suite-seller");
            RunFigures figures = new RunFigures("replicas-and-vault");
            figures.line("load: " + count + " payments of one seller over two payment-service replicas (" + threads
                    + " callers; each create sent to one replica and again with its key to the other, unknown"
                    + " outcomes retried with the same key), a third approved then refunded, a third in process then"
                    + " approved, a third in process then rejected; fault: Vault stopped after a third was created,"
                    + " started again " + vaultOutageSeconds + " s later; sweep every 5 s on both replicas");
            History history = new History();
            history.recordsEventsOf(Lifecycle.PAYMENT);
            PaymentLoad load = new PaymentLoad(platform, List.of(run.url(PAYMENT), run.urlOf(replica)),
                    seller.get("id").asLong(), seller.get("access_token").asText(), history);
            Thread faults = new Thread(() -> {
                try {
                    while (load.payments.size() < count / 3) {
                        Thread.sleep(50);
                    }
                    figures.line("stopping Vault at " + load.payments.size() + " payments");
                    run.stop("vault");
                    Thread.sleep(vaultOutageSeconds * 1000L);
                    run.restart("vault");
                    figures.line("Vault accepts connections again at " + load.payments.size() + " payments");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "vault-stopper");
            faults.start();
            load.run(count, threads, "replicas-" + System.currentTimeMillis());
            faults.join();
            Duration settled = load.settle(Duration.ofMinutes(3));
            load.record();
            int events = TopicReader.readAll(run.bootstrapServers(), List.of(Topic.PAYMENT_EVENTS.topicName()),
                    record -> {
                        if ("dev.mpmarketplace.payment.status-changed.v1".equals(TopicReader.header(record,
                                "ce_type"))) {
                            JsonNode data = WebhookFaultsFaultIT.read(record.value());
                            history.event(new Subject(Lifecycle.PAYMENT, data.get("payment_id").asText()),
                                    data.get("version").asLong(), TopicReader.header(record, "ce_id"),
                                    data.get("new_status").asText());
                        }
                    });
            figures.line("payments " + load.payments.size() + ", refunds " + load.refunds.get() + ", resolved by the"
                    + " sandbox " + load.resolved.get() + ", calls retried " + load.retries.get() + ", load failures "
                    + load.failures.size() + " " + load.failures.stream().limit(3).toList() + "; records on "
                    + Topic.PAYMENT_EVENTS.topicName() + ": " + events + "; the platform agreed with the sandbox "
                    + (settled == null ? "NOT within 3 min" : "after " + settled.toSeconds() + " s"));
            HistoryChecker.Verdict verdict = HistoryChecker.check(history);
            figures.finish(verdict);

            assertThat(load.failures).isEmpty();
            assertThat(verdict.violations()).as(verdict.render()).isEmpty();
        }
    }
}
