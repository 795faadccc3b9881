package dev.mpmarketplace.support.time;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** How a service writes a point in time: UTC, to the microsecond (what PostgreSQL's {@code timestamptz} keeps). */
public final class Timestamps {

    private Timestamps() {
    }

    /** Now, in UTC, truncated to microseconds so that what is stored reads back equal. */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
