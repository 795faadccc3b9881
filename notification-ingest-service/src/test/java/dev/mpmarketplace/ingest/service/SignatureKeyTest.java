package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignatureKeyTest {

    private static final String V1 = "618c85345248dd820d5fd456117c2ab2ef8eda45a0282ff693eac24131a5e839";

    @Test
    void theKeyIsTheFirst128BitsOfV1AndTheTimestampVerbatim() {
        SignatureKey key = SignatureKey.of("ts=1704908010,v1=" + V1);

        assertThat(key.high()).isEqualTo(Long.parseUnsignedLong("618c85345248dd82", 16));
        assertThat(key.low()).isEqualTo(Long.parseUnsignedLong("0d5fd456117c2ab2", 16));
        assertThat(key.timestamp()).isEqualTo("1704908010");
    }

    @Test
    void everySpellingTheVerifierAcceptsIsTheSameKey() {
        SignatureKey plain = SignatureKey.of("ts=1704908010,v1=" + V1);

        assertThat(SignatureKey.of(" V1 = " + V1.toUpperCase() + " , TS=1704908010")).isEqualTo(plain);
        assertThat(SignatureKey.of("ts=1704908010,v2=abc,v1=" + V1)).isEqualTo(plain);
        assertThat(SignatureKey.of("ts=1,v1=" + "0".repeat(64) + ",ts=1704908010,v1=" + V1)).isEqualTo(plain);
    }

    @Test
    void aHeaderTheVerifierWouldRefuseIsNoKey() {
        assertThatThrownBy(() -> SignatureKey.of("ts=1704908010")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignatureKey.of("v1=" + V1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignatureKey.of("ts=1,v1=abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignatureKey.of("ts=1,v1=" + "z".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
