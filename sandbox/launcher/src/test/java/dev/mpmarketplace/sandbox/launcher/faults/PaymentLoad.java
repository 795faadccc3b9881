package dev.mpmarketplace.sandbox.launcher.faults;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;
import dev.mpmarketplace.sandbox.launcher.faults.Platform.Answer;

/**
 * Payments through payment-service's API for one linked seller, each with its own idempotency key, along three
 * lives: approved and then refunded through the API; in process and approved by the sandbox (a contingency
 * resolved); in process and rejected. Every create is sent twice with its key (a caller's retry), so a second payment
 * for one key would show. Afterwards {@link #record} reads what the platform and the sandbox say about each.
 */
final class PaymentLoad {

    private static final Set<String> OURS = Set.of("submitting", "unknown", "refused");
    private static final String DESCRIPTION = "fault suite ";
    /** How long the calls after an accepted create (its retry, a refund) are asked again: they must succeed. */
    private static final Duration AFTERWARDS = Duration.ofMinutes(3);

    private final Platform platform;
    private final List<String> paymentUrls;
    private final long seller;
    private final String sellerToken;
    private final History history;

    /** Our payment id to its idempotency key. */
    final Map<String, String> payments = new ConcurrentHashMap<>();
    final AtomicInteger refunds = new AtomicInteger();
    final AtomicInteger resolved = new AtomicInteger();
    /** Calls asked again after no answer, a 5xx or a request still in progress. */
    final AtomicInteger retries = new AtomicInteger();
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    /** Every answer to a create, by status and problem ({@code 201}, {@code 503 mercadopago-unavailable}, ...). */
    final Map<String, AtomicInteger> createAnswers = new ConcurrentHashMap<>();
    /** Creates finally refused (only with {@link #refusalsAllowed}). */
    final AtomicInteger refused = new AtomicInteger();

    private Duration patience = Duration.ofMinutes(2);
    private boolean refusalsAllowed;

    /** @param paymentUrls payment-service's replicas: payment {@code n}'s calls go to replica {@code n % size}. */
    PaymentLoad(Platform platform, List<String> paymentUrls, long seller, String sellerToken, History history) {
        this.platform = platform;
        this.paymentUrls = List.copyOf(paymentUrls);
        this.seller = seller;
        this.sellerToken = sellerToken;
        this.history = history;
    }

    /**
     * How long a caller asks again after an unknown outcome (default two minutes), and whether a create still
     * refused then is an outcome of the run (recorded as refused: it must have made no payment) rather than a failure.
     */
    PaymentLoad patience(Duration patience, boolean refusalsAllowed) {
        this.patience = patience;
        this.refusalsAllowed = refusalsAllowed;
        return this;
    }

    void run(int count, int threads, String runId) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.execute(() -> {
                try {
                    one(n, runId + "-" + n);
                } catch (RuntimeException e) {
                    failures.add(n + ": " + e.getMessage());
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(20, TimeUnit.MINUTES)) {
            throw new IllegalStateException("payments did not finish in 20 minutes");
        }
    }

    private void one(int n, String key) {
        String paymentUrl = paymentUrls.get(n % paymentUrls.size());
        String cardholder = n % 3 == 0 ? "APRO" : "CONT";
        Map<String, Object> create = Map.of("seller_id", seller, "currency_id", "BRL", "transaction_amount",
                new BigDecimal("100.00"), "token", cardToken(cardholder), "installments", 1, "payment_method_id",
                "master", "description", DESCRIPTION + key, "payer", Map.of("email", "buyer-" + n + "@example.com"),
                "application_fee", new BigDecimal("5.00"));
        Answer created = withRetries("POST", paymentUrl + "/payments", create, key, patience);
        if (refusalsAllowed && unknown(created)) {
            history.commandRefused(key, describe(created));
            refused.incrementAndGet();
            return;
        }
        if (created.status() != 201 && created.status() != 202 && created.status() != 200) {
            throw new IllegalStateException("create " + key + ": " + created.status() + " " + created.text());
        }
        history.commandAcknowledged(key);
        String id = created.body().get("id").asText();
        payments.put(id, key);
        // The caller's retry reaches another replica when there are several.
        Answer again = withRetries("POST", paymentUrls.get((n + 1) % paymentUrls.size()) + "/payments", create, key,
                AFTERWARDS);
        if (again.status() / 100 != 2 || !id.equals(again.body().get("id").asText())) {
            throw new IllegalStateException("retry of " + key + ": " + again.status() + " " + again.text());
        }
        long mercadoPagoId = awaitMercadoPagoId(paymentUrl, id);
        if (n % 3 == 0) {
            Answer refund = withRetries("POST", paymentUrl + "/payments/" + id + "/refunds", Map.of(),
                    key + "-refund", AFTERWARDS);
            if (refund.status() == 201 || refund.status() == 202) {
                refunds.incrementAndGet();
            } else {
                failures.add("refund " + id + ": " + refund.status() + " " + refund.text());
            }
        } else {
            String outcome = n % 3 == 1 ? "approved" : "rejected";
            Answer status = platform.sandbox("POST", "/sandbox/payments/" + mercadoPagoId + "/status",
                    Map.of("status", outcome), null);
            if (status.status() / 100 == 2) {
                resolved.incrementAndGet();
            } else {
                failures.add("resolve " + mercadoPagoId + ": " + status.status() + " " + status.text());
            }
        }
    }

    /**
     * A call as a careful caller makes it while services restart: no answer, a 5xx or 409 {@code request-in-progress}
     * is an unknown outcome, asked again with the same idempotency key (never a new one) for up to {@code patience}.
     */
    private Answer withRetries(String method, String url, Object body, String key, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        Answer answer;
        do {
            answer = platform.api(method, url, body, Map.of("Idempotency-Key", key));
            if (method.equals("POST") && url.endsWith("/payments")) {
                createAnswers.computeIfAbsent(describe(answer), k -> new AtomicInteger()).incrementAndGet();
            }
            if (!unknown(answer)) {
                return answer;
            }
            retries.incrementAndGet();
            sleep(1000);
        } while (Instant.now().isBefore(deadline));
        return answer;
    }

    /** No answer, a 5xx or a request still in progress: asked again with the same key. */
    private static boolean unknown(Answer answer) {
        return answer.status() == 0 || answer.status() >= 500 || (answer.status() == 409
                && answer.text().contains("request-in-progress"));
    }

    /** The status and, for a problem, its type's last segment: {@code 503 mercadopago-unavailable}. */
    private static String describe(Answer answer) {
        JsonNode body = answer.body();
        if (answer.status() / 100 == 2 || body == null || !body.hasNonNull("type")) {
            return Integer.toString(answer.status());
        }
        String type = body.get("type").asText();
        return answer.status() + " " + type.substring(type.lastIndexOf('/') + 1);
    }

    private long awaitMercadoPagoId(String paymentUrl, String id) {
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            JsonNode payment = platform.api("GET", paymentUrl + "/payments/" + id, null, Map.of()).body();
            if (payment != null && payment.hasNonNull("mercadopago_payment_id")) {
                return payment.get("mercadopago_payment_id").asLong();
            }
            sleep(500);
        }
        throw new IllegalStateException("payment " + id + " has no Mercado Pago id after 120 s");
    }

    private String cardToken(String cardholder) {
        Map<String, Object> card = Map.of("card_number", "5031433215406351", "expiration_month", 11,
                "expiration_year", 2030, "security_code", "123", "cardholder",
                Map.of("name", cardholder, "identification", Map.of("type", "CPF", "number", "12345678909")));
        return Platform.require(platform.sandbox("POST", "/v1/card_tokens", card, sellerToken), 201).body().get("id")
                .asText();
    }

    /**
     * Waits until the platform agrees with the sandbox on every payment (or the patience runs out), then records
     * each payment's timeline, final states and the sandbox's payments per key.
     *
     * @return how long the platform took to agree, or {@code null} if it never did
     */
    Duration settle(Duration patience) {
        Instant begin = Instant.now();
        Instant deadline = begin.plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (payments.keySet().stream().allMatch(id -> agrees(id))) {
                return Duration.between(begin, Instant.now());
            }
            sleep(2000);
        }
        return null;
    }

    void record() {
        recordSandboxPayments();
        String paymentUrl = paymentUrls.get(0);
        payments.forEach((id, key) -> {
            JsonNode ours = platform.api("GET", paymentUrl + "/payments/" + id, null, Map.of()).body();
            Subject subject = new Subject(Lifecycle.PAYMENT, id);
            List<String> timeline = new ArrayList<>();
            ours.get("timeline").forEach(entry -> {
                if (!OURS.contains(entry.get("status").asText())) {
                    timeline.add(entry.get("status").asText());
                }
            });
            history.timeline(subject, timeline);
            JsonNode found = platform.sandbox("GET", "/v1/payments/search?external_reference=" + id, null, sellerToken)
                    .body();
            found.get("results").forEach(result -> history.providerPayment(key, result.get("id").asText()));
            long mercadoPagoId = ours.get("mercadopago_payment_id").asLong();
            JsonNode theirs = platform.sandbox("GET", "/v1/payments/" + mercadoPagoId, null, sellerToken).body();
            history.finalState(subject, ours.get("status").asText(), theirs.get("status").asText());
        });
    }

    /**
     * Every payment of the seller at the sandbox whose description names a key of this load, under that key: also
     * those of a key the platform refused or never answered, which a search by our id cannot find.
     */
    private void recordSandboxPayments() {
        for (int offset = 0;; offset += 1000) {
            JsonNode page = platform.sandbox("GET", "/v1/payments/search?limit=1000&offset=" + offset, null,
                    sellerToken).body();
            JsonNode results = page.get("results");
            results.forEach(result -> {
                String description = result.path("description").asText("");
                if (description.startsWith(DESCRIPTION)) {
                    history.providerPayment(description.substring(DESCRIPTION.length()), result.get("id").asText());
                }
            });
            if (results.size() < 1000) {
                return;
            }
        }
    }

    private boolean agrees(String id) {
        String paymentUrl = paymentUrls.get(0);
        JsonNode ours = platform.api("GET", paymentUrl + "/payments/" + id, null, Map.of()).body();
        if (ours == null || !ours.hasNonNull("mercadopago_payment_id")) {
            return false;
        }
        JsonNode theirs = platform.sandbox("GET", "/v1/payments/" + ours.get("mercadopago_payment_id").asLong(), null,
                sellerToken).body();
        return theirs != null && theirs.get("status").asText().equals(ours.get("status").asText());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
