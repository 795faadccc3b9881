package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.sandbox.launcher.faults.History.SellerTokens;
import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;
import dev.mpmarketplace.sandbox.launcher.faults.HistoryChecker.Kind;
import dev.mpmarketplace.sandbox.launcher.faults.HistoryChecker.Verdict;
import dev.mpmarketplace.sandbox.launcher.faults.HistoryChecker.Violation;

class HistoryCheckerTest {

    private static final Subject PAYMENT = new Subject(Lifecycle.PAYMENT, "pay-1");
    private static final Subject INTENT = new Subject(Lifecycle.POINT_INTENT, "intent-1");
    private static final Subject ORDER = new Subject(Lifecycle.ORDER, "order-1");

    /** A run where everything went right: the base every other test breaks in one place. */
    private static History sound() {
        History history = new History();
        history.recordsEventsOf(Lifecycle.PAYMENT);
        history.acknowledged("ce-1", "notifications.mercadopago.payment", "111:9001");
        history.acknowledged("ce-2", "notifications.mercadolibre.orders", "111:/orders/77");
        history.published("ce-1", "notifications.mercadopago.payment");
        history.published("ce-2", "notifications.mercadolibre.orders");
        history.published("ce-2", "notifications.mercadolibre.orders"); // at least once: twice is fine
        history.commandAcknowledged("key-1");
        history.providerPayment("key-1", "9001");
        history.providerPayment("key-1", "9001"); // the same payment seen by two look-ups
        history.timeline(PAYMENT, List.of("pending", "approved", "refunded"));
        history.event(PAYMENT, 1, "ev-1", "pending");
        history.event(PAYMENT, 2, "ev-2", "approved");
        history.event(PAYMENT, 2, "ev-2", "approved"); // redelivered by the outbox after a crash: same id
        history.event(PAYMENT, 3, "ev-3", "refunded");
        history.finalState(PAYMENT, "refunded", "refunded");
        history.timeline(INTENT, List.of("open", "on_terminal", "processing", "finished", "refunded"));
        history.finalState(INTENT, "REFUNDED", "refunded");
        history.timeline(ORDER, List.of("payment_required", "payment_in_process", "payment_required", "paid"));
        history.finalState(ORDER, "paid", "paid");
        history.commandRefused("key-refused", "503 seller-tokens-unavailable");
        // Linked, refreshed twice (each grant written), its token due three times during the run.
        history.sellerTokens(new SellerTokens(4242, "LINKED", true, 2, 2, 0, 3));
        return history;
    }

    @Test
    void aSoundHistoryPassesAndSaysWhatItChecked() {
        Verdict verdict = HistoryChecker.check(sound());

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.checked()).containsEntry("acknowledged_notifications", 2)
                .containsEntry("acknowledged_commands", 1).containsEntry("events", 4).containsEntry("timelines", 3)
                .containsEntry("final_states", 3).containsEntry("refused_commands", 1).containsEntry("sellers", 1);
        assertThat(verdict.render()).contains("PASSED");
    }

    @Test
    void anAcknowledgedNotificationMissingFromKafkaIsFound() {
        History history = sound();
        history.acknowledged("ce-3", "notifications.mercadopago.point", "111:intent-9");

        assertThat(only(history)).isEqualTo(new Violation(Kind.MISSING_NOTIFICATION, "111:intent-9",
                "acknowledged as ce-3, not on notifications.mercadopago.point"));
    }

    @Test
    void twoPaymentsForOneIdempotencyKeyAreFound() {
        History history = sound();
        history.providerPayment("key-1", "9002");

        assertThat(only(history)).isEqualTo(new Violation(Kind.DOUBLE_PAYMENT, "key-1",
                "2 payments at Mercado Pago: 9001, 9002"));
    }

    @Test
    void anAcceptedCommandWithoutItsPaymentIsFound() {
        History history = sound();
        history.commandAcknowledged("key-2");

        assertThat(only(history).kind()).isEqualTo(Kind.LOST_EFFECT);
    }

    @Test
    void oneChangeStatedByTwoEventsIsFound() {
        History history = sound();
        history.event(PAYMENT, 2, "ev-2-again", "approved");

        Violation violation = only(history);
        assertThat(violation.kind()).isEqualTo(Kind.DUPLICATED_EVENT);
        assertThat(violation.detail()).isEqualTo("change 2 stated by 2 events: [ev-2, ev-2-again]");
    }

    @Test
    void aChangeWithoutItsEventIsFound() {
        History history = sound();
        history.timeline(PAYMENT, List.of("pending", "approved", "refunded", "charged_back"));
        history.finalState(PAYMENT, "charged_back", "charged_back");

        assertThat(only(history).kind()).isEqualTo(Kind.MISSING_EVENT);
    }

    @Test
    void aPaymentTimelineThatGoesBackIsFound() {
        History history = sound();
        Subject late = new Subject(Lifecycle.PAYMENT, "pay-2");
        history.timeline(late, List.of("pending", "approved", "pending"));
        history.event(late, 1, "ev-21", "pending");
        history.event(late, 2, "ev-22", "approved");
        history.event(late, 3, "ev-23", "pending");
        history.finalState(late, "pending", "pending");

        List<Violation> violations = HistoryChecker.check(history).violations();
        assertThat(violations).extracting(Violation::kind).containsOnly(Kind.BACKWARDS_STATUS).hasSize(2);
        assertThat(violations).extracting(Violation::detail).containsExactlyInAnyOrder(
                "timeline [pending, approved, pending] moves from approved back to pending",
                "events [pending, approved, pending] moves from approved back to pending");
    }

    @Test
    void anIntentThatLeavesAFinalStateOrAnOrderThatUnpaysIsFound() {
        History intent = sound();
        intent.timeline(INTENT, List.of("open", "finished", "canceled"));
        intent.finalState(INTENT, "canceled", "canceled");
        assertThat(only(intent).kind()).isEqualTo(Kind.BACKWARDS_STATUS);

        History order = sound();
        order.timeline(ORDER, List.of("payment_required", "paid", "payment_in_process"));
        order.finalState(ORDER, "payment_in_process", "payment_in_process");
        assertThat(only(order).detail()).contains("moves from paid back to payment_in_process");
    }

    @Test
    void aFinalStateThatDisagreesWithTheSandboxIsFound() {
        History history = sound();
        history.finalState(ORDER, "paid", "cancelled");

        assertThat(only(history)).isEqualTo(new Violation(Kind.FINAL_STATE_MISMATCH, "order order-1",
                "the platform says paid, Mercado Pago says cancelled"));
    }

    @Test
    void somethingTheSandboxKnowsAndThePlatformNeverHeardOfIsAMismatch() {
        History history = sound();
        history.finalState(new Subject(Lifecycle.PAYMENT, "mp-9003"), null, "approved");

        assertThat(only(history).detail()).isEqualTo("the platform says null, Mercado Pago says approved");
    }

    @Test
    void aRefusedCommandThatChargedAllTheSameIsFound() {
        History history = sound();
        history.providerPayment("key-refused", "9004");

        assertThat(only(history)).isEqualTo(new Violation(Kind.REFUSED_BUT_CHARGED, "key-refused",
                "answered 503 seller-tokens-unavailable, yet 1 payment(s) at Mercado Pago"));
    }

    @Test
    void aSellerLeftUnlinkedOrWithDeadTokensIsFound() {
        History unlinked = sound();
        unlinked.sellerTokens(new SellerTokens(4242, "REAUTHORIZATION_REQUIRED", true, 2, 2, 0, 3));
        assertThat(only(unlinked)).isEqualTo(new Violation(Kind.SELLER_NOT_LINKED, "seller 4242",
                "status REAUTHORIZATION_REQUIRED"));

        History dead = sound();
        dead.sellerTokens(new SellerTokens(4242, "LINKED", false, 2, 2, 0, 3));
        assertThat(only(dead).detail()).isEqualTo("status LINKED, the tokens in Vault do not work");
    }

    @Test
    void aRefreshGrantedButNeverWrittenIsALostPair() {
        History history = sound();
        history.sellerTokens(new SellerTokens(4242, "LINKED", true, 1, 2, 0, 3));

        assertThat(only(history)).isEqualTo(new Violation(Kind.LOST_TOKEN_PAIR, "seller 4242",
                "2 refreshes granted, 1 written to Vault"));
    }

    @Test
    void aRefreshTokenPresentedTwiceOrMoreRefreshesThanExpiriesAreFound() {
        History reused = sound();
        reused.sellerTokens(new SellerTokens(4242, "LINKED", true, 2, 2, 1, 3));
        assertThat(only(reused).kind()).isEqualTo(Kind.REFRESH_TOKEN_REUSED);

        History twice = sound();
        twice.sellerTokens(new SellerTokens(4242, "LINKED", true, 4, 4, 0, 3));
        assertThat(only(twice)).isEqualTo(new Violation(Kind.EXTRA_REFRESH, "seller 4242",
                "4 refreshes, its token came due at most 3 time(s)"));
    }

    @Test
    void theRenderedVerdictCountsEveryKindFound() {
        History history = sound();
        history.acknowledged("ce-3", "notifications.mercadopago.payment", "111:9003");
        history.providerPayment("key-1", "9002");

        String text = HistoryChecker.check(history).render();

        assertThat(text).contains("FAILED: 2 violation(s)").contains("MISSING_NOTIFICATION: 1")
                .contains("DOUBLE_PAYMENT: 1");
    }

    /** The sound run, with a Point intent queued once for its key and the events of intents and orders read. */
    private static History soundWithIntentsAndOrders() {
        History history = sound();
        history.intentAcknowledged("intent-key-1");
        history.providerIntent("intent-key-1", "mp-intent-1");
        history.providerIntent("intent-key-1", "mp-intent-1"); // the same intent seen on the device twice
        history.recordsEventsOf(Lifecycle.POINT_INTENT);
        history.recordsEventsOf(Lifecycle.ORDER);
        int change = 0;
        for (String state : List.of("open", "on_terminal", "processing", "finished", "refunded")) {
            change++;
            history.event(INTENT, change, "intent-ev-" + change, state);
        }
        history.event(ORDER, 1, "order-ev-1", "payment_required");
        history.event(ORDER, 2, "order-ev-2", "payment_in_process");
        history.event(ORDER, 3, "order-ev-3", "payment_required");
        history.event(ORDER, 5, "order-ev-5", "paid"); // version 4 changed a payment, not the status
        return history;
    }

    @Test
    void intentsAndOrdersWithTheirEventsPassAndTheIntentsAreCounted() {
        Verdict verdict = HistoryChecker.check(soundWithIntentsAndOrders());

        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.checked()).containsEntry("acknowledged_intents", 1).containsEntry("events", 13);
    }

    @Test
    void twoIntentsAtMercadoPagoForOneIdempotencyKeyAreFound() {
        History history = soundWithIntentsAndOrders();
        history.providerIntent("intent-key-1", "mp-intent-2");

        assertThat(only(history)).isEqualTo(new Violation(Kind.DOUBLE_INTENT, "intent-key-1",
                "2 intents at Mercado Pago: mp-intent-1, mp-intent-2"));
    }

    @Test
    void anAcceptedIntentThatMercadoPagoNeverQueuedIsFound() {
        History history = soundWithIntentsAndOrders();
        history.intentAcknowledged("intent-key-2");

        assertThat(only(history)).isEqualTo(new Violation(Kind.LOST_EFFECT, "intent-key-2",
                "accepted, no intent at Mercado Pago"));
    }

    @Test
    void anIntentWhoseEventsGoBackIsFoundEvenWhenItsTimelineDoesNot() {
        History history = soundWithIntentsAndOrders();
        Subject late = new Subject(Lifecycle.POINT_INTENT, "intent-2");
        history.timeline(late, List.of("open", "on_terminal", "finished"));
        history.event(late, 1, "i2-1", "open");
        history.event(late, 2, "i2-2", "finished");
        history.event(late, 3, "i2-3", "on_terminal");
        history.finalState(late, "FINISHED", "finished");

        assertThat(only(history)).isEqualTo(new Violation(Kind.BACKWARDS_STATUS, "point_intent intent-2",
                "events [open, finished, on_terminal] moves from finished back to on_terminal"));
    }

    @Test
    void anOrderStatusChangeStatedTwiceOrNotAtAllIsFound() {
        History twice = soundWithIntentsAndOrders();
        twice.event(ORDER, 5, "order-ev-5-again", "paid");
        Violation duplicated = only(twice);
        assertThat(duplicated.kind()).isEqualTo(Kind.DUPLICATED_EVENT);
        assertThat(duplicated.subject()).isEqualTo("order order-1");

        History missing = soundWithIntentsAndOrders();
        missing.timeline(ORDER, List.of("payment_required", "payment_in_process", "payment_required", "paid",
                "cancelled"));
        missing.finalState(ORDER, "cancelled", "cancelled");
        assertThat(only(missing)).isEqualTo(new Violation(Kind.MISSING_EVENT, "order order-1",
                "5 changes in the timeline, 4 changes stated on the topic"));
    }

    @Test
    void anIntentOrOrderWithATimelineAndNoEventAtAllIsFound() {
        History history = soundWithIntentsAndOrders();
        Subject silent = new Subject(Lifecycle.ORDER, "order-2");
        history.timeline(silent, List.of("confirmed", "paid"));
        history.finalState(silent, "paid", "paid");

        assertThat(only(history)).isEqualTo(new Violation(Kind.MISSING_EVENT, "order order-2",
                "2 changes in the timeline, none stated on the topic"));
    }

    private static Violation only(History history) {
        List<Violation> violations = HistoryChecker.check(history).violations();
        assertThat(violations).hasSize(1);
        return violations.get(0);
    }
}
