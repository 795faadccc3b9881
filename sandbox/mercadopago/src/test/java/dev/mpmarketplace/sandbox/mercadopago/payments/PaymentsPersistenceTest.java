package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/** Payments, refunds, idempotency keys and balances are part of the persisted state. */
class PaymentsPersistenceTest {

    @Test
    void paymentsRefundsKeysAndBalancesSurviveARestart(@TempDir Path dataDir) {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(dataDir);
        JsonNode before;
        String key = "persisted-key";
        ObjectNode body;
        String seller;
        long sellerId;
        try (PaymentsFixture fixture = new PaymentsFixture(options)) {
            seller = fixture.sellerOne;
            sellerId = fixture.sellerOneId;
            body = payment(fixture.cardToken(seller, "APRO"), "100");
            body.putObject("metadata").put("orderId", "o-9");
            long id = fixture.pay(seller, body, key).json().get("id").asLong();
            fixture.refund(seller, id, Map.of("amount", 10));
            before = fixture.http.get("/v1/payments/" + id, seller).json();
        }

        try (PaymentsFixture restarted = new PaymentsFixture(options)) {
            long id = before.get("id").asLong();
            assertThat(restarted.http.get("/v1/payments/" + id, seller).json()).isEqualTo(before);
            Response replay = restarted.pay(seller, body, key);
            assertThat(replay.json().get("id").asLong()).isEqualTo(id);
            assertThat(restarted.paymentCount(seller)).isEqualTo(1);
            assertThat(restarted.http.get("/sandbox/users/" + sellerId + "/balance", null).json().get("balance")
                    .decimalValue()).isEqualByComparingTo("85.51");
            JsonNode next = restarted.paid(seller, "APRO", "1");
            assertThat(next.get("id").asLong()).isEqualTo(id + 1);
        }
    }
}
