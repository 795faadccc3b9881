package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

class NotificationJsonTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "APPLICATION/JSON",
            "application/vnd.mercadopago+json"})
    void acceptsJsonMediaTypes(String contentType) {
        assertThat(NotificationJson.parseObject(bytes("{\"a\":1}"), contentType).get("a").asInt()).isEqualTo(1);
    }

    @Test
    void readsABodyWithoutContentTypeAsJson() {
        assertThat(NotificationJson.parseObject(bytes("{\"a\":1}"), null).has("a")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml"})
    void refusesOtherMediaTypesWith415(String contentType) {
        assertThatThrownBy(() -> NotificationJson.parseObject(bytes("{}"), contentType))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.UNSUPPORTED_MEDIA_TYPE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "\"text\"", "42", "{} {}", "{\"a\":1,\"a\":2}", "null"})
    void refusesWhatIsNotExactlyOneJsonObject(String body) {
        assertThatThrownBy(() -> NotificationJson.parseObject(bytes(body), "application/json"))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.MALFORMED_JSON));
    }

    @Test
    void toleratesLeadingZerosAsInThePointDocumentation() {
        assertThat(NotificationJson.parseObject(bytes("{\"caller_id\": 09876543}"), null).get("caller_id").asLong())
                .isEqualTo(9876543L);
    }

    @Test
    void readsIdsThatAreStringsOrNumbersAndNothingElse() {
        JsonNode json = NotificationJson.parseObject(bytes(
                "{\"id\":12345,\"big\":79802107905989641,\"text\":\"abc\",\"data\":{\"id\":\"999\"},"
                        + "\"blank\":\" \",\"float\":1.5,\"object\":{},\"none\":null}"),
                null);

        assertThat(NotificationJson.text(json, "id")).isEqualTo("12345");
        assertThat(NotificationJson.text(json, "big")).isEqualTo("79802107905989641");
        assertThat(NotificationJson.text(json, "text")).isEqualTo("abc");
        assertThat(NotificationJson.text(json, "data", "id")).isEqualTo("999");
        assertThat(NotificationJson.text(json, "blank")).isNull();
        assertThat(NotificationJson.text(json, "float")).isNull();
        assertThat(NotificationJson.text(json, "object")).isNull();
        assertThat(NotificationJson.text(json, "none")).isNull();
        assertThat(NotificationJson.text(json, "absent", "id")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"_payment", "pay ment", "payment\n", "pay/ment"})
    void refusesTopicNamesThatCannotBecomeATypeOrATag(String topic) {
        assertThatThrownBy(() -> NotificationJson.requireTopic(topic, "type"))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD));
    }

    @Test
    void refusesOverlongIdsAndIdsWithControlCharacters() {
        assertThatThrownBy(() -> NotificationJson.requireId("x".repeat(257), "data.id"))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD));
        assertThatThrownBy(() -> NotificationJson.requireId("12\n34", "data.id"))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.INVALID_FIELD));
        assertThatThrownBy(() -> NotificationJson.requireId(null, "data.id"))
                .isInstanceOfSatisfying(NotificationRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(Rejection.MISSING_FIELD));
        assertThat(NotificationJson.optionalId(null, "user_id")).isNull();
    }
}
