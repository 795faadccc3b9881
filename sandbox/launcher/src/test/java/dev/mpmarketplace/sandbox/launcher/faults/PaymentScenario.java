package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;
import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;

/** What the payment scenarios share: their services' settings and reading payment-service's events back. */
final class PaymentScenario {

    static final String PAYMENT = "payment-service";
    static final String INGEST = "notification-ingest-service";
    static final String LINKING = "seller-linking-service";
    static final String STATUS_CHANGED = "dev.mpmarketplace.payment.status-changed.v1";
    /** The sandbox rule that lets a used card token pay again ({@link #start}). */
    static final String CARD_TOKEN_REUSE = "card-token-reuse";

    private PaymentScenario() {
    }

    /**
     * A payment scenario's system, started: the local run of ingest, seller-linking and payment-service, the seller
     * {@code SELLER_ONE} linked, card tokens reusable at the sandbox ({@link #start}), a history that records
     * payments' events, and the load's size ({@code -Dfaults.payments}, {@code -Dfaults.payment-threads}). Closing it
     * stops the run.
     */
    record Started(FaultableLocalRun run, Platform platform, long sellerId, String sellerToken, History history,
            int count, int threads) implements AutoCloseable {

        /** A load over these replicas of payment-service (payment {@code n} to replica {@code n % size}). */
        PaymentLoad load(List<String> paymentUrls) {
            return new PaymentLoad(platform, paymentUrls, sellerId, sellerToken, history);
        }

        /** A load over the one payment-service. */
        PaymentLoad load() {
            return load(List.of(run.url(PAYMENT)));
        }

        @Override
        public void close() throws IOException {
            run.close();
        }
    }

    /**
     * Starts a payment scenario's system with these services' variables ({@link #envWithFastSweep} and more). The
     * sandbox lets a used card token pay again ({@code card_token_reuse}, docs/sandbox/faults.md): every payment of
     * the load uses a card token, which Mercado Pago refuses a second time, so that without the rule a second charge
     * with a new idempotency key would be a 400 and never a second payment; with it, a double charge is a payment the
     * checker counts ({@code DOUBLE_PAYMENT}), as it would be with a saved card or account money.
     */
    static Started start(Path home, Map<String, Map<String, String>> env) throws IOException, InterruptedException {
        FaultableLocalRun run = new FaultableLocalRun(home, Set.of(INGEST, LINKING, PAYMENT), env);
        try {
            run.start(System.out);
            Platform platform = new Platform(run);
            JsonNode seller = platform.user("SELLER_ONE");
            long sellerId = seller.get("id").asLong();
            platform.link(sellerId, "fault-suite-seller");
            Platform.require(platform.sandbox("POST", "/sandbox/faults",
                    Map.of("id", CARD_TOKEN_REUSE, "kind", "card_token_reuse"), null), 201);
            History history = new History();
            history.recordsEventsOf(Lifecycle.PAYMENT);
            return new Started(run, platform, sellerId, seller.get("access_token").asText(), history,
                    FaultSuite.integer("payments", 90), FaultSuite.integer("payment-threads", 6));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }

    /**
     * The suite's extra variables, with payment-service's sweep every 5 s instead of every 10 minutes: the sweep
     * repairs what notifications missed, and a run must end soon.
     */
    static Map<String, Map<String, String>> envWithFastSweep() {
        Map<String, Map<String, String>> env = new HashMap<>(FaultSuite.extraEnv());
        Map<String, String> paymentEnv = new HashMap<>(env.getOrDefault(PAYMENT, Map.of()));
        paymentEnv.putIfAbsent("PAYMENT_SWEEP_EVERY", "5S");
        env.put(PAYMENT, paymentEnv);
        return env;
    }

    /**
     * The Vault fault: a thread that stops the Vault dev server (SIGTERM) once the load created {@code payments}
     * payments and starts it again on its data {@code seconds} later, saying so in the figures.
     */
    static Thread vaultOutage(FaultableLocalRun run, PaymentLoad load, int payments, int seconds, RunFigures figures) {
        return new Thread(() -> {
            try {
                while (load.payments.size() < payments) {
                    Thread.sleep(50);
                }
                figures.line("stopping Vault at " + load.payments.size() + " payments");
                run.stop("vault");
                Thread.sleep(seconds * 1000L);
                figures.line("starting Vault at " + load.payments.size() + " payments, " + load.refused.get()
                        + " creates refused to the end so far");
                run.restart("vault");
                figures.line("Vault accepts connections again at " + load.payments.size() + " payments");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "vault-stopper");
    }

    /** Reads {@code payments.events} to its end into the history; returns how many records it holds. */
    static int recordEvents(String bootstrapServers, History history) {
        return TopicReader.readAll(bootstrapServers, List.of(Topic.PAYMENT_EVENTS.topicName()), record -> {
            if (STATUS_CHANGED.equals(TopicReader.header(record, "ce_type"))) {
                JsonNode data = read(record.value());
                history.event(new Subject(Lifecycle.PAYMENT, data.get("payment_id").asText()),
                        data.get("version").asLong(), TopicReader.header(record, "ce_id"),
                        data.get("new_status").asText());
            }
        });
    }

    /**
     * The end of every payment scenario: records the load's calls and the events on the topic, writes the outcome
     * ({@code extra} appended; how many payments a used card token made: any is a charge for a key made again) and the
     * checker's verdict to the figures, and fails on a failed call or a violation.
     */
    static void recordAndCheck(PaymentLoad load, FaultableLocalRun run, History history, RunFigures figures,
            Duration settled, String extra) throws IOException {
        load.record();
        int events = recordEvents(run.bootstrapServers(), history);
        int reused = new Platform(run).sandbox("GET", "/sandbox/faults/" + CARD_TOKEN_REUSE, null, null).body()
                .get("hits").asInt();
        figures.line(outcome(load, events, settled) + "; payments made with a used card token " + reused + extra);
        HistoryChecker.Verdict verdict = HistoryChecker.check(history);
        figures.finish(verdict);

        assertThat(load.failures).isEmpty();
        assertThat(verdict.violations()).as(verdict.render()).isEmpty();
    }

    /** The load's outcome in one line of the figures. */
    static String outcome(PaymentLoad load, int events, Duration settled) {
        return "payments " + load.payments.size() + ", refunds " + load.refunds.get() + ", resolved by the sandbox "
                + load.resolved.get() + ", creates refused in the end " + load.refused.get() + ", calls retried "
                + load.retries.get() + ", answers to creates " + new java.util.TreeMap<>(load.createAnswers)
                + ", load failures "
                + load.failures.size() + " " + load.failures.stream().limit(3).toList() + "; records on "
                + Topic.PAYMENT_EVENTS.topicName() + ": " + events + "; the platform agreed with the sandbox "
                + (settled == null ? "NOT within 3 min" : "after " + settled.toSeconds() + " s");
    }

    private static JsonNode read(String json) {
        try {
            return Platform.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
