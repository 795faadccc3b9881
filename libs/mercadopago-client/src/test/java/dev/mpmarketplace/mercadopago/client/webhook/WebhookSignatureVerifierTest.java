package dev.mpmarketplace.mercadopago.client.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mpmarketplace.mercadopago.client.webhook.WebhookSignatureVerifier.Verification;

class WebhookSignatureVerifierTest {

    /** Not a real secret: test vectors below were computed with it outside Java. */
    private static final String SECRET = "test-secret-not-real";
    private static final String PREVIOUS_SECRET = "previous-test-secret-not-real";
    private static final String REQUEST_ID = "bb56a2f1-6aae-46ac-982e-9dcd3581d08e";
    private static final String DATA_ID = "123456789";
    private static final long TS_SECONDS = 1_704_908_010L;
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private static WebhookSignatureVerifier verifierAt(Instant now, String... secrets) {
        return new WebhookSignatureVerifier(Arrays.asList(secrets), FIVE_MINUTES,
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static WebhookSignatureVerifier verifierAtSignatureTime() {
        return verifierAt(Instant.ofEpochSecond(TS_SECONDS), SECRET);
    }

    /** Signs a manifest the way a test wants it signed; the vectors tests do not rely on this. */
    private static String hmacHex(String secret, String manifest) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(String secret, String dataId, String requestId, String ts) {
        return "ts=" + ts + ",v1=" + hmacHex(secret, WebhookSignatureVerifier.manifest(dataId, requestId, ts));
    }

    @Nested
    class IndependentTestVectors {

        @Test
        void acceptsTheSignatureComputedByOpenSslForTheDocumentedManifest() {
            // Computed at authoring time, outside Java:
            // printf '%s' 'id:123456789;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1704908010;' \
            // | openssl dgst -sha256 -hmac 'test-secret-not-real'
            // (python3 hmac.new(secret, manifest, hashlib.sha256).hexdigest() gives the same value.)
            String signature = "ts=1704908010,v1=e5529c303cdcf5e70e7f142ce4eed2155c4fbbcd499b96416fa342130167c95f";

            Verification verification = verifierAtSignatureTime().verify(signature, REQUEST_ID, DATA_ID);

            assertThat(verification.verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verification.secretIndex()).isZero();
        }

        @Test
        void acceptsAMillisecondTimestampAndAnAlphanumericIdKeptInItsOriginalCaseWithoutRequestId() {
            // Computed at authoring time with python3:
            // hmac.new(b'test-secret-not-real', b'id:ORD01J49MMW3SSBK5PSV3DFR32959;ts:1742505638683;',
            // hashlib.sha256).hexdigest()
            String signature = "ts=1742505638683,v1=f123517e4603cb09c187f5891bf4e184c69e747dd7a1af5864b36fdce6f1c6ad";
            WebhookSignatureVerifier verifier = verifierAt(Instant.ofEpochMilli(1_742_505_638_683L), SECRET);

            assertThat(verifier.verify(signature, null, "ORD01J49MMW3SSBK5PSV3DFR32959").verdict())
                    .isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verifier.verify(signature, null, "ord01j49mmw3ssbk5psv3dfr32959").verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void acceptsAManifestOfTheTimestampAlone() {
            // Computed at authoring time: printf '%s' 'ts:1742505638683;' | openssl dgst -sha256 -hmac
            // 'test-secret-not-real'
            String signature = "ts=1742505638683,v1=555b4153463e6f11421121dd794d820c823c9df0d6cc88fbdacdeb87b850aaf3";
            WebhookSignatureVerifier verifier = verifierAt(Instant.ofEpochMilli(1_742_505_638_683L), SECRET);

            assertThat(verifier.verify(signature, null, null).verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verifier.verify(signature, "", "").verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
        }
    }

    @Nested
    class Manifest {

        @Test
        void listsIdRequestIdAndTimestampEachEndedBySemicolon() {
            assertThat(WebhookSignatureVerifier.manifest("42", "rid", "1704908010"))
                    .isEqualTo("id:42;request-id:rid;ts:1704908010;");
        }

        @Test
        void leavesOutThePairsWhoseValueIsAbsent() {
            assertThat(WebhookSignatureVerifier.manifest(null, "rid", "1")).isEqualTo("request-id:rid;ts:1;");
            assertThat(WebhookSignatureVerifier.manifest("42", null, "1")).isEqualTo("id:42;ts:1;");
            assertThat(WebhookSignatureVerifier.manifest(null, null, "1")).isEqualTo("ts:1;");
        }
    }

    @Nested
    class HeaderParsing {

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void rejectsAnEmptyHeaderAsMissing(String header) {
            assertThat(verifierAtSignatureTime().verify(header, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.MISSING_SIGNATURE_HEADER);
        }

        @Test
        void rejectsAnAbsentHeaderAsMissing() {
            Verification verification = verifierAtSignatureTime().verify(null, REQUEST_ID, DATA_ID);

            assertThat(verification.verdict()).isEqualTo(WebhookSignatureVerdict.MISSING_SIGNATURE_HEADER);
            assertThat(verification.isValid()).isFalse();
            assertThat(verification.secretIndex()).isEqualTo(-1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"garbage", "ts=1704908010,v1", "ts=17049O8010,v1=abc",
                "ts=-1704908010,v1=abc", "ts=12345678901234567890,v1=abc"})
        void rejectsAHeaderThatIsNotKeyValuePartsOrWhoseTimestampIsNotANumber(String header) {
            assertThat(verifierAtSignatureTime().verify(header, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.MALFORMED_SIGNATURE_HEADER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"v1=abc", "ts=,v1=abc", "v1=abc,other=1"})
        void rejectsAHeaderWithoutTimestamp(String header) {
            assertThat(verifierAtSignatureTime().verify(header, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.MISSING_TIMESTAMP);
        }

        @ParameterizedTest
        @ValueSource(strings = {"ts=1704908010", "ts=1704908010,v1=", "ts=1704908010,v2=abc", "ts=1704908010;v1=abc"})
        void rejectsAHeaderWithoutHash(String header) {
            assertThat(verifierAtSignatureTime().verify(header, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.MISSING_HASH);
        }

        @Test
        void readsKeysCaseInsensitivelyAndTrimsWhitespaceAroundKeysAndValues() {
            String hash = hmacHex(SECRET, "id:123456789;request-id:" + REQUEST_ID + ";ts:1704908010;");

            assertThat(verifierAtSignatureTime().verify(" TS = 1704908010 , V1 = " + hash + " ", REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
        }

        @Test
        void acceptsPartsInAnyOrderAndIgnoresUnknownParts() {
            String hash = hmacHex(SECRET, "id:123456789;request-id:" + REQUEST_ID + ";ts:1704908010;");

            assertThat(verifierAtSignatureTime().verify("v2=ffff,v1=" + hash + ",ts=1704908010", REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
        }

        @Test
        void splitsEachPartOnItsFirstEqualsSign() {
            // A value containing '=' stays whole, so the hash "abc=def" is compared (and does not match) rather
            // than the header being called malformed.
            assertThat(verifierAtSignatureTime().verify("ts=1704908010,v1=abc=def", REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void acceptsAnUpperCaseHexHash() {
            String hash = hmacHex(SECRET, "id:123456789;request-id:" + REQUEST_ID + ";ts:1704908010;");

            assertThat(verifierAtSignatureTime().verify("ts=1704908010,v1=" + hash.toUpperCase(), REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
        }
    }

    @Nested
    class Tampering {

        private final String genuine = header(SECRET, DATA_ID, REQUEST_ID, Long.toString(TS_SECONDS));

        @Test
        void acceptsTheGenuineNotification() {
            assertThat(verifierAtSignatureTime().verify(genuine, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.VALID);
        }

        @Test
        void rejectsAnotherResourceId() {
            assertThat(verifierAtSignatureTime().verify(genuine, REQUEST_ID, "123456780").verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void rejectsAnotherRequestId() {
            assertThat(verifierAtSignatureTime().verify(genuine, "another-request", DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void rejectsARemovedRequestIdOrResourceId() {
            assertThat(verifierAtSignatureTime().verify(genuine, null, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
            assertThat(verifierAtSignatureTime().verify(genuine, REQUEST_ID, null).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void rejectsAMovedTimestampWithTheOriginalHash() {
            String moved = genuine.replace("ts=" + TS_SECONDS, "ts=" + (TS_SECONDS + 1));

            assertThat(verifierAtSignatureTime().verify(moved, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void rejectsASignatureMadeWithAnotherSecret() {
            String forged = header("a-guessed-secret", DATA_ID, REQUEST_ID, Long.toString(TS_SECONDS));

            assertThat(verifierAtSignatureTime().verify(forged, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void rejectsATruncatedHash() {
            String truncated = genuine.substring(0, genuine.length() - 2);

            assertThat(verifierAtSignatureTime().verify(truncated, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }
    }

    @Nested
    class SecretRotation {

        @Test
        void acceptsTheCurrentSecretAndSaysSo() {
            WebhookSignatureVerifier verifier = verifierAt(Instant.ofEpochSecond(TS_SECONDS), SECRET, PREVIOUS_SECRET);

            Verification verification = verifier.verify(header(SECRET, DATA_ID, REQUEST_ID, "1704908010"),
                    REQUEST_ID, DATA_ID);

            assertThat(verification.verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verification.matchedPreviousSecret()).isFalse();
        }

        @Test
        void acceptsThePreviousSecretAndSaysSo() {
            WebhookSignatureVerifier verifier = verifierAt(Instant.ofEpochSecond(TS_SECONDS), SECRET, PREVIOUS_SECRET);

            Verification verification = verifier.verify(header(PREVIOUS_SECRET, DATA_ID, REQUEST_ID, "1704908010"),
                    REQUEST_ID, DATA_ID);

            assertThat(verification.verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verification.secretIndex()).isEqualTo(1);
            assertThat(verification.matchedPreviousSecret()).isTrue();
        }

        @Test
        void ignoresAnAbsentOrBlankPreviousSecret() {
            WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(Arrays.asList(SECRET, null, " "),
                    FIVE_MINUTES, Clock.fixed(Instant.ofEpochSecond(TS_SECONDS), ZoneOffset.UTC));

            assertThat(verifier.verify(header(" ", DATA_ID, REQUEST_ID, "1704908010"), REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
            assertThat(verifier.verify(header(SECRET, DATA_ID, REQUEST_ID, "1704908010"), REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
        }

        @Test
        void needsAtLeastOneSecret() {
            assertThatThrownBy(() -> new WebhookSignatureVerifier(Arrays.asList(null, ""), FIVE_MINUTES,
                    Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new WebhookSignatureVerifier(List.of(), FIVE_MINUTES, Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class TimestampWindow {

        private final Instant signedAt = Instant.ofEpochSecond(TS_SECONDS);
        private final String secondsHeader = header(SECRET, DATA_ID, REQUEST_ID, Long.toString(TS_SECONDS));
        private final String millisHeader = header(SECRET, DATA_ID, REQUEST_ID, Long.toString(TS_SECONDS * 1000));

        @Test
        void acceptsATimestampExactlyAtTheEdgeOfTheWindowInEitherDirection() {
            assertThat(verifierAt(signedAt.plus(FIVE_MINUTES), SECRET).verify(secondsHeader, REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verifierAt(signedAt.minus(FIVE_MINUTES), SECRET).verify(secondsHeader, REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.VALID);
        }

        @Test
        void rejectsAGenuineSignatureReplayedAfterTheWindow() {
            WebhookSignatureVerifier later = verifierAt(signedAt.plus(FIVE_MINUTES).plusSeconds(1), SECRET);

            assertThat(later.verify(secondsHeader, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.TIMESTAMP_OUT_OF_TOLERANCE);
            assertThat(later.verify(millisHeader, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.TIMESTAMP_OUT_OF_TOLERANCE);
        }

        @Test
        void rejectsATimestampTooFarInTheFuture() {
            WebhookSignatureVerifier earlier = verifierAt(signedAt.minus(FIVE_MINUTES).minusMillis(1), SECRET);

            assertThat(earlier.verify(millisHeader, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.TIMESTAMP_OUT_OF_TOLERANCE);
        }

        @Test
        void readsThirteenDigitsAsMillisecondsAndTenAsSeconds() {
            WebhookSignatureVerifier verifier = verifierAt(signedAt.plusSeconds(299), SECRET);

            assertThat(verifier.verify(secondsHeader, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.VALID);
            assertThat(verifier.verify(millisHeader, REQUEST_ID, DATA_ID).verdict())
                    .isEqualTo(WebhookSignatureVerdict.VALID);
        }

        @Test
        void checksTheSignatureBeforeTheWindowSoAStaleForgeryIsAMismatch() {
            String forged = header("a-guessed-secret", DATA_ID, REQUEST_ID, Long.toString(TS_SECONDS));

            assertThat(verifierAt(signedAt.plus(Duration.ofDays(1)), SECRET).verify(forged, REQUEST_ID, DATA_ID)
                    .verdict()).isEqualTo(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }

        @Test
        void needsAPositiveTolerance() {
            assertThatThrownBy(() -> new WebhookSignatureVerifier(List.of(SECRET), Duration.ZERO, Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new WebhookSignatureVerifier(List.of(SECRET), Duration.ofSeconds(-1),
                    Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void labelsVerdictsForMetricsAndHeaders() {
        assertThat(WebhookSignatureVerdict.VALID.label()).isEqualTo("valid");
        assertThat(WebhookSignatureVerdict.TIMESTAMP_OUT_OF_TOLERANCE.label())
                .isEqualTo("timestamp-out-of-tolerance");
    }
}
