package dev.mpmarketplace.events.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SellerIdsTest {

    @Test
    void aUserIdIsItsDecimalDigits() {
        assertThat(SellerIds.parse("44444")).isEqualTo(44444L);
        assertThat(SellerIds.parse("2307740945")).isEqualTo(2307740945L);
        assertThat(SellerIds.parse(Long.toString(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "044444", "-44444", "+44444", " 44444", "44444 ", "4e4", "44444;1", "44444:1",
            "unknown", "9223372036854775808", "99999999999999999999", "٤٤٤"})
    void anythingElseIsNoUserId(String text) {
        assertThat(SellerIds.parse(text)).isNull();
    }
}
