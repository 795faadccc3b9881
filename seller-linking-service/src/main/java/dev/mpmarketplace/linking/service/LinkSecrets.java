package dev.mpmarketplace.linking.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The random values of one link: the OAuth {@code state} (256 random bits, sent to Mercado Pago and back; stored only
 * as its SHA-256) and the PKCE S256 pair (RFC 7636: a 43-character verifier of 256 random bits, and
 * BASE64URL(SHA-256(verifier)) as the challenge).
 */
public final class LinkSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private LinkSecrets() {
    }

    /** A new state: 32 random bytes, base64url (43 characters). */
    public static String newState() {
        return random32();
    }

    /** A new PKCE verifier: 32 random bytes, base64url (43 characters, the RFC's minimum length). */
    public static String newCodeVerifier() {
        return random32();
    }

    /** The S256 challenge of a verifier. */
    public static String s256Challenge(String codeVerifier) {
        return BASE64URL.encodeToString(sha256(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** How a state is stored and looked up: hex SHA-256. */
    public static String hashState(String state) {
        return HexFormat.of().formatHex(sha256(state.getBytes(StandardCharsets.UTF_8)));
    }

    private static String random32() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
