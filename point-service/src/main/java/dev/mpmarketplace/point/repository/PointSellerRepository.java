package dev.mpmarketplace.point.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.point.PointSeller;

/**
 * Sellers' Point set-ups. A registration attempt claims its seller with one statement (the next attempt moves past
 * the attempt's lease), so two replicas never register one seller at once.
 */
@ApplicationScoped
public class PointSellerRepository implements PanacheRepositoryBase<PointSeller, Long> {

    private static final String DUE = """
            SELECT seller_id FROM point_seller
             WHERE registration IN ('PENDING', 'FAILED') AND next_attempt_at <= $1
             ORDER BY next_attempt_at LIMIT $2""";

    private static final String CLAIM = """
            UPDATE point_seller SET next_attempt_at = $3, last_attempt_at = $2
             WHERE seller_id = $1 AND enabled AND adapter = 'INTEGRATION_API'
               AND registration IN ('PENDING', 'FAILED') AND next_attempt_at <= $2
            RETURNING seller_id""";

    private final Pool pool;

    public PointSellerRepository(Pool pool) {
        this.pool = pool;
    }

    /** Sellers whose registration is due. */
    public Uni<List<Long>> registrationsDue(OffsetDateTime now, int limit) {
        return pool.preparedQuery(DUE).execute(Tuple.of(now, limit)).map(rows -> {
            List<Long> ids = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getLong("seller_id"));
            }
            return ids;
        });
    }

    /** Claims the seller's due registration until {@code leaseUntil}; false when it is not due (or taken). */
    public Uni<Boolean> claimRegistration(long sellerId, OffsetDateTime now, OffsetDateTime leaseUntil) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(sellerId, now, leaseUntil))
                .map(rows -> rows.rowCount() == 1);
    }
}
