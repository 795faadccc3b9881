package dev.mpmarketplace.payment.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.payment.Preference;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * The platform's preferences. Every change is one statement on the pool (no session is held across a call to Mercado
 * Pago), and each is conditional on the state it expects, so two requests racing for one preference never both act.
 */
@ApplicationScoped
public class PreferenceRepository {

    private static final String COLUMNS = """
            id, seller_id, idempotency_key, request_fingerprint, state, submission, mercadopago_preference_id,
            init_point, sandbox_init_point, mercadopago_last_updated, provider_preference, refusal, created_at,
            updated_at""";

    private static final String CLAIM = """
            INSERT INTO preference (id, seller_id, idempotency_key, request_fingerprint, state, submission,
                                    created_at, updated_at)
            VALUES ($1, $2, $3, $4, 'submitting', $5, $6, $6)
            ON CONFLICT (idempotency_key) DO NOTHING""";

    private static final String RECLAIM = """
            UPDATE preference SET state = 'submitting', updated_at = $2
             WHERE id = $1 AND (state = 'unknown' OR state = 'submitting' AND updated_at < $3)""";

    private static final String CREATED = """
            UPDATE preference SET state = 'created', submission = NULL, mercadopago_preference_id = $2,
                   init_point = $3, sandbox_init_point = $4, mercadopago_last_updated = $5,
                   provider_preference = $6, updated_at = $7
             WHERE id = $1 AND state IN ('submitting', 'unknown')""";

    private static final String ANSWER = """
            UPDATE preference SET init_point = $2, sandbox_init_point = $3, mercadopago_last_updated = $4,
                   provider_preference = $5, updated_at = $6
             WHERE id = $1 AND state = 'created'
               AND (mercadopago_last_updated IS NULL OR mercadopago_last_updated <= $4)""";

    private static final String UNKNOWN = """
            UPDATE preference SET state = 'unknown', updated_at = $2 WHERE id = $1 AND state = 'submitting'""";

    private static final String REFUSED = """
            UPDATE preference SET state = 'refused', submission = NULL, refusal = $2, updated_at = $3
             WHERE id = $1 AND state = 'submitting'""";

    private static final String FORGET = "DELETE FROM preference WHERE id = $1 AND state = 'submitting'";

    private static final String PAYMENTS = """
            SELECT id FROM payment WHERE preference_id = $1 ORDER BY created_at, id""";

    private final Pool pool;

    public PreferenceRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores a new preference {@code submitting}; {@code false} when another one holds the key already. */
    public Uni<Boolean> claim(UUID id, long sellerId, String idempotencyKey, String fingerprint, String submission,
            OffsetDateTime now) {
        return update(CLAIM, tuple(id, sellerId, idempotencyKey, fingerprint, submission, now));
    }

    /**
     * Takes over an {@code unknown} preference, or one left {@code submitting} since before {@code abandonedBefore},
     * to resolve it; {@code false} when another request has it.
     */
    public Uni<Boolean> reclaim(UUID id, OffsetDateTime now, OffsetDateTime abandonedBefore) {
        return update(RECLAIM, Tuple.of(id, now, abandonedBefore));
    }

    /** Mercado Pago made it. */
    public Uni<Boolean> created(UUID id, String mercadoPagoId, String initPoint, String sandboxInitPoint,
            OffsetDateTime answeredAt, String raw, OffsetDateTime now) {
        return update(CREATED, tuple(id, mercadoPagoId, initPoint, sandboxInitPoint, answeredAt, raw, now));
    }

    /** A later answer about a created preference (after an update); an older one than kept changes nothing. */
    public Uni<Boolean> answered(UUID id, String initPoint, String sandboxInitPoint, OffsetDateTime answeredAt,
            String raw, OffsetDateTime now) {
        return update(ANSWER, tuple(id, initPoint, sandboxInitPoint, answeredAt, raw, now));
    }

    public Uni<Boolean> unknown(UUID id, OffsetDateTime now) {
        return update(UNKNOWN, Tuple.of(id, now));
    }

    public Uni<Boolean> refused(UUID id, String refusal, OffsetDateTime now) {
        return update(REFUSED, Tuple.of(id, refusal, now));
    }

    /** Removes a claim whose call certainly had no effect, so that the key can be used again. */
    public Uni<Boolean> forget(UUID id) {
        return update(FORGET, Tuple.of(id));
    }

    public Uni<Preference> find(UUID id) {
        return one("SELECT " + COLUMNS + " FROM preference WHERE id = $1", Tuple.of(id));
    }

    public Uni<Preference> findByIdempotencyKey(String key) {
        return one("SELECT " + COLUMNS + " FROM preference WHERE idempotency_key = $1", Tuple.of(key));
    }

    /** Our ids of the payments made on the preference, oldest first. */
    public Uni<List<UUID>> payments(UUID id) {
        return CallerContext.resume(pool.preparedQuery(PAYMENTS).execute(Tuple.of(id.toString()))).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID(0)));
            return ids;
        });
    }

    private Uni<Preference> one(String sql, Tuple arguments) {
        return CallerContext.resume(pool.preparedQuery(sql).execute(arguments))
                .map(rows -> rows.size() == 0 ? null : read(rows.iterator().next()));
    }

    private Uni<Boolean> update(String sql, Tuple arguments) {
        return CallerContext.resume(pool.preparedQuery(sql).execute(arguments)).map(RowSet::rowCount)
                .map(count -> count == 1);
    }

    /** A tuple that may hold {@code null}s (an answer without a sandbox page or a date). */
    private static Tuple tuple(Object... values) {
        Tuple tuple = Tuple.tuple();
        for (Object value : values) {
            tuple.addValue(value);
        }
        return tuple;
    }

    private static Preference read(Row row) {
        return new Preference(row.getUUID("id"), row.getLong("seller_id"), row.getString("idempotency_key"),
                row.getString("request_fingerprint"), Preference.State.ofWord(row.getString("state")),
                row.getString("submission"), row.getString("mercadopago_preference_id"),
                row.getString("init_point"), row.getString("sandbox_init_point"),
                row.getOffsetDateTime("mercadopago_last_updated"), row.getString("provider_preference"),
                row.getString("refusal"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
