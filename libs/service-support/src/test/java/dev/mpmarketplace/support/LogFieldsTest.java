package dev.mpmarketplace.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.support.logging.LogFields;

class LogFieldsTest {

    @Test
    void aForgedLineBreakCannotStartALogLineOfItsOwn() {
        assertThat(LogFields.safe("seller-1\n12:00:00 INFO forged")).isEqualTo("seller-1?12:00:00 INFO forged");
        assertThat(LogFields.safe("a\r\u001b[31mb\u2028c")).isEqualTo("a??[31mb?c");
    }

    @Test
    void longTextIsCutAtTwoHundredCharacters() {
        assertThat(LogFields.safe("x".repeat(1_000))).hasSize(203).endsWith("...");
    }

    @Test
    void ordinaryTextIsKeptAsItIs() {
        String text = "payment 123 of seller 456";
        assertThat(LogFields.safe(text)).isSameAs(text);
        assertThat(LogFields.safe(null)).isNull();
    }
}
