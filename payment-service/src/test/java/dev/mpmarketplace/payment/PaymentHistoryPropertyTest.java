package dev.mpmarketplace.payment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.payment.service.PaymentSync;
import dev.mpmarketplace.payment.support.Kafka;
import dev.mpmarketplace.payment.support.PaymentRequestsForTests;
import dev.mpmarketplace.payment.support.PaymentServiceTest;
import dev.mpmarketplace.payment.support.Sellers;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * A property of the whole state machine, against real answers: many payments live random lives at Mercado Pago (the
 * sandbox: contingencies resolved either way, authorizations captured or cancelled, partial and full refunds), and
 * every answer Mercado Pago gave along the way is delivered to the service again, duplicated and shuffled across
 * payments, from several threads at once, as API answers, notifications and sweeps would deliver late answers. Then a
 * real sweep runs. For every payment, whatever the interleaving:
 * <ul>
 * <li>the service ends in Mercado Pago's final state (status, detail, refunded amount, refunds);</li>
 * <li>its timeline never goes backwards (Mercado Pago's {@code date_last_updated} and the status rank never decrease)
 * and never repeats a state;</li>
 * <li>there is exactly one "status changed" event per timeline change, in order, and one "refunded" event per refund;
 * </li>
 * <li>delivering everything once more changes nothing and emits nothing.</li>
 * </ul>
 * The seed is printed; {@code -Dpayment.property.seed=N} replays one.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class PaymentHistoryPropertyTest extends PaymentServiceTest {

    static final int PAYMENTS = 24;
    static final int COPIES = 3;
    static final int THREADS = 6;

    @Inject
    PaymentSync sync;

    /** A payment of the test: ours, the seller's, and every answer Mercado Pago gave about it, in order. */
    record Life(String id, Sellers.LinkedSeller seller, long mercadoPagoId, List<String> answers) {
    }

    /** One delivery of an old answer. */
    record Delivery(Life life, String answer, StatusSource source) {
    }

    @Test
    void randomInterleavingsOfLateAnswersEndInMercadoPagosFinalStateWithATimelineThatNeverGoesBack()
            throws Exception {
        long seed = Long.getLong("payment.property.seed", System.nanoTime());
        System.out.println("PaymentHistoryPropertyTest seed " + seed);
        Random random = new Random(seed);
        SandboxControl control = new SandboxControl(sandbox.url());
        List<Sellers.LinkedSeller> sellers = List.of(Sellers.linked(control, secrets),
                Sellers.linked(control, secrets), Sellers.linked(control, secrets));
        List<Life> lives = new ArrayList<>();
        for (int i = 0; i < PAYMENTS; i++) {
            lives.add(live(control, sellers.get(i % sellers.size()), random));
        }

        deliver(schedule(lives, random));
        for (Life life : lives) {
            assertEndsInMercadoPagosFinalState(control, life);
        }
        sweepNow();
        for (Life life : lives) {
            assertEndsInMercadoPagosFinalState(control, life);
        }
        int expectedChanges = 0;
        int expectedRefunds = 0;
        for (Life life : lives) {
            JsonNode ours = read(life.id());
            for (JsonNode entry : ours.get("timeline")) {
                expectedChanges += PaymentStatus.ofWord(entry.get("status").asText()).orElseThrow().ours() ? 0 : 1;
            }
            expectedRefunds += ours.get("refunds").size();
        }
        Map<String, List<Kafka.Event>> changes = events(lives, PaymentEventTypes.STATUS_CHANGED, expectedChanges);
        Map<String, List<Kafka.Event>> refunds = events(lives, PaymentEventTypes.REFUNDED, expectedRefunds);
        for (Life life : lives) {
            assertOneEventPerChange(life, changes.getOrDefault(life.id(), List.of()));
            assertThat(refunds.getOrDefault(life.id(), List.of())).as("refunded events of %s", life.id())
                    .hasSize(control.refunds(life.seller().accessToken(), life.mercadoPagoId()).size());
        }

        Map<String, JsonNode> before = new HashMap<>();
        lives.forEach(life -> before.put(life.id(), read(life.id())));
        deliver(schedule(lives, random));
        for (Life life : lives) {
            assertThat(read(life.id()).get("timeline")).as("a second round changes nothing for %s", life.id())
                    .isEqualTo(before.get(life.id()).get("timeline"));
        }
    }

    /** Creates a payment through the service and takes it through a random life at Mercado Pago. */
    private Life live(SandboxControl control, Sellers.LinkedSeller seller, Random random) throws Exception {
        int kind = random.nextInt(7);
        String cardholder = switch (kind) {
            case 0, 1, 5 -> "CONT";
            default -> "APRO";
        };
        Map<String, Object> request = new HashMap<>(PaymentRequestsForTests.payment(seller.id(),
                control.cardToken(seller.publicKey(), cardholder), "100.00", "2.50"));
        request.put("capture", kind != 2 && kind != 3);
        JsonNode created = given().header("Authorization", tokens.bearer(Roles.PAYMENTS_WRITE))
                .header("Idempotency-Key", "life-" + System.nanoTime()).contentType(ContentType.JSON).body(request)
                .post("/payments").then().statusCode(201).extract().as(JsonNode.class);
        long mercadoPagoId = created.get("mercadopago_payment_id").asLong();
        String token = seller.accessToken();
        List<String> answers = new ArrayList<>();
        answers.add(control.payment(token, mercadoPagoId).toString());
        Runnable snapshot = () -> {
            pause();
            answers.add(control.payment(token, mercadoPagoId).toString());
        };
        switch (kind) {
            case 0 -> { // contingency approved, then refunded in two parts
                pause();
                control.resolvePayment(mercadoPagoId, "approved");
                snapshot.run();
                control.refund(token, mercadoPagoId, new java.math.BigDecimal("30.00"));
                snapshot.run();
                control.refund(token, mercadoPagoId, null);
                snapshot.run();
            }
            case 1 -> { // contingency rejected
                pause();
                control.resolvePayment(mercadoPagoId, "rejected");
                snapshot.run();
            }
            case 2 -> { // authorized, captured in part, refunded in part
                pause();
                capture(control, token, mercadoPagoId, "70.00");
                snapshot.run();
                control.refund(token, mercadoPagoId, new java.math.BigDecimal("10.00"));
                snapshot.run();
            }
            case 3 -> { // authorized, cancelled
                pause();
                cancel(control, token, mercadoPagoId);
                snapshot.run();
            }
            case 4 -> { // approved, refunded in full
                pause();
                control.refund(token, mercadoPagoId, null);
                snapshot.run();
            }
            case 5 -> { // contingency cancelled
                pause();
                cancel(control, token, mercadoPagoId);
                snapshot.run();
            }
            default -> { // approved, refunded in three parts
                for (String part : List.of("10.00", "20.00", "30.00")) {
                    pause();
                    control.refund(token, mercadoPagoId, new java.math.BigDecimal(part));
                    snapshot.run();
                }
            }
        }
        return new Life(created.get("id").asText(), seller, mercadoPagoId, answers);
    }

    /** Every answer of every payment {@link #COPIES} times, each as a random source, in a random order. */
    private static List<Delivery> schedule(List<Life> lives, Random random) {
        List<Delivery> deliveries = new ArrayList<>();
        StatusSource[] sources = {StatusSource.API_ANSWER, StatusSource.NOTIFICATION, StatusSource.SWEEP};
        for (Life life : lives) {
            for (String answer : life.answers()) {
                for (int copy = 0; copy < COPIES; copy++) {
                    deliveries.add(new Delivery(life, answer, sources[random.nextInt(sources.length)]));
                }
            }
        }
        Collections.shuffle(deliveries, random);
        return deliveries;
    }

    /** Applies the deliveries from several threads at once, each in its own transaction, as the service would. */
    private void deliver(List<Delivery> deliveries) throws Exception {
        ConcurrentLinkedQueue<Delivery> queue = new ConcurrentLinkedQueue<>(deliveries);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(threads.submit(() -> {
                    for (Delivery next = queue.poll(); next != null; next = queue.poll()) {
                        Delivery delivery = next;
                        MercadoPagoPayment answer = MercadoPagoPayment.parse("property", delivery.answer());
                        try {
                            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                                    () -> sync.apply(answer, delivery.life().seller().id(), delivery.source())));
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertEndsInMercadoPagosFinalState(SandboxControl control, Life life) {
        JsonNode truth = control.payment(life.seller().accessToken(), life.mercadoPagoId());
        JsonNode ours = read(life.id());
        assertThat(ours.get("status").asText()).as("status of %s", life.id()).isEqualTo(truth.get("status").asText());
        assertThat(ours.get("status_detail").asText()).as("detail of %s", life.id())
                .isEqualTo(truth.get("status_detail").asText());
        assertThat(ours.get("transaction_amount_refunded").decimalValue()).as("refunded of %s", life.id())
                .isEqualByComparingTo(truth.get("transaction_amount_refunded").decimalValue());
        assertThat(ours.get("refunds")).as("refunds of %s", life.id()).hasSize(truth.get("refunds").size());
        int previousRank = -1;
        String previous = null;
        java.time.OffsetDateTime previousDate = null;
        for (JsonNode entry : ours.get("timeline")) {
            if (entry.hasNonNull("date_last_updated")) {
                java.time.OffsetDateTime date = java.time.OffsetDateTime.parse(entry.get("date_last_updated").asText());
                assertThat(previousDate == null || !date.isBefore(previousDate))
                        .as("timeline of %s follows Mercado Pago's order of changes: %s", life.id(),
                                ours.get("timeline"))
                        .isTrue();
                previousDate = date;
            }
            PaymentStatus status = PaymentStatus.ofWord(entry.get("status").asText()).orElseThrow();
            String state = entry.get("status").asText() + "/" + entry.path("status_detail").asText();
            assertThat(status.rank()).as("timeline of %s never goes back: %s", life.id(), ours.get("timeline"))
                    .isGreaterThanOrEqualTo(previousRank);
            assertThat(state).as("timeline of %s never repeats a state", life.id()).isNotEqualTo(previous);
            previousRank = status.rank();
            previous = state;
        }
    }

    private void assertOneEventPerChange(Life life, List<Kafka.Event> events) {
        List<String> changes = new ArrayList<>();
        for (JsonNode entry : read(life.id()).get("timeline")) {
            if (!PaymentStatus.ofWord(entry.get("status").asText()).orElseThrow().ours()) {
                changes.add(entry.get("status").asText() + "/" + entry.path("status_detail").asText());
            }
        }
        List<Kafka.Event> ordered = events.stream()
                .sorted(java.util.Comparator.comparingLong(e -> e.data().get("version").asLong())).toList();
        assertThat(ordered).extracting(e -> e.data().get("new_status").asText() + "/"
                + e.data().path("status_detail").asText()).as("events of %s", life.id())
                .containsExactlyElementsOf(changes);
    }

    private Map<String, List<Kafka.Event>> events(List<Life> lives, String type, int expected) {
        java.util.Set<String> ids = lives.stream().map(Life::id).collect(Collectors.toSet());
        List<Kafka.Event> all = new Kafka(broker).read(Topic.PAYMENT_EVENTS,
                e -> type.equals(e.type()) && ids.contains(e.data().path("payment_id").asText()), expected,
                Duration.ofSeconds(30));
        return all.stream().collect(Collectors.groupingBy(e -> e.data().get("payment_id").asText()));
    }

    private static void capture(SandboxControl control, String token, long id, String amount) {
        control.updatePayment(token, id,
                Map.of("capture", true, "transaction_amount", new java.math.BigDecimal(amount)));
    }

    private static void cancel(SandboxControl control, String token, long id) {
        control.updatePayment(token, id, Map.of("status", "cancelled"));
    }

    /** Keeps Mercado Pago's date_last_updated of consecutive changes apart (its dates have millisecond precision). */
    private static void pause() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
