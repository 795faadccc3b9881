package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class StableEventIdTest {

    @Test
    void namespaceIsTheVersion5UuidOfTheProjectDomain() {
        // Reference value computed independently: Python's uuid.uuid5(uuid.NAMESPACE_DNS, "mpmarketplace.dev").
        assertThat(StableEventId.NAMESPACE).isEqualTo(UUID.fromString("59abc332-ff29-558c-8786-215b28002dde"));
    }

    @Test
    void sameFactGivesTheSameIdAsAnyRfc9562Implementation() {
        // uuid.uuid5(NAMESPACE, "payment\x1fpayment.updated\x1f1234567890") in Python.
        assertThat(StableEventId.of("payment", "payment.updated", "1234567890"))
                .isEqualTo("b8218057-1a1e-51dc-be53-8e7589049e8a")
                .isEqualTo(StableEventId.of("payment", "payment.updated", "1234567890"));
    }

    @Test
    void partsAreNotAmbiguousWhenTheyContainColons() {
        assertThat(StableEventId.of("a:b", "c")).isEqualTo("07a931fd-e01a-5816-b3de-00b662257e5a");
        assertThat(StableEventId.of("a", "b:c")).isEqualTo("8c22b370-0ec1-5996-89df-6bdf456e16ba");
    }

    @Test
    void idIsAVersion5IetfVariantUuid() {
        UUID id = UUID.fromString(StableEventId.of("mp-connect", "application.authorized", "241983636"));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void emptyOrMissingPartsAreRejected() {
        assertThatThrownBy(StableEventId::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StableEventId.of("payment", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("part 1");
        assertThatThrownBy(() -> StableEventId.of("payment", null)).isInstanceOf(NullPointerException.class);
    }
}
