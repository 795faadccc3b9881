package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import dev.mpmarketplace.events.CloudEventAttributes.MalformedCloudEventException;

class RawNotificationHeadersTest {

    /** CloudEvents 1.0: extension attribute names are lower-case letters and digits. */
    private static final Pattern EXTENSION_HEADER = Pattern.compile("ce_[a-z0-9]{1,20}");

    @Test
    void headersTravelAsCloudEventsExtensionAttributesAndComeBackEqual() {
        RawNotificationHeaders sent = new RawNotificationHeaders("bb56a2f1-6aae",
                RawNotificationHeaders.VERIFICATION_VALID,
                "12345");

        Headers headers = sent.writeTo(new RecordHeaders());

        assertThat(text(headers, "ce_requestid")).isEqualTo("bb56a2f1-6aae");
        assertThat(text(headers, "ce_verification")).isEqualTo("valid");
        assertThat(text(headers, "ce_providerid")).isEqualTo("12345");
        assertThat(RawNotificationHeaders.readFrom(headers)).isEqualTo(sent);
    }

    @Test
    void headerNamesAreValidExtensionAttributeNames() {
        assertThat(RawNotificationHeaders.HEADER_REQUEST_ID).matches(EXTENSION_HEADER);
        assertThat(RawNotificationHeaders.HEADER_VERIFICATION).matches(EXTENSION_HEADER);
        assertThat(RawNotificationHeaders.HEADER_PROVIDER_ID).matches(EXTENSION_HEADER);
    }

    @Test
    void absentValuesAreLeftOutAndWritingTwiceLeavesOneValue() {
        RawNotificationHeaders ipn = new RawNotificationHeaders(null, RawNotificationHeaders.VERIFICATION_UNSIGNED_IPN,
                null);

        Headers headers = ipn.writeTo(ipn.writeTo(new RecordHeaders()));

        assertThat(headers.lastHeader("ce_requestid")).isNull();
        assertThat(headers.lastHeader("ce_providerid")).isNull();
        assertThat(headers.headers("ce_verification")).hasSize(1);
        assertThat(RawNotificationHeaders.readFrom(headers)).isEqualTo(ipn);
    }

    @Test
    void aRecordWithoutVerificationIsMalformed() {
        assertThatThrownBy(() -> RawNotificationHeaders.readFrom(new RecordHeaders()))
                .isInstanceOf(MalformedCloudEventException.class).hasMessageContaining("ce_verification");
        assertThatThrownBy(() -> new RawNotificationHeaders("r", " ", "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyIsSellerThenResourceWithUnknownForAnAbsentSeller() {
        assertThat(RawNotificationHeaders.recordKey("241983636", "1234567890")).isEqualTo("241983636:1234567890");
        assertThat(RawNotificationHeaders.recordKey(null, "1234567890")).isEqualTo("unknown:1234567890");
        assertThat(RawNotificationHeaders.recordKey("", "/orders/2000004912352524"))
                .isEqualTo("unknown:/orders/2000004912352524");
        assertThatThrownBy(() -> RawNotificationHeaders.recordKey("241983636", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
