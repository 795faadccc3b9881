package dev.mpmarketplace.support.messaging;

import java.time.Duration;
import java.util.function.Predicate;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.support.database.DatabaseFailures;

/**
 * How every consumer treats a failure of one record: a permanent one (a poison record, a request that can never be
 * valid) fails at once, so the channel's dead-letter strategy keeps it; a transient one (the database, Vault or Mercado
 * Pago unavailable) is retried in place with an exponential back-off, holding the record's lane or partition (so later records about
 * the same resource keep their order), for at most a bounded time, after which the record goes to the dead-letter
 * topic too, with its reason, to be replayed. Offsets are committed only after the returned {@code Uni} completes ({@link KeyedLanes}).
 * <p>
 * The database unavailable ({@link DatabaseFailures#unavailable}, the same rule by which the REST layer answers 503
 * {@code database-unavailable}) is always transient, whatever a consumer's {@code permanent} rule says: a record is
 * never dead-lettered at once because PostgreSQL was restarting.
 */
public final class ConsumerRetries {

    private ConsumerRetries() {
    }

    /**
     * @param processing the record's processing
     * @param permanent which failures are never retried (a database outage is retried all the same)
     * @param first the first delay; it doubles up to {@code max}
     * @param giveUpAfter how long to keep retrying
     */
    public static <T> Uni<T> retryTransient(Uni<T> processing, Predicate<Throwable> permanent, Duration first,
            Duration max, Duration giveUpAfter) {
        return processing.onFailure(failure -> retried(failure, permanent)).retry().withBackOff(first, max)
                .expireIn(giveUpAfter.toMillis());
    }

    /** Whether a failure is retried in place: a database outage always, anything else unless it is permanent. */
    static boolean retried(Throwable failure, Predicate<Throwable> permanent) {
        return DatabaseFailures.unavailable(failure) || !permanent.test(failure);
    }
}
