package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mercado Pago's {@code x-signature} (reference section 6.2), written here from the documented rule: {@code v1} is
 * the lower-case hex HMAC-SHA256, keyed with the application's webhook secret, of the manifest
 * {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}.
 */
public final class WebhookSignature {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WebhookSignature() {
    }

    /** The manifest; a pair whose value is absent is left out, as the documentation and every SDK do. */
    public static String manifest(String dataId, String requestId, String ts) {
        StringBuilder manifest = new StringBuilder();
        if (dataId != null) {
            manifest.append("id:").append(dataId).append(';');
        }
        if (requestId != null) {
            manifest.append("request-id:").append(requestId).append(';');
        }
        return manifest.append("ts:").append(ts).append(';').toString();
    }

    /** The {@code x-signature} header value: {@code ts=<ts>,v1=<hex>}. */
    public static String header(String secret, String dataId, String requestId, String ts) {
        return "ts=" + ts + ",v1=" + hmacSha256Hex(secret, manifest(dataId, requestId, ts));
    }

    /** Lower-case hex HMAC-SHA256 of a message with a UTF-8 key (also the Point webhook challenge's answer). */
    public static String hmacSha256Hex(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            char[] hex = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++) {
                hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
                hex[2 * i + 1] = HEX[digest[i] & 0xf];
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
