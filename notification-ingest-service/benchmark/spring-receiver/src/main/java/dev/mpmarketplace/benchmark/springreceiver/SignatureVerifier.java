package dev.mpmarketplace.benchmark.springreceiver;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Mercado Pago's {@code x-signature} check: {@code ts} and {@code v1} from the header, the manifest
 * {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}, its HMAC-SHA256 with the webhook secret compared with
 * {@code v1}. (No timestamp window and no replay check: what a first receiver usually has.)
 */
@Component
public class SignatureVerifier {

    private final SecretKeySpec key;

    public SignatureVerifier(@Value("${receiver.webhook-secret}") String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public boolean isValid(String signature, String requestId, String dataId) {
        String ts = null;
        String v1 = null;
        for (String part : signature.split(",")) {
            String[] pair = part.split("=", 2);
            if (pair.length == 2 && pair[0].trim().equals("ts")) {
                ts = pair[1].trim();
            } else if (pair.length == 2 && pair[0].trim().equals("v1")) {
                v1 = pair[1].trim();
            }
        }
        if (ts == null || v1 == null) {
            return false;
        }
        String manifest = "id:" + dataId + ";" + (requestId == null ? "" : "request-id:" + requestId + ";") + "ts:" + ts
                + ";";
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
