package dev.mpmarketplace.linking.service;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The timing rules of refreshing, kept free of I/O so they can be tested alone: the random delay before a sweep starts
 * (jitter), the exponential back-off after a retryable failure, and the spacing of {@code /oauth/token} calls that
 * enforces the rate limit, shared by the sweep and the manual refreshes of one replica.
 */
public final class RefreshPacing {

    private static final Duration NO_BOUND = Duration.ofNanos(Long.MAX_VALUE);

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

    /**
     * A slot of the rate limit.
     *
     * @param reserved whether it was reserved
     * @param delay how long to wait for it; when not reserved, how long until the next free slot
     */
    public record Slot(boolean reserved, Duration delay) {
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
    public Duration reserveSlot(long nowNanos) {
        return reserveSlotWithin(nowNanos, NO_BOUND).delay();
    }

    /**
     * Reserves the next call slot if it comes within {@code maxWait} of {@code nowNanos}; otherwise reserves nothing
     * and says how far the next free slot is (a manual refresh answers 429 with it rather than queue behind a sweep).
     */
    public synchronized Slot reserveSlotWithin(long nowNanos, Duration maxWait) {
        long slot = nextSlotNanos == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, nextSlotNanos);
        Duration wait = Duration.ofNanos(slot - nowNanos);
        if (wait.compareTo(maxWait) > 0) {
            return new Slot(false, wait);
        }
        nextSlotNanos = slot + spacingNanos;
        return new Slot(true, wait);
    }
}
