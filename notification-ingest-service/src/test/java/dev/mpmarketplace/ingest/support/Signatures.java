package dev.mpmarketplace.ingest.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a test's own webhook requests the way Mercado Pago documents it (reference 6.2), with a secret the test read
 * from the running service's configuration or made up (a forgery).
 */
public final class Signatures {

    private Signatures() {
    }

    /** {@code ts=<ts>,v1=<hex HMAC-SHA256(secret, "id:<dataId>;request-id:<requestId>;ts:<ts>;")>} */
    public static String xSignature(String secret, String dataId, String requestId, long ts) {
        String manifest = "id:" + dataId + ";request-id:" + requestId + ";ts:" + ts + ";";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "ts=" + ts + ",v1="
                    + HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code v1} part of a signature header: what must never appear in a log or an answer. */
    public static String hashOf(String xSignature) {
        return xSignature.substring(xSignature.indexOf("v1=") + 3);
    }
}
