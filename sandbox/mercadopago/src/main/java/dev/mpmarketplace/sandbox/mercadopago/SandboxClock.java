package dev.mpmarketplace.sandbox.mercadopago;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's one clock: real time plus an offset that the control API can move forward, so that 180-day token
 * expiry, 10-minute authorization codes and the webhook retry ladder are testable in seconds. It never moves
 * backwards.
 */
public final class SandboxClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;

    private SandboxClock(Clock base, AtomicReference<Duration> offset) {
        this.base = base;
        this.offset = offset;
    }

    /** A clock that follows the system clock until moved. */
    public static SandboxClock system() {
        return new SandboxClock(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
    }

    /** A clock that follows the given base clock until moved (for tests that fix the base time). */
    public static SandboxClock over(Clock base) {
        return new SandboxClock(base, new AtomicReference<>(Duration.ZERO));
    }

    /**
     * Moves the clock forward.
     *
     * @throws IllegalArgumentException for a negative duration: sandbox time never goes back
     */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward");
        }
        offset.accumulateAndGet(by, Duration::plus);
        return instant();
    }

    /** How far the clock has been moved ahead of its base. */
    public Duration offset() {
        return offset.get();
    }

    /** Sets the offset, for restoring a persisted sandbox. */
    void restoreOffset(Duration restored) {
        offset.set(restored.isNegative() ? Duration.ZERO : restored);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }
}
