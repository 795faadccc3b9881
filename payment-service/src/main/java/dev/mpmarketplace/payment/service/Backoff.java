package dev.mpmarketplace.payment.service;

import java.time.Duration;

/** When the resolver asks Mercado Pago again: doubling from the first delay, at most the configured bound. */
final class Backoff {

    private Backoff() {
    }

    static Duration after(int attempts, Duration first, Duration max) {
        long millis = first.toMillis() << Math.min(20, Math.max(0, attempts));
        return Duration.ofMillis(Math.min(max.toMillis(), Math.max(first.toMillis(), millis)));
    }
}
