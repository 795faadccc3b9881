package dev.mpmarketplace.events.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RawNotificationReaderTest {

    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-22T13:00:00Z");
    private static final String PAYMENT_BODY = "{\"id\":10423784512,\"type\":\"payment\","
            + "\"action\":\"payment.created\",\"user_id\":44444,\"data\":{\"id\":\"999999999\"}}";

    private static RawNotification payment() {
        return RawNotifications.mercadoPagoWebhook("payment", "999999999", "rid-1", "1763816400000", 44444L,
                "payment.created", "10423784512", bytes(PAYMENT_BODY), RECEIVED);
    }

    static Stream<RawNotification> everyKind() {
        return Stream.of(payment(),
                RawNotifications.mercadoPagoWebhook("mp-connect", "734908421", null, "1763816400", 734908421L,
                        "application.deauthorized", null, bytes("{\"type\":\"mp-connect\"}"), RECEIVED),
                RawNotifications.mercadoPagoIpn("merchant_order", "555", "rid-ipn", RECEIVED),
                RawNotifications.mercadoLibreFeed("orders_v2", "f9f08571-1f65", "/orders/2000004912352524",
                        734908421L, null, bytes("{\"_id\":\"f9f08571-1f65\"}"), RECEIVED),
                RawNotifications.pointIntent("7f25f9aa-eea6-4f9c-bf16-a341f71ba2f1", "FINISHED", null, null,
                        bytes("{\"id\":\"7f25f9aa-eea6-4f9c-bf16-a341f71ba2f1\",\"state\":\"FINISHED\"}"),
                        RECEIVED));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void whatIngestPublishesIsReadBackAsTheSameNotification(RawNotification published) {
        RawNotification read = RawNotificationReader.read(consumed(published.toProducerRecord()));

        assertThat(read.topic()).isEqualTo(published.topic());
        assertThat(read.sellerId()).isEqualTo(published.sellerId());
        assertThat(read.resourceId()).isEqualTo(published.resourceId());
        assertThat(read.key()).isEqualTo(published.key());
        assertThat(read.attributes()).isEqualTo(published.attributes());
        assertThat(read.headers()).isEqualTo(published.headers());
        assertThat(read.value()).isEqualTo(published.value());
        assertThat(read.provider()).isEqualTo(published.provider());
    }

    @Test
    void aPaymentNotificationReadsAsItsSellerResourceTopicActionAndBody() {
        RawNotification read = RawNotificationReader.read(consumed(payment().toProducerRecord()));

        assertThat(read.sellerId()).isEqualTo(44444L);
        assertThat(read.resourceId()).isEqualTo("999999999");
        assertThat(read.providerTopic()).isEqualTo("payment");
        assertThat(read.action()).isEqualTo("payment.created");
        assertThat(read.verification()).isEqualTo(Verification.SIGNATURE_VALID);
        assertThat(read.provider()).isEqualTo(NotificationProvider.MERCADO_PAGO);
        assertThat(read.headers().requestId()).isEqualTo("rid-1");
        assertThat(read.body().get("id").asLong()).isEqualTo(10423784512L);
    }

    @Test
    void anIpnReadsWithoutSellerAndWithTheQueryAsBody() {
        RawNotification read = RawNotificationReader
                .read(consumed(RawNotifications.mercadoPagoIpn("payment", "123", null, RECEIVED).toProducerRecord()));

        assertThat(read.sellerId()).isNull();
        assertThat(read.key()).isEqualTo("unknown:123");
        assertThat(read.attributes().subject()).isNull();
        assertThat(read.verification()).isEqualTo(Verification.UNSIGNED_IPN);
        assertThat(read.headers().providerId()).isNull();
        assertThat(read.action()).isNull();
        assertThat(read.body().toString()).isEqualTo("{\"topic\":\"payment\",\"id\":\"123\"}");
    }

    // --- poison ------------------------------------------------------------------------------------------------------

    @Test
    void noRecordIsPoison() {
        assertThatThrownBy(() -> RawNotificationReader.read(null)).isInstanceOf(PoisonRecordException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sellers.events", "payments.commands", "notifications.somewhere-else"})
    void aRecordOffARawNotificationTopicIsPoison(String topic) {
        ProducerRecord<String, byte[]> record = payment().toProducerRecord();

        assertPoison(new ConsumerRecord<>(topic, 0, 0, record.key(), record.value()), record.headers(), topic);
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({"ce_specversion, ce_specversion", "ce_id, attribute id", "ce_source, ce_source",
            "ce_type, attribute type", "ce_time, ce_time", "content-type, datacontenttype",
            "ce_verification, ce_verification", "ce_providertopic, provider topic"})
    void aRecordMissingARequiredHeaderIsPoison(String header, String mentioning) {
        assertPoison(payment(), headers -> headers.remove(header), mentioning);
    }

    @Test
    void aRecordWithAnUnreadableTimeOrSpecVersionIsPoison() {
        assertPoison(payment(), headers -> replace(headers, "ce_time", "yesterday"), "yesterday");
        assertPoison(payment(), headers -> replace(headers, "ce_specversion", "0.3"), "ce_specversion");
    }

    @Test
    void aRecordFromAnotherServiceIsPoison() {
        assertPoison(payment(), headers -> replace(headers, "ce_source", "/seller-linking-service"), "ce_source");
    }

    @Test
    void aRecordWhoseTypeIsNotTheRawNotificationTypeOfItsProviderTopicIsPoison() {
        assertPoison(payment(),
                headers -> replace(headers, "ce_type", "dev.mpmarketplace.notification.mercadopago.mp-connect.v1"),
                "ce_type");
        assertPoison(payment(), headers -> replace(headers, "ce_type", "dev.mpmarketplace.seller.unlinked.v1"),
                "ce_type");
        assertPoison(payment(), headers -> replace(headers, "ce_providertopic", "_not a topic"), "ce_type");
    }

    @Test
    void aRecordWithAnUnknownVerificationIsPoison() {
        assertPoison(payment(), headers -> replace(headers, "ce_verification", "trusted"), "verification");
    }

    @ParameterizedTest
    @ValueSource(strings = {"44444", "44444-999999999", "seller:999999999", "-44444:999999999", "0:999999999",
            "044444:999999999", "+44444:999999999", " 44444:999999999", "99999999999999999999:999999999",
            "44444:", ":999999999"})
    void aKeyThatIsNotSellerColonResourceIsPoison(String key) {
        ProducerRecord<String, byte[]> record = payment().toProducerRecord();
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0, key, record.value());
        record.headers().forEach(header -> consumed.headers().add(header));

        assertThatThrownBy(() -> RawNotificationReader.read(consumed)).isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void aRecordWithoutKeyIsPoison() {
        ProducerRecord<String, byte[]> record = payment().toProducerRecord();

        assertPoison(new ConsumerRecord<>(record.topic(), 0, 0, null, record.value()), record.headers(), "key");
    }

    @Test
    void aSubjectThatIsNotTheSellerOfTheKeyIsPoison() {
        assertPoison(payment(), headers -> replace(headers, "ce_subject", "55555"), "ce_subject");
        assertPoison(payment(), headers -> headers.remove("ce_subject"), "ce_subject");
        RawNotification ipn = RawNotifications.mercadoPagoIpn("payment", "123", null, RECEIVED);
        assertPoison(ipn, headers -> headers.add("ce_subject", bytes("44444")), "ce_subject");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,2]", "\"text\"", "{} {}", "{\"a\":1,\"a\":2}", "null"})
    void aValueThatIsNotOneJsonObjectIsPoisonAndTheMessageDoesNotQuoteIt(String value) {
        ProducerRecord<String, byte[]> record = payment().toProducerRecord();
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 0, 0, record.key(),
                bytes(value));
        record.headers().forEach(header -> consumed.headers().add(header));

        assertThatThrownBy(() -> RawNotificationReader.read(consumed)).isInstanceOf(PoisonRecordException.class)
                .hasMessageStartingWith("the value");
    }

    @Test
    void aRecordWithoutValueIsPoison() {
        ProducerRecord<String, byte[]> record = payment().toProducerRecord();

        assertPoison(new ConsumerRecord<>(record.topic(), 0, 0, record.key(), null), record.headers(), "value");
    }

    private static void assertPoison(RawNotification notification, Consumer<Headers> change, String mentioning) {
        ProducerRecord<String, byte[]> record = notification.toProducerRecord();
        change.accept(record.headers());
        assertPoison(new ConsumerRecord<>(record.topic(), 0, 0, record.key(), record.value()), record.headers(),
                mentioning);
    }

    private static void assertPoison(ConsumerRecord<String, byte[]> consumed, Headers headers, String mentioning) {
        headers.forEach(header -> consumed.headers().add(header));
        assertThatThrownBy(() -> RawNotificationReader.read(consumed)).isInstanceOf(PoisonRecordException.class)
                .hasMessageContaining(mentioning);
    }

    private static void replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, bytes(value));
    }

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = new ConsumerRecord<>(record.topic(), 1, 42, record.key(),
                record.value());
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.forEach(header -> consumed.headers().add(header));
        return consumed;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
