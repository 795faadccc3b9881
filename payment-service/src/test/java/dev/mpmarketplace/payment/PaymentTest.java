package dev.mpmarketplace.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;

/** The payment's state machine on its own: which answers of Mercado Pago it applies, and which it refuses. */
class PaymentTest {

    static final OffsetDateTime T0 = OffsetDateTime.parse("2026-01-10T10:00:00.000-04:00");
    static final long SELLER = 1_000_003L;

    static Payment submitted() {
        return Payment.submitted(UUID.randomUUID(), SELLER, "key", "fingerprint", "{}", new BigDecimal("100.10"),
                "BRL", null, T0.plusMinutes(1), T0);
    }

    static MercadoPagoPayment answer(String status, String detail, OffsetDateTime updated, String refunded) {
        return new MercadoPagoPayment(1_320_000_001L, status, detail, SELLER, "ref", new BigDecimal("100.1"),
                new BigDecimal(refunded), "BRL", true, T0, updated, null, null, List.of(), "{\"id\":1320000001}");
    }

    @Test
    void theFirstAnswerReplacesTheOwnStatusAndKeepsTheCallersScale() {
        Payment payment = submitted();

        Payment.Observation seen = payment.observe(answer("approved", "accredited", T0.plusSeconds(1), "0"), T0);

        assertThat(seen.applied()).isTrue();
        assertThat(seen.statusChanged()).isTrue();
        assertThat(seen.oldStatus()).isEqualTo(PaymentStatus.SUBMITTING);
        assertThat(payment.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(payment.transactionAmount.toPlainString()).as("100.1 equals 100.10: the request's scale stays")
                .isEqualTo("100.10");
        assertThat(payment.mercadopagoPaymentId).isEqualTo(1_320_000_001L);
        assertThat(payment.submission).as("the card token goes once the answer is known").isNull();
        assertThat(payment.changeCount).isEqualTo(2);
    }

    @Test
    void aLatePendingNeverOverwritesAnApproval() {
        Payment payment = submitted();
        payment.observe(answer("approved", "accredited", T0.plusSeconds(2), "0"), T0);

        Payment.Observation late = payment.observe(answer("in_process", "pending_contingency", T0.plusSeconds(1),
                "0"), T0);

        assertThat(late.applied()).isFalse();
        assertThat(late.ignoredReason()).isEqualTo("backwards");
        assertThat(payment.status()).isEqualTo(PaymentStatus.APPROVED);
    }

    @Test
    void aLateApprovalNeverOverwritesARefund() {
        Payment payment = submitted();
        payment.observe(answer("refunded", "refunded", T0.plusSeconds(3), "100.10"), T0);

        assertThat(payment.observe(answer("approved", "accredited", T0.plusSeconds(1), "0"), T0).applied())
                .isFalse();
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void anOlderAnswerOfTheSameRankIsStaleAndANewerOneIsApplied() {
        Payment payment = submitted();
        payment.observe(answer("approved", "partially_refunded", T0.plusSeconds(5), "30"), T0);

        Payment.Observation older = payment.observe(answer("approved", "accredited", T0.plusSeconds(4), "0"), T0);
        Payment.Observation newer = payment.observe(answer("in_mediation", null, T0.plusSeconds(6), "30"), T0);

        assertThat(older.ignoredReason()).isEqualTo("stale");
        assertThat(newer.applied()).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.IN_MEDIATION);
    }

    @Test
    void atTheSameInstantTheHigherRankOrTheLargerRefundWinsAndARepeatChangesNothing() {
        Payment payment = submitted();
        payment.observe(answer("approved", "partially_refunded", T0.plusSeconds(5), "30"), T0);

        Payment.Observation same = payment.observe(answer("approved", "partially_refunded", T0.plusSeconds(5), "30"),
                T0);
        Payment.Observation moreRefunded = payment.observe(answer("approved", "partially_refunded",
                T0.plusSeconds(5), "50"), T0);
        Payment.Observation higher = payment.observe(answer("refunded", "refunded", T0.plusSeconds(5), "100.1"), T0);

        assertThat(same.ignoredReason()).isEqualTo("same");
        assertThat(moreRefunded.applied()).isTrue();
        assertThat(moreRefunded.statusChanged()).as("the same status and detail: no timeline entry").isFalse();
        assertThat(payment.transactionAmountRefunded).isEqualByComparingTo("100.1");
        assertThat(higher.statusChanged()).isTrue();
    }

    @Test
    void anAnswerAboutAnotherCollectorsPaymentIsRefused() {
        Payment payment = submitted();
        MercadoPagoPayment other = new MercadoPagoPayment(1_320_000_001L, "approved", "accredited", 42L, "ref",
                BigDecimal.TEN, BigDecimal.ZERO, "BRL", true, T0, T0, null, null, List.of(), "{}");

        assertThat(payment.observe(other, T0).ignoredReason()).isEqualTo("other_collector");
        assertThat(payment.status()).isEqualTo(PaymentStatus.SUBMITTING);
    }

    @Test
    void theOwnStatusesChangeOnlyWhileMercadoPagosIsUnknown() {
        Payment payment = submitted();
        assertThat(payment.outcomeUnknown(T0.plusSeconds(2), T0)).isTrue();
        assertThat(payment.status()).isEqualTo(PaymentStatus.UNKNOWN);

        payment.observe(answer("approved", "accredited", T0.plusSeconds(1), "0"), T0);

        assertThat(payment.outcomeUnknown(T0.plusSeconds(9), T0)).as("an answer arrived meanwhile: it stands")
                .isFalse();
        assertThat(payment.refuse("{}", T0)).isFalse();
        assertThat(payment.status()).isEqualTo(PaymentStatus.APPROVED);
    }

    @Test
    void aRefusedCreateGivesWayIfMercadoPagoShowsThePaymentAfterAll() {
        Payment payment = submitted();
        payment.refuse("{\"type\":\"x\"}", T0);

        assertThat(payment.observe(answer("approved", "accredited", T0.plusSeconds(1), "0"), T0).applied()).isTrue();
        assertThat(payment.refusal).isNull();
    }
}
