package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookReceiver.Received;

/** A payment's webhooks: {@code payment.created} on creation, {@code payment.updated} on every later change. */
class PaymentWebhooksTest {

    private WebhookReceiver receiver;
    private PaymentsFixture fixture;

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start();
        fixture = new PaymentsFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
        receiver.close();
    }

    @Test
    void aPaymentNotifiesItsCreationAndEveryLaterChangeToItsNotificationUrl() {
        JsonNode created = fixture.pay(fixture.sellerOne, payment(fixture.cardToken(fixture.sellerOne, "APRO"), "50")
                .put("notification_url", receiver.url())).json();
        String id = created.get("id").asText();

        Received first = receiver.await(1).get(0);
        fixture.refund(fixture.sellerOne, created.get("id").asLong(), Map.of("amount", 5));
        List<Received> all = receiver.await(2);

        assertThat(first.query()).containsEntry("data.id", id).containsEntry("type", "payment");
        assertThat(first.json().get("action").asText()).isEqualTo("payment.created");
        assertThat(first.json().get("data").get("id").asText()).isEqualTo(id);
        assertThat(first.json().get("user_id").asLong()).isEqualTo(fixture.sellerOneId);
        Received second = all.get(1);
        assertThat(second.query()).containsEntry("data.id", id);
        assertThat(second.json().get("action").asText()).isEqualTo("payment.updated");
    }
}
