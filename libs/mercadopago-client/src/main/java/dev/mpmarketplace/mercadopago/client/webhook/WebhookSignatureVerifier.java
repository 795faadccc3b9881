package dev.mpmarketplace.mercadopago.client.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code x-signature} header of a Mercado Pago Webhooks-format notification, exactly as reference section
 * 6.2 states it:
 * <ol>
 * <li>the header is split on {@code ,} and each part on its first {@code =}; keys are trimmed and lower-cased,
 * values trimmed; {@code ts} and {@code v1} are read (other parts, such as a future {@code v2}, are ignored);</li>
 * <li>the manifest is {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}, a pair being left out when its value
 * is absent ({@code ts} never is);</li>
 * <li>{@code v1} must be the lower-case hex HMAC-SHA256 of the manifest, keyed with one of the accepted secrets,
 * compared in constant time ({@link MessageDigest#isEqual});</li>
 * <li>{@code ts} must be within the tolerance window of this verifier's clock, in either direction.</li>
 * </ol>
 * Two choices where the reference is ambiguous:
 * <ul>
 * <li><b>{@code ts} unit</b> (ambiguity 1): the documentation says milliseconds, its example and two SDKs use
 * seconds. Both are accepted: a value of twelve digits or more is read as milliseconds since the epoch, a shorter
 * one as seconds (seconds since the epoch have ten digits until the year 2286; milliseconds have had thirteen since
 * 2001). The HMAC always uses {@code ts} verbatim.</li>
 * <li><b>{@code data.id} case</b> (ambiguity 2): the id is used exactly as received in the query string, as every
 * official SDK does since June 2026; an alphanumeric id is never lower-cased.</li>
 * </ul>
 * Several secrets are accepted so that the secret can be rotated without losing notifications: the current one and
 * the previous one until every notification signed with it has arrived.
 * <p>
 * Pure logic: no I/O, thread-safe, and it never logs (a caller must not log the header either).
 */
public final class WebhookSignatureVerifier {

    private static final String HMAC = "HmacSHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Twelve digits or more: milliseconds since the epoch (see the class comment). */
    private static final long SMALLEST_MILLISECOND_TIMESTAMP = 100_000_000_000L;

    private final List<SecretKeySpec> secrets;
    /** One initialised {@link Mac} per secret and thread: looking up and keying a Mac costs more than using it. */
    private final ThreadLocal<Mac[]> macs = ThreadLocal.withInitial(this::newMacs);
    private final Duration tolerance;
    private final Clock clock;

    /**
     * @param secrets the accepted secrets, current first; blank or {@code null} entries are ignored, at least one must
     *        remain
     * @param tolerance how far {@code ts} may be from now, in either direction; positive
     * @param clock the clock {@code ts} is compared with
     */
    public WebhookSignatureVerifier(List<String> secrets, Duration tolerance, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets, "secrets").stream()
                .filter(secret -> secret != null && !secret.isBlank())
                .map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC))
                .toList();
        if (this.secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one webhook secret is required");
        }
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("the timestamp tolerance must be positive: " + tolerance);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks one notification.
     *
     * @param signatureHeader the {@code x-signature} header, or {@code null} when absent
     * @param requestId the {@code x-request-id} header, or {@code null} when absent
     * @param dataId the {@code data.id} query parameter exactly as received (decoded), or {@code null} when absent
     * @return the verdict; {@link WebhookSignatureVerdict#VALID} only when the notification may be trusted
     */
    public Verification verify(String signatureHeader, String requestId, String dataId) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return Verification.rejected(WebhookSignatureVerdict.MISSING_SIGNATURE_HEADER);
        }
        String ts = null;
        String hash = null;
        for (String part : signatureHeader.split(",")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                return Verification.rejected(WebhookSignatureVerdict.MALFORMED_SIGNATURE_HEADER);
            }
            String key = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(equals + 1).trim();
            if (key.equals("ts")) {
                ts = value;
            } else if (key.equals("v1")) {
                hash = value;
            }
        }
        if (ts == null || ts.isEmpty()) {
            return Verification.rejected(WebhookSignatureVerdict.MISSING_TIMESTAMP);
        }
        if (hash == null || hash.isEmpty()) {
            return Verification.rejected(WebhookSignatureVerdict.MISSING_HASH);
        }
        Instant signedAt = parseTimestamp(ts);
        if (signedAt == null) {
            return Verification.rejected(WebhookSignatureVerdict.MALFORMED_SIGNATURE_HEADER);
        }

        byte[] manifest = manifest(dataId, requestId, ts).getBytes(StandardCharsets.UTF_8);
        byte[] received = hash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        int matched = -1;
        // Every secret is tried even after a match, so the time taken does not tell which one matched.
        for (int i = 0; i < secrets.size(); i++) {
            byte[] expected = hmacHex(i, manifest);
            if (MessageDigest.isEqual(expected, received) && matched < 0) {
                matched = i;
            }
        }
        if (matched < 0) {
            return Verification.rejected(WebhookSignatureVerdict.SIGNATURE_MISMATCH);
        }
        Duration age = Duration.between(signedAt, clock.instant()).abs();
        if (age.compareTo(tolerance) > 0) {
            return Verification.rejected(WebhookSignatureVerdict.TIMESTAMP_OUT_OF_TOLERANCE);
        }
        return new Verification(WebhookSignatureVerdict.VALID, matched);
    }

    private Mac[] newMacs() {
        Mac[] perSecret = new Mac[secrets.size()];
        try {
            for (int i = 0; i < perSecret.length; i++) {
                perSecret[i] = Mac.getInstance(HMAC);
                perSecret[i].init(secrets.get(i));
            }
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime provides " + HMAC, e);
        }
        return perSecret;
    }

    /** The signed manifest; a pair whose value is absent is left out, as the documentation and every SDK do. */
    static String manifest(String dataId, String requestId, String ts) {
        StringBuilder manifest = new StringBuilder(96);
        if (dataId != null && !dataId.isEmpty()) {
            manifest.append("id:").append(dataId).append(';');
        }
        if (requestId != null && !requestId.isEmpty()) {
            manifest.append("request-id:").append(requestId).append(';');
        }
        return manifest.append("ts:").append(ts).append(';').toString();
    }

    private static Instant parseTimestamp(String ts) {
        if (ts.length() > 18) {
            return null;
        }
        for (int i = 0; i < ts.length(); i++) {
            if (ts.charAt(i) < '0' || ts.charAt(i) > '9') {
                return null;
            }
        }
        long value = Long.parseLong(ts);
        return value >= SMALLEST_MILLISECOND_TIMESTAMP ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    private byte[] hmacHex(int secret, byte[] message) {
        byte[] digest = macs.get()[secret].doFinal(message);
        byte[] hex = new byte[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            hex[2 * i] = (byte) HEX[(digest[i] >> 4) & 0xf];
            hex[2 * i + 1] = (byte) HEX[digest[i] & 0xf];
        }
        return hex;
    }

    /**
     * The result of {@link #verify}.
     *
     * @param verdict the verdict
     * @param secretIndex which accepted secret matched (0 = current, 1 = previous), or -1 when none did
     */
    public record Verification(WebhookSignatureVerdict verdict, int secretIndex) {

        static Verification rejected(WebhookSignatureVerdict verdict) {
            return new Verification(verdict, -1);
        }

        /** Whether the notification may be trusted. */
        public boolean isValid() {
            return verdict.isValid();
        }

        /** Whether it was signed with a secret other than the current one: a rotation is still under way. */
        public boolean matchedPreviousSecret() {
            return secretIndex > 0;
        }
    }
}
