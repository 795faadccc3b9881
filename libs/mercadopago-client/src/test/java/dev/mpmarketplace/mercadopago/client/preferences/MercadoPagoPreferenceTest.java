package dev.mpmarketplace.mercadopago.client.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;

class MercadoPagoPreferenceTest {

    @Test
    void aPreferenceAnswerIsReadWithExactAmountsAndKeptWhole() {
        String json = """
                {"id": "202809963-920c288b-4ebb-40be-966f-700250fa5370", "collector_id": 202809963,
                 "external_reference": "5f0e", "init_point": "https://mp/checkout?pref_id=1",
                 "sandbox_init_point": "https://sandbox/checkout?pref_id=1", "total_amount": 100.10,
                 "marketplace_fee": 2.50, "date_created": "2018-02-02T19:22:23.535Z", "last_updated": null,
                 "payer": {"email": "buyer@example.com"}}""";

        MercadoPagoPreference preference = MercadoPagoPreference.parse("GET", json);

        assertThat(preference.id()).isEqualTo("202809963-920c288b-4ebb-40be-966f-700250fa5370");
        assertThat(preference.collectorId()).isEqualTo(202809963L);
        assertThat(preference.totalAmount().toPlainString()).isEqualTo("100.10");
        assertThat(preference.marketplaceFee().toPlainString()).isEqualTo("2.50");
        assertThat(preference.lastUpdated()).isNull();
        assertThat(preference.raw()).isEqualTo(json);
        assertThat(preference.toString()).doesNotContain("buyer@example.com");
    }

    @Test
    void anAnswerWithoutAnIdOrACheckoutPageIsNotAPreference() {
        assertThatThrownBy(() -> MercadoPagoPreference.parse("POST", "{\"id\": \"1-a\"}"))
                .isInstanceOfSatisfying(MercadoPagoException.class,
                        e -> assertThat(e.kind()).isEqualTo(MercadoPagoException.Kind.INVALID_RESPONSE));
        assertThatThrownBy(() -> MercadoPagoPreference.parse("POST", "<html>"))
                .isInstanceOfSatisfying(MercadoPagoException.class,
                        e -> assertThat(e.kind()).isEqualTo(MercadoPagoException.Kind.INVALID_RESPONSE));
    }

    @Test
    void aRefusalKeepsItsKeyAndItsMessageButTheLoggedTextNamesOnlyTheKey() {
        MercadoPagoException refusal = MercadoPagoErrors.fromAnswer(MercadoPagoPreferences.CREATE, 400,
                "{\"message\":\"invalid value (x<script>) for field shipments.mode.\",\"error\":\"invalid_shipments\","
                        + "\"status\":400,\"cause\":[]}",
                null);

        assertThat(refusal.kind()).isEqualTo(MercadoPagoException.Kind.INVALID_REQUEST);
        assertThat(refusal.error()).contains("invalid_shipments");
        assertThat(refusal.member("message")).contains("invalid value (x<script>) for field shipments.mode.");
        assertThat(refusal.getMessage()).contains("invalid_shipments").doesNotContain("script");
    }
}
