package dev.mpmarketplace.linking.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.SellerStatus;

/**
 * Sellers. The refresh lease is taken with plain SQL on the reactive pool ({@code FOR UPDATE SKIP LOCKED} in one
 * statement), everything else through Panache.
 */
@ApplicationScoped
public class SellerRepository implements PanacheRepositoryBase<Seller, Long> {

    private static final String LEASE_DUE = """
            UPDATE seller s SET lease_owner = $1, lease_until = $2
             WHERE s.user_id IN (
                   SELECT user_id FROM seller
                    WHERE status = 'LINKED' AND token_expires_at <= $3
                      AND (next_refresh_attempt_at IS NULL OR next_refresh_attempt_at <= $4)
                      AND (lease_until IS NULL OR lease_until < $4)
                    ORDER BY token_expires_at
                    LIMIT $5
                    FOR UPDATE SKIP LOCKED)
            RETURNING s.user_id""";

    private static final String LEASE_ONE = """
            UPDATE seller s SET lease_owner = $1, lease_until = $2
             WHERE s.user_id IN (
                   SELECT user_id FROM seller
                    WHERE user_id = $3 AND status = 'LINKED' AND (lease_until IS NULL OR lease_until < $4)
                    FOR UPDATE SKIP LOCKED)
            RETURNING s.user_id""";

    private static final String RELEASE = "UPDATE seller SET lease_owner = NULL, lease_until = NULL"
            + " WHERE user_id = $1 AND lease_owner = $2";

    private final Pool pool;

    public SellerRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Leases up to {@code batchSize} LINKED sellers whose token expires before {@code due}, that are not waiting for
     * a back-off and not leased by a live lease; in one statement, so two sweeps (in one or several replicas) never
     * lease the same seller.
     */
    public Uni<List<Long>> leaseDue(String owner, OffsetDateTime now, OffsetDateTime due, OffsetDateTime leaseUntil,
            int batchSize) {
        return pool.preparedQuery(LEASE_DUE).execute(Tuple.of(owner, leaseUntil, due, now, batchSize))
                .map(SellerRepository::userIds);
    }

    /** Leases one LINKED seller now, whatever its expiry; empty when another refresher holds it. */
    public Uni<Optional<Long>> leaseOne(long userId, String owner, OffsetDateTime now, OffsetDateTime leaseUntil) {
        return pool.preparedQuery(LEASE_ONE).execute(Tuple.of(owner, leaseUntil, userId, now))
                .map(rows -> userIds(rows).stream().findFirst());
    }

    /** Gives a lease back without a change (the refresh could not even start). */
    public Uni<Void> release(long userId, String owner) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(userId, owner)).replaceWithVoid();
    }

    /** Sellers per status, every status present (0 when none). */
    public Uni<Map<SellerStatus, Long>> countByStatus() {
        return pool.query("SELECT status, count(*) AS n FROM seller GROUP BY status").execute().map(rows -> {
            Map<SellerStatus, Long> counts = new EnumMap<>(SellerStatus.class);
            for (SellerStatus status : SellerStatus.values()) {
                counts.put(status, 0L);
            }
            for (Row row : rows) {
                counts.put(SellerStatus.valueOf(row.getString("status")), row.getLong("n"));
            }
            return counts;
        });
    }

    /** The earliest token expiry among LINKED sellers. */
    public Uni<Optional<OffsetDateTime>> earliestExpiry() {
        return pool.query("SELECT min(token_expires_at) AS e FROM seller WHERE status = 'LINKED'").execute()
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("e")));
    }

    /** A page of sellers, optionally of one status, by user id. */
    public Uni<List<Seller>> page(Optional<SellerStatus> status, int pageIndex, int size) {
        Sort sort = Sort.by("userId");
        Page page = Page.of(pageIndex, size);
        return status.map(s -> find("status", sort, s).page(page).list())
                .orElseGet(() -> findAll(sort).page(page).list());
    }

    private static List<Long> userIds(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong("user_id"));
        }
        return ids;
    }
}
