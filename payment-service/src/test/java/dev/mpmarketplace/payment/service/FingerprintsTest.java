package dev.mpmarketplace.payment.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void theSameRequestHasTheSameFingerprintWhateverTheOrderScaleOrAbsentMembers() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("amount", new BigDecimal("10.5"));
        one.put("payer", Map.of("email", "a@b.c", "first_name", "Ana"));
        one.put("description", null);
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("payer", new java.util.TreeMap<>(Map.of("first_name", "Ana", "email", "a@b.c")));
        two.put("amount", new BigDecimal("10.50"));

        assertThat(Fingerprints.of(one)).isEqualTo(Fingerprints.of(two)).hasSize(64);
    }

    @Test
    void anyDifferenceIsAnotherRequest() {
        assertThat(Fingerprints.of(Map.of("amount", new BigDecimal("10.5"))))
                .isNotEqualTo(Fingerprints.of(Map.of("amount", new BigDecimal("10.51"))))
                .isNotEqualTo(Fingerprints.of(Map.of("amount", "10.5")));
    }
}
