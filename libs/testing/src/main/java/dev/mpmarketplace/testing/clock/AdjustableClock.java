package dev.mpmarketplace.testing.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The {@link Clock} of every Quarkus application under test that depends on this library: the system clock (UTC) plus
 * an offset a test may move, to see a signature age past its window, a token expire or a sandbox retry fall due.
 * <p>
 * How it replaces the service's clock: it is a CDI bean of type {@code Clock} that is an {@link Alternative} enabled
 * with a {@link Priority}, so ArC resolves every {@code Clock} injection point of the application to it, whether the
 * service produces its own clock as a {@code @DefaultBean} or as a plain bean. Nothing to configure: a test injects it
 * ({@code @Inject AdjustableClock clock}) and moves it. Until a test does, it reads exactly the system clock.
 * <p>
 * The offset belongs to the application, which lives across the test classes that share its resources: a test that
 * moves the clock puts it back ({@link #reset()} in an {@code @AfterEach}), so that no test depends on another's
 * order. The one exception is a test that keeps the service's clock in step with the sandbox's, which only moves
 * forward ({@code SandboxControl.advanceClock}): it advances both by the same amount and leaves both there.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class AdjustableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock forward (or back, with a negative duration) by the given amount, on top of earlier moves. */
    public synchronized void advance(Duration by) {
        offset = offset.plus(Objects.requireNonNull(by, "by"));
    }

    /** Back to the system clock. */
    public void reset() {
        offset = Duration.ZERO;
    }

    /** How far the clock is from the system clock. */
    public Duration offset() {
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** A view in another zone that follows this clock's later moves. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new Zoned(this, zone);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset.toMillis();
    }

    /** This clock seen from another zone. */
    private static final class Zoned extends Clock {

        private final AdjustableClock clock;
        private final ZoneId zone;

        Zoned(AdjustableClock clock, ZoneId zone) {
            this.clock = clock;
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Zoned(clock, other);
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }

        @Override
        public long millis() {
            return clock.millis();
        }
    }
}
