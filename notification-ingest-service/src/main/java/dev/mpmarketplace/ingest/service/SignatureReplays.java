package dev.mpmarketplace.ingest.service;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.mpmarketplace.ingest.config.IngestConfig;

/**
 * Accepts each signed Mercado Pago delivery once per replica within the signature's time window (issue 9): the
 * signature covers only {@code data.id}, {@code x-request-id} and {@code ts}, so a captured one could otherwise be
 * sent again with any body for as long as its {@code ts} is in the window.
 * <p>
 * A signature is remembered from its acceptance until twice {@code ingest.mercadopago.signature-tolerance} later: a
 * verified {@code ts} is at most one tolerance away from now, and the signature stays valid at most one tolerance past
 * its {@code ts}. At most {@code ingest.mercadopago.replay-cache-size} signatures are remembered
 * ({@link SignatureReplayCache}).
 * <p>
 * A signature is claimed just before its notification is published and released when publishing fails, so the
 * sender's retry of a 503 is not taken for a replay.
 */
@ApplicationScoped
public class SignatureReplays {

    private final SignatureReplayCache cache;
    private final Clock clock;
    private final long rememberMillis;

    public SignatureReplays(IngestConfig config, Clock clock, IngestMetrics metrics) {
        this.cache = new SignatureReplayCache(config.mercadopago().replayCacheSize());
        this.clock = clock;
        this.rememberMillis = config.mercadopago().signatureTolerance().toMillis() * 2;
        metrics.replayCache(cache::size, cache::earlyEvictions);
    }

    /**
     * Claims a verified signature.
     *
     * @return {@code true} the first time, {@code false} for a replay
     */
    public boolean claim(SignatureKey key) {
        long now = clock.millis();
        return cache.claim(key.high(), key.low(), now, now + rememberMillis);
    }

    /** Releases a claimed signature whose notification was not stored. */
    public void release(SignatureKey key) {
        cache.release(key.high(), key.low());
    }
}
