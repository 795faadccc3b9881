package dev.mpmarketplace.events.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RawNotificationHeadersTest {

    /** CloudEvents 1.0: extension attribute names are lower-case letters and digits, at most 20 of them. */
    private static final Pattern EXTENSION_HEADER = Pattern.compile("ce_[a-z0-9]{1,20}");

    @Test
    void headersTravelAsCloudEventsExtensionAttributesAndComeBackEqual() {
        RawNotificationHeaders sent = new RawNotificationHeaders("bb56a2f1-6aae", Verification.SIGNATURE_VALID,
                "12345", "payment", "payment.created");

        Headers headers = sent.writeTo(new RecordHeaders());

        assertThat(text(headers, "ce_requestid")).isEqualTo("bb56a2f1-6aae");
        assertThat(text(headers, "ce_verification")).isEqualTo("valid");
        assertThat(text(headers, "ce_providerid")).isEqualTo("12345");
        assertThat(text(headers, "ce_providertopic")).isEqualTo("payment");
        assertThat(text(headers, "ce_action")).isEqualTo("payment.created");
        assertThat(RawNotificationHeaders.readFrom(headers)).isEqualTo(sent);
    }

    @Test
    void headerNamesAreValidExtensionAttributeNames() {
        assertThat(RawNotificationHeaders.HEADER_REQUEST_ID).matches(EXTENSION_HEADER);
        assertThat(RawNotificationHeaders.HEADER_VERIFICATION).matches(EXTENSION_HEADER);
        assertThat(RawNotificationHeaders.HEADER_PROVIDER_ID).matches(EXTENSION_HEADER);
        assertThat(RawNotificationHeaders.HEADER_PROVIDER_TOPIC).matches(EXTENSION_HEADER);
        assertThat(RawNotificationHeaders.HEADER_ACTION).matches(EXTENSION_HEADER);
    }

    @Test
    void absentValuesAreLeftOutAndWritingTwiceLeavesOneValue() {
        RawNotificationHeaders ipn = new RawNotificationHeaders(null, Verification.UNSIGNED_IPN, null, "payment",
                null);

        Headers headers = ipn.writeTo(ipn.writeTo(new RecordHeaders()));

        assertThat(headers.lastHeader("ce_requestid")).isNull();
        assertThat(headers.lastHeader("ce_providerid")).isNull();
        assertThat(headers.lastHeader("ce_action")).isNull();
        assertThat(headers.headers("ce_verification")).hasSize(1);
        assertThat(RawNotificationHeaders.readFrom(headers)).isEqualTo(ipn);
    }

    @Test
    void aRecordWithoutOrWithAnUnknownVerificationOrWithoutProviderTopicIsPoison() {
        assertThatThrownBy(() -> RawNotificationHeaders.readFrom(new RecordHeaders()))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("ce_verification");
        Headers unknown = new RecordHeaders().add("ce_verification", bytes("trusted"))
                .add("ce_providertopic", bytes("payment"));
        assertThatThrownBy(() -> RawNotificationHeaders.readFrom(unknown))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("verification");
        Headers noTopic = new RecordHeaders().add("ce_verification", bytes("valid"));
        assertThatThrownBy(() -> RawNotificationHeaders.readFrom(noTopic))
                .isInstanceOf(PoisonRecordException.class).hasMessageContaining("provider topic");
    }

    @Test
    void everyVerificationHasItsDocumentedLabel() {
        assertThat(Verification.values()).extracting(Verification::label)
                .containsExactly("valid", "unsigned-ipn", "unsigned-point", "application-id-matched");
        for (Verification verification : Verification.values()) {
            assertThat(Verification.ofLabel(verification.label())).isEqualTo(verification);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
