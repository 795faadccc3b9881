package dev.mpmarketplace.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mpmarketplace.ingest.config.IngestConfig;

/**
 * Answers the challenge Mercado Pago sends when the Point integrator webhook is validated ({@code GET
 * <webhook>?challengeCode=<x>}, reference 5A): {@code hex(HMAC-SHA256(key = integrator token, message = challengeCode))}.
 */
@ApplicationScoped
public class PointChallenge {

    private static final int MAX_CHALLENGE_LENGTH = 512;

    private final Optional<SecretKeySpec> key;

    public PointChallenge(IngestConfig config) {
        this.key = config.point().integratorToken().filter(token -> !token.isBlank())
                .map(token -> new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** Whether an integrator token is configured. */
    public boolean isConfigured() {
        return key.isPresent();
    }

    /**
     * The {@code encrypted_challenge} for a challenge code.
     *
     * @throws NotificationRejectedException 400 when the code is absent or unreasonably long
     * @throws IllegalStateException when no integrator token is configured (see {@link #isConfigured()})
     */
    public String answer(String challengeCode) {
        if (challengeCode == null || challengeCode.isEmpty()) {
            throw new NotificationRejectedException(Rejection.MISSING_FIELD, "the request has no challengeCode");
        }
        if (challengeCode.length() > MAX_CHALLENGE_LENGTH) {
            throw new NotificationRejectedException(Rejection.INVALID_FIELD, "challengeCode is too long");
        }
        SecretKeySpec secret = key.orElseThrow(() -> new IllegalStateException("no Point integrator token"));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(challengeCode.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }
}
