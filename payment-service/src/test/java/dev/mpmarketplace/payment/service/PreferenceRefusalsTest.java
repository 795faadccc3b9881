package dev.mpmarketplace.payment.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.preferences.MercadoPagoPreferences;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Every error key seed 004 lists becomes a 422 problem carrying that key, also those the sandbox never answers
 * ({@code invalid_collector_email}, {@code collector_does_not_comply_with_current_regulation}) or that the
 * platform's calls cannot provoke ({@code invalid_access_token}: the platform always uses the seller's OAuth token;
 * {@code invalid_id}: the platform only names preferences Mercado Pago gave it). PreferencesTest provokes the others
 * at the sandbox.
 */
class PreferenceRefusalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"bad_request", "collector_does_not_comply_with_current_regulation", "invalid_collector_id",
            "invalid_sponsor_id", "invalid_collector_email", "invalid_operation_type", "invalid_expiration_date_to",
            "invalid_date", "invalid_expiration_date_from", "invalid_items", "invalid_back_urls",
            "invalid_payment_methods", "invalid_marketplace_fee", "invalid_id", "invalid_access_token",
            "invalid_shipments", "invalid_binary_mode", "invalid_payer", "invalid_auto_return",
            "invalid_installments"})
    void everyErrorKeyOfSeed004IsAProblemWithThatKey(String key) {
        MercadoPagoException refusal = MercadoPagoErrors.fromAnswer(MercadoPagoPreferences.CREATE, 400,
                "{\"message\":\"the reason\",\"error\":\"" + key + "\",\"status\":400,\"cause\":[]}", null);

        ProblemException problem = PaymentProblems.mercadoPagoRefused(refusal, null);

        assertThat(WriteOutcome.of(refusal)).isEqualTo(WriteOutcome.REFUSED);
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.reason()).isEqualTo(PaymentProblems.MERCADOPAGO_REFUSED);
        assertThat(problem.extensions()).containsEntry("mercadopago_error", key)
                .containsEntry("mercadopago_message", "the reason").containsEntry("mercadopago_status", 400);
        assertThat(StoredProblems.restore(StoredProblems.store(problem)).extensions())
                .containsEntry("mercadopago_error", key);
    }
}
