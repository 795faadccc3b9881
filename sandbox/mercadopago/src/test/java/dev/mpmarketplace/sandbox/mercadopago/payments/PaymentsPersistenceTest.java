package dev.mpmarketplace.sandbox.mercadopago.payments;

import static dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsFixture.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp.Response;

/**
 * Payments, refunds, idempotency keys and balances are part of the persisted state, written without pausing requests
 * (docs/sandbox.md, "State").
 */
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

    @Test
    void aPaymentChangedInPlaceAfterItWasWrittenToTheFileIsWrittenAgain(@TempDir Path dataDir) {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(dataDir);
        JsonNode refunded;
        String seller;
        try (PaymentsFixture fixture = new PaymentsFixture(options)) {
            seller = fixture.sellerOne;
            long id = fixture.paid(seller, "APRO", "40").get("id").asLong();
            awaitFileWrite(fixture);
            // The refund changes the stored payment object itself; the file must follow.
            fixture.refund(seller, id, Map.of("amount", 15));
            refunded = fixture.http.get("/v1/payments/" + id, seller).json();
        }

        try (PaymentsFixture restarted = new PaymentsFixture(options)) {
            JsonNode after = restarted.http.get("/v1/payments/" + refunded.get("id").asLong(), seller).json();
            assertThat(after).isEqualTo(refunded);
            assertThat(after.get("transaction_amount_refunded").decimalValue()).isEqualByComparingTo("15");
        }
    }

    @Test
    void aStateFileOfAnotherFormatIsRefusedWithAClearMessage(@TempDir Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("mercadopago-sandbox.json"), "{\"oauth\":{},\"payments\":{}}");
        Path other = Files.createDirectories(dataDir.resolve("other"));
        Files.writeString(other.resolve("mercadopago-sandbox.jsonl"), "{\"format\":2}\n");

        assertThatThrownBy(() -> MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults().withDataDir(dataDir)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("older sandbox");
        assertThatThrownBy(() -> MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults().withDataDir(other)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written by another version of the sandbox");
    }

    @Test
    void aResetIsPersistedTooAndNothingOfTheOldStateComesBack(@TempDir Path dataDir) {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(dataDir);
        long id;
        try (PaymentsFixture fixture = new PaymentsFixture(options)) {
            id = fixture.paid(fixture.sellerOne, "APRO", "12").get("id").asLong();
            awaitFileWrite(fixture);
            fixture.http.post("/sandbox/reset", null, null);
            awaitFileWrite(fixture);
            assertThat(lines(dataDir)).as("a reset compacts the journal: no line of the old payments is left")
                    .noneMatch(line -> line.startsWith("{\"m\":\"payments\","));
        }
        try (PaymentsFixture restarted = new PaymentsFixture(options)) {
            assertThat(restarted.http.get("/v1/payments/" + id, restarted.sellerOne).status()).isEqualTo(404);
            assertThat(restarted.paymentCount(restarted.sellerOne)).isZero();
        }
    }

    @Test
    void aLineCutByACrashIsIgnoredAndTheRestIsRead(@TempDir Path dataDir) throws IOException {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(dataDir);
        JsonNode before;
        String seller;
        try (PaymentsFixture fixture = new PaymentsFixture(options)) {
            seller = fixture.sellerOne;
            before = fixture.paid(seller, "APRO", "12");
        }
        Files.writeString(dataDir.resolve("mercadopago-sandbox.jsonl"), "{\"m\":\"payments\",\"k\":\"1\",\"v\":{\"i",
                java.nio.file.StandardOpenOption.APPEND);

        try (PaymentsFixture restarted = new PaymentsFixture(options)) {
            assertThat(restarted.http.get("/v1/payments/" + before.get("id").asLong(), seller).json().get("status")
                    .asText()).isEqualTo("approved");
        }
    }

    @Test
    void theJournalAppendsEachChangeAndAStartRewritesItWithTheLastOfEachEntity(@TempDir Path dataDir)
            throws IOException {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withDataDir(dataDir);
        String seller;
        long id;
        try (PaymentsFixture fixture = new PaymentsFixture(options)) {
            seller = fixture.sellerOne;
            id = fixture.paid(seller, "APRO", "90").get("id").asLong();
            for (int i = 0; i < 3; i++) {
                fixture.refund(seller, id, Map.of("amount", 10));
                awaitFileWrite(fixture);
            }
        }
        long linesOfThePayment = Files.readAllLines(dataDir.resolve("mercadopago-sandbox.jsonl")).stream()
                .filter(line -> line.startsWith("{\"m\":\"payments\",\"k\":\"" + id + "\""))
                .count();
        assertThat(linesOfThePayment).as("appended once per change, until a compaction").isGreaterThan(1);

        try (PaymentsFixture restarted = new PaymentsFixture(options)) {
            assertThat(restarted.http.get("/v1/payments/" + id, seller).json().get("transaction_amount_refunded")
                    .decimalValue()).isEqualByComparingTo("30");
        }
        assertThat(Files.readAllLines(dataDir.resolve("mercadopago-sandbox.jsonl")).stream()
                .filter(line -> line.startsWith("{\"m\":\"payments\",\"k\":\"" + id + "\"")).count())
                .as("a start rewrites the journal with the last line of each entity").isEqualTo(1);
    }

    @Test
    void persistenceFiguresShowCapturesAndFileWrites(@TempDir Path dataDir) {
        try (PaymentsFixture fixture = new PaymentsFixture(MercadoPagoSandboxOptions.defaults()
                .withDataDir(dataDir))) {
            fixture.paid(fixture.sellerOne, "APRO", "10");
            JsonNode figures = awaitFileWrite(fixture);

            assertThat(figures.get("data_dir").asBoolean()).isTrue();
            assertThat(figures.get("captures").asLong()).isPositive();
            assertThat(figures.get("entities_captured").asLong()).isPositive();
            assertThat(figures.get("file_bytes").asLong()).isPositive();
        }
        try (PaymentsFixture inMemory = new PaymentsFixture()) {
            JsonNode figures = inMemory.http.get("/sandbox/persistence", null).json();
            assertThat(figures.get("data_dir").asBoolean()).isFalse();
            assertThat(figures.has("captures")).isFalse();
        }
    }

    private static java.util.List<String> lines(Path dataDir) {
        try {
            return Files.readAllLines(dataDir.resolve("mercadopago-sandbox.jsonl"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the state file has been written since the last change, and returns the persistence figures. */
    private static JsonNode awaitFileWrite(PaymentsFixture fixture) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long writesBefore = fixture.http.get("/sandbox/persistence", null).json().get("appends").asLong();
        while (true) {
            JsonNode figures = fixture.http.get("/sandbox/persistence", null).json();
            if (figures.get("appends").asLong() > writesBefore) {
                return figures;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the state file was not written: " + figures);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
