package dev.mpmarketplace.testing.mercadopago;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a test's own Mercado Pago webhook requests the way Mercado Pago documents it (reference 6.2) and the sandbox
 * does it: {@code x-signature: ts=<ts>,v1=<lower-case hex HMAC-SHA256(secret, manifest)>}, the manifest being
 * {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;} with a pair left out when its value is absent.
 * <p>
 * Written here from the reference, independently of the service's verifier (libs/mercadopago-client), so a test
 * signing with it checks the verifier rather than agreeing with it by construction. The secret is the one the
 * service under test was configured with (read from the running sandbox) or a made-up one, for a forgery; it is
 * never written in a test file.
 */
public final class WebhookSigner {

    private final SecretKeySpec key;

    public WebhookSigner(String secret) {
        this.key = new SecretKeySpec(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8),
                "HmacSHA256");
    }

    /**
     * The {@code x-signature} header for a delivery.
     *
     * @param dataId the query's {@code data.id}, or {@code null} to leave it out of the manifest
     * @param requestId the {@code x-request-id}, or {@code null} to leave it out of the manifest
     * @param ts the timestamp, used verbatim (the sandbox sends 13-digit milliseconds)
     */
    public String sign(String dataId, String requestId, long ts) {
        StringBuilder manifest = new StringBuilder();
        if (dataId != null) {
            manifest.append("id:").append(dataId).append(';');
        }
        if (requestId != null) {
            manifest.append("request-id:").append(requestId).append(';');
        }
        manifest.append("ts:").append(ts).append(';');
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "ts=" + ts + ",v1="
                    + HexFormat.of().formatHex(mac.doFinal(manifest.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }

    /** The {@code x-signature} header for a delivery signed now, with a millisecond timestamp. */
    public String signNow(String dataId, String requestId) {
        return sign(dataId, requestId, System.currentTimeMillis());
    }

    /** The {@code v1} part of a signature header: what must never appear in a log, an answer or a record. */
    public static String hashOf(String xSignature) {
        int v1 = xSignature.indexOf("v1=");
        if (v1 < 0) {
            throw new IllegalArgumentException("no v1 in the signature header");
        }
        int end = xSignature.indexOf(',', v1);
        return xSignature.substring(v1 + 3, end < 0 ? xSignature.length() : end);
    }
}
