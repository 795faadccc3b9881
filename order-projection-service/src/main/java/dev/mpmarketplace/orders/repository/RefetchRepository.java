package dev.mpmarketplace.orders.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.orders.fact.CauseKind;
import dev.mpmarketplace.orders.fact.FactCause;

/**
 * Mercado Libre orders to fetch again ({@code mercadolibre_refetch}): operational state, not part of the model (a
 * rebuild leaves it alone). One statement each, on the pool: a due row is claimed by moving its next attempt past the
 * claim's lease, so two replicas never fetch it at once.
 */
@ApplicationScoped
public class RefetchRepository {

    /** A claimed refetch. */
    public record Refetch(long mercadolibreOrderId, long sellerId, FactCause cause, int attempts,
            OffsetDateTime firstFailedAt) {
    }

    private static final String SCHEDULE = """
            INSERT INTO mercadolibre_refetch (mercadolibre_order_id, seller_id, cause_kind, cause_event_id, cause_topic,
                                              attempts, next_attempt_at, last_failure, first_failed_at)
            VALUES ($1, $2, $3, $4, $5, 1, $6::timestamptz + $8::bigint * interval '1 millisecond', $7, $6)
            ON CONFLICT (mercadolibre_order_id) DO UPDATE
               SET attempts = mercadolibre_refetch.attempts + 1,
                   next_attempt_at = $6::timestamptz
                       + LEAST($8::bigint * power(2, mercadolibre_refetch.attempts), $9::bigint)
                       * interval '1 millisecond',
                   last_failure = $7""";

    private static final String CLAIM_DUE = """
            UPDATE mercadolibre_refetch SET next_attempt_at = $2
             WHERE mercadolibre_order_id IN (SELECT mercadolibre_order_id FROM mercadolibre_refetch
                                              WHERE next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $3
                                              FOR UPDATE SKIP LOCKED)
            RETURNING mercadolibre_order_id, seller_id, cause_kind, cause_event_id, cause_topic, attempts,
                      first_failed_at""";

    private final Pool pool;

    public RefetchRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Asks for the order to be fetched again {@code firstDelay} from {@code now}; when it was asked already, counts
     * one more failed attempt and waits twice as long as the time before, at most {@code maxDelay} (the first cause
     * and the first failure's time stay).
     */
    public Uni<Void> schedule(long mercadolibreOrderId, long sellerId, FactCause cause, String failure,
            OffsetDateTime now, Duration firstDelay, Duration maxDelay) {
        return pool.preparedQuery(SCHEDULE).execute(Tuple.tuple().addLong(mercadolibreOrderId).addLong(sellerId)
                .addString(cause.kind().name()).addString(cause.eventId()).addString(cause.topic())
                .addOffsetDateTime(now).addString(failure).addLong(firstDelay.toMillis())
                .addLong(maxDelay.toMillis()))
                .replaceWithVoid();
    }

    /** Claims up to {@code limit} due refetches for {@code lease} from {@code now}. */
    public Uni<List<Refetch>> claimDue(OffsetDateTime now, Duration lease, int limit) {
        return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(now, now.plus(lease), limit)).map(rows -> {
            List<Refetch> due = new ArrayList<>();
            for (Row row : rows) {
                due.add(new Refetch(row.getLong("mercadolibre_order_id"), row.getLong("seller_id"),
                        new FactCause(CauseKind.valueOf(row.getString("cause_kind")),
                                row.getString("cause_event_id"), row.getString("cause_topic")),
                        row.getInteger("attempts"), row.getOffsetDateTime("first_failed_at")));
            }
            return due;
        });
    }

    /** The order was fetched, or is given up: nothing more to do. */
    public Uni<Void> done(long mercadolibreOrderId) {
        return pool.preparedQuery("DELETE FROM mercadolibre_refetch WHERE mercadolibre_order_id = $1")
                .execute(Tuple.of(mercadolibreOrderId)).replaceWithVoid();
    }

    /** How many orders wait to be fetched again. */
    public Uni<Long> pending() {
        return pool.query("SELECT count(*) AS n FROM mercadolibre_refetch").execute()
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}
