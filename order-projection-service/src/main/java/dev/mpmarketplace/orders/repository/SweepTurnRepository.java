package dev.mpmarketplace.orders.repository;

import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Whose turn it is to run a periodic sweep ({@code sweep_turn}): every replica schedules the same sweeps, and the one
 * that claims a sweep's turn runs it; the others skip that period. A turn is held for one period and not given back,
 * so the sweep runs about once per period across all replicas; a replica that dies holding a turn loses it when the
 * period ends. One statement, on the pool, no transaction held across the sweep's network calls.
 */
@ApplicationScoped
public class SweepTurnRepository {

    private static final String CLAIM = """
            INSERT INTO sweep_turn (sweep, holder, until) VALUES ($1, $2, $3::timestamptz + $4::bigint * interval '1 millisecond')
            ON CONFLICT (sweep) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
             WHERE sweep_turn.until <= $3
            RETURNING sweep""";

    private final Pool pool;

    public SweepTurnRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims {@code sweep}'s turn for {@code holder} from {@code now} for {@code period}: true when no turn was held or
     * the one held has ended (whoever held it), false while another or the same holder's turn lasts.
     */
    public Uni<Boolean> claim(String sweep, String holder, OffsetDateTime now, Duration period) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(sweep, holder, now, period.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }
}
