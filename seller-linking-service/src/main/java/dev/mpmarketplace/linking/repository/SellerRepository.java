package dev.mpmarketplace.linking.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
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
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.SellerStatus;

/**
 * Sellers. The refresh leases are plain SQL on the reactive pool (one statement each), everything else Panache.
 * <p>
 * A lease is a row's {@code lease_owner} and {@code lease_until}, compared with the database's
 * {@code clock_timestamp()}: the one clock every replica shares, so a replica whose clock drifts can neither keep a
 * lapsed lease nor break a live one. Each statement below either changes the row under its lock or leaves it alone,
 * so two refreshers (in one replica or several) never hold the same seller; only the owner renews or releases its
 * lease.
 */
@ApplicationScoped
public class SellerRepository implements PanacheRepositoryBase<Seller, Long> {

    /** A lease as its owner holds it, with the pending mark the previous refresh left. */
    public record Lease(long userId, String owner, Integer previousPendingVersion) {
    }

    private static final String DUE = """
            SELECT user_id FROM seller
             WHERE status = 'LINKED' AND token_expires_at <= $1
               AND (next_refresh_attempt_at IS NULL OR next_refresh_attempt_at <= $2)
               AND (lease_until IS NULL OR lease_until < clock_timestamp())
               AND user_id <> ALL($3::bigint[])
             ORDER BY token_expires_at
             LIMIT $4""";

    private static final String LEASE_IF_DUE = """
            UPDATE seller SET lease_owner = $2, lease_until = clock_timestamp() + $3::bigint * interval '1 millisecond'
             WHERE user_id = $1 AND status = 'LINKED' AND token_expires_at <= $4
               AND (next_refresh_attempt_at IS NULL OR next_refresh_attempt_at <= $5)
               AND (lease_until IS NULL OR lease_until < clock_timestamp())
            RETURNING pending_refresh_version""";

    private static final String LEASE_NOW = """
            UPDATE seller SET lease_owner = $2, lease_until = clock_timestamp() + $3::bigint * interval '1 millisecond'
             WHERE user_id = $1 AND status = 'LINKED'
               AND (lease_until IS NULL OR lease_until < clock_timestamp())
            RETURNING pending_refresh_version""";

    private static final String CONFIRM = """
            UPDATE seller SET lease_until = clock_timestamp() + $3::bigint * interval '1 millisecond',
                   pending_refresh_version = $4, pending_refresh_at = $5
             WHERE user_id = $1 AND lease_owner = $2 AND lease_until > clock_timestamp() AND status = 'LINKED'
            RETURNING user_id""";

    private static final String RELEASE = """
            UPDATE seller SET lease_owner = NULL, lease_until = NULL,
                   pending_refresh_version = CASE WHEN pending_refresh_version = $3 THEN NULL
                                                  ELSE pending_refresh_version END
             WHERE user_id = $1 AND lease_owner = $2""";

    private final Pool pool;

    public SellerRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Up to {@code limit} LINKED sellers whose token expires before {@code due}, not waiting for a back-off, not
     * leased by a live lease and not in {@code except}, earliest expiry first. Leases nothing: each is leased just
     * before its refresh ({@link #leaseIfDue}).
     */
    public Uni<List<Long>> due(OffsetDateTime now, OffsetDateTime due, Collection<Long> except, int limit) {
        return pool.preparedQuery(DUE).execute(Tuple.of(due, now, except.toArray(Long[]::new), limit))
                .map(SellerRepository::userIds);
    }

    /** Leases the seller for {@code lease} if it is still due and free; empty when not. */
    public Uni<Optional<Lease>> leaseIfDue(long userId, String owner, Duration lease, OffsetDateTime now,
            OffsetDateTime due) {
        return pool.preparedQuery(LEASE_IF_DUE).execute(Tuple.tuple(List.of(userId, owner, lease.toMillis(), due, now)))
                .map(rows -> lease(rows, userId, owner));
    }

    /** Leases a LINKED seller for {@code lease}, whatever its expiry; empty when it is not LINKED or leased. */
    public Uni<Optional<Lease>> leaseNow(long userId, String owner, Duration lease) {
        return pool.preparedQuery(LEASE_NOW).execute(Tuple.of(userId, owner, lease.toMillis()))
                .map(rows -> lease(rows, userId, owner));
    }

    /**
     * The check right before {@code /oauth/token}: if the lease is still the owner's and live (and the seller still
     * LINKED), renews it for {@code lease} from now and marks {@code secretVersion}'s refresh token as being spent.
     *
     * @return false when the lease lapsed or passed to another owner: the refresh must not call Mercado Pago
     */
    public Uni<Boolean> confirm(Lease held, Duration lease, int secretVersion, OffsetDateTime now) {
        return pool.preparedQuery(CONFIRM)
                .execute(Tuple.tuple(List.of(held.userId(), held.owner(), lease.toMillis(), secretVersion, now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Gives a lease back without any other change, if its owner still holds it; clears the pending mark of
     * {@code spentVersion} (the call's outcome is known), or none when {@code null}.
     */
    public Uni<Void> release(Lease held, Integer spentVersion) {
        return pool.preparedQuery(RELEASE).execute(Tuple.of(held.userId(), held.owner(), spentVersion))
                .replaceWithVoid();
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

    private static Optional<Lease> lease(RowSet<Row> rows, long userId, String owner) {
        if (rows.rowCount() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Lease(userId, owner, row.getInteger("pending_refresh_version")));
    }

    private static List<Long> userIds(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getLong("user_id"));
        }
        return ids;
    }
}
