package dev.mpmarketplace.sandbox.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The Go renderings Vault clients see: RFC 3339 timestamps with nanoseconds and Go durations. */
class GoFormatsTest {

    @Test
    void timestampsAreRfc3339NanoInUtcWithoutTrailingZeros() {
        assertThat(GoFormats.timestamp(Instant.parse("2018-03-22T02:24:06.945319214Z")))
                .isEqualTo("2018-03-22T02:24:06.945319214Z");
        assertThat(GoFormats.timestamp(Instant.parse("2018-03-22T02:24:06.500Z")))
                .isEqualTo("2018-03-22T02:24:06.5Z");
        assertThat(GoFormats.timestamp(Instant.parse("2018-03-22T02:24:06Z"))).isEqualTo("2018-03-22T02:24:06Z");
    }

    @Test
    void anUnsetTimeIsTheEmptyString() {
        assertThat(GoFormats.timestamp(null)).isEmpty();
    }

    @Test
    void durationsAreWrittenAsGoWritesThem() {
        assertThat(GoFormats.duration(0)).isEqualTo("0s");
        assertThat(GoFormats.duration(59)).isEqualTo("59s");
        assertThat(GoFormats.duration(90)).isEqualTo("1m30s");
        assertThat(GoFormats.duration(3600)).isEqualTo("1h0m0s");
        assertThat(GoFormats.duration(12_319)).isEqualTo("3h25m19s");
    }

    @Test
    void durationsAreReadAsSecondsOrGoDurations() {
        assertThat(GoFormats.durationSeconds(IntNode.valueOf(60), "f")).isEqualTo(60);
        assertThat(GoFormats.durationSeconds(TextNode.valueOf("60"), "f")).isEqualTo(60);
        assertThat(GoFormats.durationSeconds(TextNode.valueOf("1h30m"), "f")).isEqualTo(5400);
        assertThat(GoFormats.durationSeconds(TextNode.valueOf("1.5h"), "f")).isEqualTo(5400);
        assertThat(GoFormats.durationSeconds(TextNode.valueOf("2d"), "f")).isEqualTo(172_800);
        assertThatThrownBy(() -> GoFormats.durationSeconds(TextNode.valueOf("soon"), "f"))
                .isInstanceOf(VaultApiException.class);
    }
}
