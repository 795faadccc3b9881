package dev.mpmarketplace.point.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.Intent;

/**
 * Intents. The sweep's claim is one statement on the reactive pool ({@code FOR UPDATE SKIP LOCKED}, so replicas
 * sweeping together take different intents); everything else Panache.
 */
@ApplicationScoped
public class IntentRepository implements PanacheRepositoryBase<Intent, UUID> {

    private static final String CLAIM_DUE = """
            UPDATE intent SET next_check_at = $2
             WHERE id IN (SELECT id FROM intent WHERE next_check_at <= $1 ORDER BY next_check_at
                          LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    private final Pool pool;

    public IntentRepository(Pool pool) {
        this.pool = pool;
    }

    /** Locks the intent for the rest of the transaction. */
    public Uni<Intent> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The seller's intent of that kind under that idempotency key. */
    public Uni<Intent> byKey(long sellerId, PointIntentKind kind, String idempotencyKey) {
        return find("sellerId = :seller and kind = :kind and idempotencyKey = :key", Parameters.with("seller", sellerId)
                .and("kind", kind).and("key", idempotencyKey)).firstResult();
    }

    /** The intent that holds the device, if one does. */
    public Uni<Intent> occupying(String deviceId) {
        return find("deviceId = ?1 and occupiesDevice = true", deviceId).firstResult();
    }

    /** Every intent carried by that Mercado Pago id (an Orders API order has its payment's and its refund's). */
    public Uni<List<Intent>> byMercadopagoId(String mercadopagoId) {
        return list("mercadopagoId", mercadopagoId);
    }

    /** The refunds of a payment intent. */
    public Uni<List<Intent>> refundsOf(UUID paymentIntentId) {
        return list("refundOf", paymentIntentId);
    }

    /** The Mercado Pago ids the seller's intents created since then hold. */
    public Uni<Set<String>> mercadopagoIdsSince(long sellerId, OffsetDateTime since) {
        return find("select i.mercadopagoId from Intent i where i.sellerId = ?1 and i.createdAt >= ?2"
                + " and i.mercadopagoId is not null", sellerId, since).project(String.class).list()
                .map(HashSet::new);
    }

    /**
     * A page of intents, newest first, after the keyset position {@code (createdAt, id)} when given.
     *
     * @param sellerId the seller, or null for every seller
     */
    public Uni<List<Intent>> page(Long sellerId, String deviceId, PointIntentState state, OffsetDateTime afterCreatedAt,
            UUID afterId, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (sellerId != null) {
            query.append(" and sellerId = :seller");
            parameters.and("seller", sellerId);
        }
        if (deviceId != null) {
            query.append(" and deviceId = :device");
            parameters.and("device", deviceId);
        }
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        if (afterCreatedAt != null) {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            parameters.and("at", afterCreatedAt).and("id", afterId);
        }
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), parameters).page(0, limit).list();
    }

    /**
     * Claims up to {@code limit} intents whose check is due: their next check moves to {@code leaseUntil}, so another
     * sweep (in this replica or another) leaves them alone until then; the caller sets the real next check when done.
     */
    public Uni<List<UUID>> claimDue(OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        return pool.preparedQuery(CLAIM_DUE).execute(Tuple.of(now, leaseUntil, limit)).map(rows -> {
            List<UUID> ids = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getUUID("id"));
            }
            return ids;
        });
    }

    /** The payment intent a refund refunds. */
    public Uni<Optional<Intent>> paymentOf(Intent refund) {
        return refund.refundOf == null
                ? Uni.createFrom().item(Optional.empty())
                : findById(refund.refundOf).map(Optional::ofNullable);
    }
}
