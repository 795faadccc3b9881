package dev.mpmarketplace.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.sellertokens.PointIntegratorKeys;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Answers the challenge Mercado Pago sends when a seller's Point integrator webhook is validated ({@code GET
 * /webhooks/point/{seller_id}?challengeCode=<x>}, reference 5A):
 * {@code hex(HMAC-SHA256(key = that seller's integrator token, message = challengeCode))}. Each seller has an
 * integrator of its own (docs/sandbox/point.md, "Whose integrator"); point-service writes its token to Vault
 * ({@link PointIntegratorKeys}) before it registers the webhook, and this service only reads it, cached for
 * {@code ingest.point.key-cache-ttl}. A seller without a key is answered 404 (nothing is cached for it); Vault not
 * answering, 503 with {@code Retry-After}. No key, HMAC or challenge code is ever logged.
 */
@ApplicationScoped
public class PointChallenge {

    private static final Logger LOG = Logger.getLogger(PointChallenge.class);
    private static final int MAX_CHALLENGE_LENGTH = 512;

    private record CachedKey(SecretKeySpec key, long expiresAtNanos) {
        @Override
        public String toString() {
            return "CachedKey[key=<redacted>]";
        }
    }

    private final PointIntegratorKeys keys;
    private final long ttlNanos;
    private final IngestConfig.Point config;
    private final String retryAfterSeconds;
    private final LongSupplier nanoTime;
    private final Map<Long, CachedKey> cache = new ConcurrentHashMap<>();

    @Inject
    public PointChallenge(PointIntegratorKeys keys, IngestConfig config) {
        this(keys, config, System::nanoTime);
    }

    PointChallenge(PointIntegratorKeys keys, IngestConfig config, LongSupplier nanoTime) {
        this.keys = keys;
        this.config = config.point();
        this.ttlNanos = config.point().keyCacheTtl().toNanos();
        this.retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
        this.nanoTime = nanoTime;
    }

    /**
     * The {@code encrypted_challenge} for a seller's challenge code.
     *
     * @return fails with {@link NotificationRejectedException} 400 when the code is absent or unreasonably long, 404
     *         ({@link Rejection#POINT_INTEGRATOR_UNKNOWN}) when the seller has no key, and a 503 problem when Vault
     *         did not answer in time
     */
    public Uni<String> answer(long sellerId, String challengeCode) {
        if (challengeCode == null || challengeCode.isEmpty()) {
            return Uni.createFrom().failure(new NotificationRejectedException(Rejection.MISSING_FIELD,
                    "the request has no challengeCode"));
        }
        if (challengeCode.length() > MAX_CHALLENGE_LENGTH) {
            return Uni.createFrom().failure(new NotificationRejectedException(Rejection.INVALID_FIELD,
                    "challengeCode is too long"));
        }
        return key(sellerId).map(key -> hmac(key, challengeCode));
    }

    private Uni<SecretKeySpec> key(long sellerId) {
        CachedKey cached = cache.get(sellerId);
        if (cached != null && nanoTime.getAsLong() - cached.expiresAtNanos() < 0) {
            return Uni.createFrom().item(cached.key());
        }
        return keys.read(sellerId)
                .ifNoItem().after(config.keyReadTimeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> {
                    LOG.warnf("Vault did not give seller %d's Point integrator key: %s", sellerId,
                            failure.getClass().getSimpleName());
                    return new ProblemException("point-key-unavailable", "Point integrator key unavailable", 503,
                            "the seller's Point integrator key could not be read; retry", Map.of(),
                            Map.of("Retry-After", retryAfterSeconds), null);
                })
                .map((Optional<String> key) -> key.map(PointChallenge::secretKey).orElseThrow(
                        () -> new NotificationRejectedException(Rejection.POINT_INTEGRATOR_UNKNOWN,
                                "no Point integrator is set up for seller " + sellerId
                                        + " (point-service registers it when Point is enabled for the seller)")))
                .invoke(key -> cache.put(sellerId, new CachedKey(key, nanoTime.getAsLong() + ttlNanos)));
    }

    static SecretKeySpec secretKey(String token) {
        return new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    static String hmac(SecretKeySpec key, String challengeCode) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(challengeCode.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }
}
