package dev.mpmarketplace.linking.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The timing rules of the refresh sweep, kept free of I/O so they can be tested alone: the random start delay (jitter),
 * the exponential back-off after a retryable failure, and the spacing of calls that enforces the rate limit.
 */
public final class RefreshPacing {

    private final Duration jitter;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final long spacingNanos;
    private final LongUnaryOperator random;
    private long nextSlotNanos = Long.MIN_VALUE;

    /**
     * @param random returns a value in [0, bound) for a bound; {@code ThreadLocalRandom} in production
     */
    public RefreshPacing(Duration jitter, Duration backoffInitial, Duration backoffMax, double ratePerSecond,
            LongUnaryOperator random) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("the refresh rate must be positive");
        }
        this.jitter = jitter;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.spacingNanos = (long) (1_000_000_000L / ratePerSecond);
        this.random = random;
    }

    public static RefreshPacing withSystemRandom(Duration jitter, Duration backoffInitial, Duration backoffMax,
            double ratePerSecond) {
        return new RefreshPacing(jitter, backoffInitial, backoffMax, ratePerSecond,
                bound -> bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound));
    }

    /** A random delay in [0, jitter]. */
    public Duration jitterDelay() {
        long bound = jitter.toMillis();
        return bound <= 0 ? Duration.ZERO : Duration.ofMillis(random.applyAsLong(bound + 1));
    }

    /**
     * The delay before the next attempt after {@code failures} consecutive retryable failures (1 = the first):
     * initial x 2^(failures-1), capped, never shorter than Mercado Pago's {@code Retry-After}.
     */
    public Duration backoff(int failures, Duration retryAfter) {
        int exponent = Math.max(0, Math.min(failures - 1, 30));
        Duration delay = backoffInitial.multipliedBy(1L << exponent);
        if (delay.compareTo(backoffMax) > 0 || delay.isNegative()) {
            delay = backoffMax;
        }
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return delay;
    }

    /**
     * Reserves the next call slot at or after {@code nowNanos} and returns how long to wait for it: calls are spaced
     * 1/rate apart.
     */
    public synchronized Duration reserveSlot(long nowNanos) {
        long slot = nextSlotNanos == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, nextSlotNanos);
        nextSlotNanos = slot + spacingNanos;
        return Duration.ofNanos(slot - nowNanos);
    }
}
