package dev.mpmarketplace.orders;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * How the model writes a provider's time: in UTC, to the microsecond (what PostgreSQL keeps), so that a value applied
 * live and the same value read back from the fact log or the database are equal.
 */
public final class Times {

    private Times() {
    }

    /** The instant in UTC, truncated to microseconds; {@code null} stays {@code null}. */
    public static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether {@code candidate} is strictly before {@code reference}; nothing is before an unknown time. */
    public static boolean before(OffsetDateTime candidate, OffsetDateTime reference) {
        return candidate != null && reference != null && candidate.isBefore(reference);
    }

    /** The later of two times, either of which may be unknown. */
    public static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
        if (a == null) {
            return utc(b);
        }
        if (b == null) {
            return utc(a);
        }
        return utc(a.isBefore(b) ? b : a);
    }
}
