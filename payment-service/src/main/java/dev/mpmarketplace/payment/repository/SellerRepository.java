package dev.mpmarketplace.payment.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.payment.Seller;
import dev.mpmarketplace.payment.SellerLinkStatus;

/** What the service knows of sellers: their link's state and the sweep's position and lease. */
@ApplicationScoped
public class SellerRepository implements PanacheRepositoryBase<Seller, Long> {

    private static final String KNOW = """
            INSERT INTO seller (seller_id, link_status, link_changed_at) VALUES (:sellerId, 'LINKED', :now)
            ON CONFLICT (seller_id) DO NOTHING""";

    private static final String LINK_STATUS = """
            INSERT INTO seller (seller_id, link_status, link_changed_at) VALUES (:sellerId, :status, :changedAt)
            ON CONFLICT (seller_id) DO UPDATE SET link_status = EXCLUDED.link_status,
                   link_changed_at = EXCLUDED.link_changed_at
             WHERE seller.link_changed_at <= EXCLUDED.link_changed_at""";

    private static final String LEASE_SWEEP = """
            UPDATE seller s SET sweep_lease_owner = $1, sweep_lease_until = $2
             WHERE s.seller_id IN (
                   SELECT seller_id FROM seller
                    WHERE link_status <> 'UNLINKED'
                      AND (sweep_lease_until IS NULL OR sweep_lease_until < $3)
                      AND (last_swept_at IS NULL OR last_swept_at <= $4)
                    ORDER BY last_swept_at NULLS FIRST
                    LIMIT $5
                    FOR UPDATE SKIP LOCKED)
            RETURNING s.seller_id, s.swept_until""";

    private final Pool pool;

    public SellerRepository(Pool pool) {
        this.pool = pool;
    }

    /** In the caller's transaction: a seller the platform just acted for with a working token is known as linked. */
    public Uni<Void> know(long sellerId, OffsetDateTime now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(KNOW)
                .setParameter("sellerId", sellerId).setParameter("now", now).executeUpdate()).replaceWithVoid();
    }

    /**
     * In the caller's transaction: records what seller-linking-service said at {@code changedAt}, unless it already
     * recorded something it said later (events about one seller are ordered, but a replay is not).
     *
     * @return whether the record changed
     */
    public Uni<Boolean> linkStatus(long sellerId, SellerLinkStatus status, OffsetDateTime changedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LINK_STATUS)
                .setParameter("sellerId", sellerId).setParameter("status", status.name())
                .setParameter("changedAt", changedAt).executeUpdate())
                .map(changed -> changed == 1);
    }

    /** One sweep lease: the seller and the position of its last sweep ({@code null} before the first). */
    public record SweepLease(long sellerId, String sweptUntil) {
    }

    /**
     * Leases up to {@code limit} sellers (not unlinked) not swept since {@code sweptBefore} and not held by a live
     * lease, in one statement.
     */
    public Uni<List<SweepLease>> leaseSweep(String owner, OffsetDateTime now, OffsetDateTime leaseUntil,
            OffsetDateTime sweptBefore, int limit) {
        return pool.preparedQuery(LEASE_SWEEP).execute(Tuple.of(owner, leaseUntil, now, sweptBefore, limit))
                .map(rows -> {
                    List<SweepLease> leases = new ArrayList<>();
                    for (Row row : rows) {
                        leases.add(new SweepLease(row.getLong("seller_id"), row.getString("swept_until")));
                    }
                    return leases;
                });
    }

    /** Ends a sweep lease, recording how far the sweep got. */
    public Uni<Void> sweepDone(long sellerId, String owner, String sweptUntil, OffsetDateTime now) {
        return pool.preparedQuery("UPDATE seller SET sweep_lease_owner = NULL, sweep_lease_until = NULL,"
                + " swept_until = COALESCE($1, swept_until), last_swept_at = $2"
                + " WHERE seller_id = $3 AND sweep_lease_owner = $4")
                .execute(Tuple.of(sweptUntil, now, sellerId, owner)).replaceWithVoid();
    }

    /** Gives a sweep lease back after a failure, without moving the position. */
    public Uni<Void> sweepFailed(long sellerId, String owner) {
        return pool.preparedQuery("UPDATE seller SET sweep_lease_owner = NULL, sweep_lease_until = NULL"
                + " WHERE seller_id = $1 AND sweep_lease_owner = $2").execute(Tuple.of(sellerId, owner))
                .replaceWithVoid();
    }

    /** The oldest successful sweep among sellers that are not unlinked; {@code null} when none was swept. */
    public Uni<OffsetDateTime> oldestSweep() {
        return pool.query("SELECT min(COALESCE(last_swept_at, link_changed_at)) AS oldest FROM seller"
                + " WHERE link_status <> 'UNLINKED'").execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("oldest"));
    }
}
