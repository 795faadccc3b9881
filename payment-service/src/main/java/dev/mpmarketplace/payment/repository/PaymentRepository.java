package dev.mpmarketplace.payment.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentStatus;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * Payments. Leases for the resolver and the gauges go through plain SQL on the reactive pool (one statement each,
 * {@code FOR UPDATE SKIP LOCKED}), everything else through Panache in the caller's session.
 */
@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, UUID> {

    private static final String LEASE_UNRESOLVED = """
            UPDATE payment p SET next_resolution_at = $1
             WHERE p.id IN (
                   SELECT id FROM payment
                    WHERE status IN ('submitting', 'unknown') AND next_resolution_at <= $2
                    ORDER BY next_resolution_at
                    LIMIT $3
                    FOR UPDATE SKIP LOCKED)
            RETURNING p.id""";

    /*
     * The create path's two statements go straight to the pool (one round trip each, no session): the claim writes the
     * payment and its first timeline entry in one statement (autocommit), or nothing when the key is taken. Its
     * columns are those of Payment.submitted and PaymentStatusChange.of; keep them in step.
     */
    private static final String PRECHECK = """
            SELECT (SELECT id FROM payment WHERE idempotency_key = $1) AS existing,
                   (SELECT link_status FROM seller WHERE seller_id = $2) AS link_status""";

    private static final String CLAIM = """
            WITH claimed AS (
                INSERT INTO payment (id, seller_id, origin, idempotency_key, request_fingerprint, submission, status,
                                     external_reference, transaction_amount, currency_id, application_fee,
                                     transaction_amount_refunded, created_at, updated_at, next_resolution_at,
                                     resolution_attempts, change_count)
                VALUES ($1, $2, 'PLATFORM', $3, $4, $5, 'submitting', $6, $7, $8, $9, 0, $10, $10, $11, 0, 1)
                ON CONFLICT (idempotency_key) DO NOTHING
                RETURNING id)
            INSERT INTO payment_status_change (payment_id, seq, status, source, observed_at)
            SELECT id, 1, 'submitting', 'request', $10 FROM claimed
            RETURNING payment_id""";

    /*
     * A payment notification's one read before its fetch: the seller the platform knows the payment by (none when the
     * payment is not known yet) and the link of the seller whose token will fetch it (that one, else the seller the
     * notification names, $2, which may be null).
     */
    private static final String COLLECTOR = """
            SELECT p.seller_id AS known_seller,
                   (SELECT link_status FROM seller WHERE seller_id = COALESCE(p.seller_id, $2)) AS link_status
              FROM (SELECT 1) AS one LEFT JOIN payment p ON p.mercadopago_payment_id = $1""";

    /**
     * Whose token fetches a payment a notification names.
     *
     * @param sellerId the seller the platform knows the payment by, else the one the notification named ({@code null}:
     *        neither)
     * @param linkStatus that seller's link as this service last heard of it ({@code null}: never heard of)
     */
    public record Collector(Long sellerId, String linkStatus) {
    }

    /* Every column of the entity, for the paths that read a payment without a session (Payment's fields; keep in step). */
    private static final String COLUMNS = """
            id, seller_id, origin, idempotency_key, request_fingerprint, submission, status, status_detail,
            mercadopago_payment_id, external_reference, transaction_amount, currency_id, application_fee,
            transaction_amount_refunded, captured, mercadopago_last_updated, provider_payment, refusal, preference_id,
            created_at, updated_at, next_resolution_at, resolution_attempts, change_count""";
    private static final String LOCK_BY_MERCADOPAGO_ID = "SELECT " + COLUMNS
            + " FROM payment WHERE mercadopago_payment_id = $1 FOR UPDATE";

    private final Pool pool;

    public PaymentRepository(Pool pool) {
        this.pool = pool;
    }

    /** The payment, locked for the rest of the transaction. */
    public Uni<Payment> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The seller whose token fetches the payment with this Mercado Pago id, and that seller's link, in one statement on
     * the pool (no session); answered on the caller's context.
     *
     * @param notifiedSeller the seller the notification names ({@code null}: none), used when the payment is unknown
     */
    public Uni<Collector> collectorOf(long mercadopagoPaymentId, Long notifiedSeller) {
        return CallerContext.resume(pool.preparedQuery(COLLECTOR)
                .execute(Tuple.tuple().addLong(mercadopagoPaymentId).addLong(notifiedSeller))).map(rows -> {
                    Row row = rows.iterator().next();
                    Long known = row.getLong("known_seller");
                    return new Collector(known != null ? known : notifiedSeller, row.getString("link_status"));
                });
    }

    /**
     * On a connection in the caller's transaction ({@code pool.withTransaction}, no session): the payment with this
     * Mercado Pago id, its row locked for the rest of the transaction, as a detached instance; {@code null} when
     * unknown.
     */
    public Uni<Payment> lockByMercadoPagoId(SqlClient connection, long mercadopagoPaymentId) {
        return connection.preparedQuery(LOCK_BY_MERCADOPAGO_ID).execute(Tuple.of(mercadopagoPaymentId))
                .map(rows -> rows.size() == 0 ? null : payment(rows.iterator().next()));
    }

    private static Payment payment(Row row) {
        Payment payment = new Payment();
        payment.id = row.getUUID("id");
        payment.sellerId = row.getLong("seller_id");
        payment.origin = Payment.Origin.valueOf(row.getString("origin"));
        payment.idempotencyKey = row.getString("idempotency_key");
        payment.requestFingerprint = row.getString("request_fingerprint");
        payment.submission = row.getString("submission");
        payment.status = row.getString("status");
        payment.statusDetail = row.getString("status_detail");
        payment.mercadopagoPaymentId = row.getLong("mercadopago_payment_id");
        payment.externalReference = row.getString("external_reference");
        payment.transactionAmount = row.getBigDecimal("transaction_amount");
        payment.currencyId = row.getString("currency_id");
        payment.applicationFee = row.getBigDecimal("application_fee");
        payment.transactionAmountRefunded = row.getBigDecimal("transaction_amount_refunded");
        payment.captured = row.getBoolean("captured");
        payment.mercadopagoLastUpdated = row.getOffsetDateTime("mercadopago_last_updated");
        payment.providerPayment = row.getString("provider_payment");
        payment.refusal = row.getString("refusal");
        payment.preferenceId = row.getString("preference_id");
        payment.createdAt = row.getOffsetDateTime("created_at");
        payment.updatedAt = row.getOffsetDateTime("updated_at");
        payment.nextResolutionAt = row.getOffsetDateTime("next_resolution_at");
        payment.resolutionAttempts = row.getInteger("resolution_attempts");
        payment.changeCount = row.getLong("change_count");
        return payment;
    }

    /** The payment with this Mercado Pago id, locked for the rest of the transaction; {@code null} when unknown. */
    public Uni<Payment> lockByMercadoPagoId(long mercadopagoPaymentId) {
        return find("mercadopagoPaymentId", mercadopagoPaymentId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The payment created with this key; {@code null} when none. */
    public Uni<Payment> findByIdempotencyKey(String idempotencyKey) {
        return find("idempotencyKey", idempotencyKey).firstResult();
    }

    /**
     * What a create request needs to know first, in one statement.
     *
     * @param existing the payment already created with the key, or {@code null}
     * @param linkStatus the seller's link state as the service knows it, or {@code null}
     */
    public record Precheck(UUID existing, String linkStatus) {
    }

    public Uni<Precheck> precheck(String idempotencyKey, long sellerId) {
        return pool.preparedQuery(PRECHECK).execute(Tuple.of(idempotencyKey, sellerId)).map(rows -> {
            Row row = rows.iterator().next();
            return new Precheck(row.getUUID("existing"), row.getString("link_status"));
        });
    }

    /**
     * Stores a payment that is about to be asked of Mercado Pago, with its first timeline entry, in one statement.
     *
     * @return {@code false} when another payment holds the key (nothing was written)
     */
    public Uni<Boolean> claim(Payment payment) {
        return pool.preparedQuery(CLAIM).execute(Tuple.from(java.util.Arrays.asList(payment.id, payment.sellerId,
                payment.idempotencyKey, payment.requestFingerprint, payment.submission, payment.externalReference,
                payment.transactionAmount, payment.currencyId, payment.applicationFee, payment.createdAt,
                payment.nextResolutionAt))).map(rows -> rows.size() == 1);
    }

    /**
     * Takes up to {@code limit} payments whose creation's outcome is unknown and due, pushing their next attempt to
     * {@code leaseUntil}, in one statement: two resolvers (in one or several replicas) never take the same payment.
     */
    public Uni<List<UUID>> leaseUnresolved(OffsetDateTime now, OffsetDateTime leaseUntil, int limit) {
        return pool.preparedQuery(LEASE_UNRESOLVED).execute(Tuple.of(leaseUntil, now, limit))
                .map(PaymentRepository::ids);
    }

    /** Payments still submitting or unknown that were created before {@code before}. */
    public Uni<Long> countUnresolvedCreatedBefore(OffsetDateTime before) {
        return pool.preparedQuery("SELECT count(*) AS n FROM payment WHERE status IN ('submitting', 'unknown')"
                + " AND created_at < $1").execute(Tuple.of(before))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The Mercado Pago ids of the seller's payments that Mercado Pago may still change by itself. */
    public Uni<List<Long>> openMercadoPagoIds(long sellerId, int limit) {
        return pool.preparedQuery("SELECT mercadopago_payment_id FROM payment WHERE seller_id = $1"
                + " AND status IN ('pending', 'in_process', 'authorized', 'in_mediation')"
                + " AND mercadopago_payment_id IS NOT NULL ORDER BY updated_at LIMIT $2")
                .execute(Tuple.of(sellerId, limit)).map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong(0)));
                    return ids;
                });
    }

    /** The ids of the seller's payments whose creation's outcome is not known yet. */
    public Uni<List<UUID>> unresolvedOf(long sellerId) {
        return pool.preparedQuery("SELECT id FROM payment WHERE seller_id = $1"
                + " AND status IN ('submitting', 'unknown')").execute(Tuple.of(sellerId))
                .map(PaymentRepository::ids);
    }

    /**
     * A page of payments, newest first, after the keyset {@code (createdAt, id)} of the previous page's last one.
     *
     * @param limit at most this many
     */
    public Uni<List<Payment>> page(Optional<Long> sellerId, Optional<PaymentStatus> status,
            Optional<OffsetDateTime> from, Optional<OffsetDateTime> to, Optional<Keyset> after, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        sellerId.ifPresent(s -> {
            query.append(" and sellerId = :seller");
            parameters.put("seller", s);
        });
        status.ifPresent(s -> {
            query.append(" and status = :status");
            parameters.put("status", s.word());
        });
        from.ifPresent(f -> {
            query.append(" and createdAt >= :from");
            parameters.put("from", f);
        });
        to.ifPresent(t -> {
            query.append(" and createdAt < :to");
            parameters.put("to", t);
        });
        after.ifPresent(k -> {
            query.append(" and (createdAt < :afterCreated or (createdAt = :afterCreated and id < :afterId))");
            parameters.put("afterCreated", k.createdAt());
            parameters.put("afterId", k.id());
        });
        query.append(" order by createdAt desc, id desc");
        return find(query.toString(), parameters).page(0, limit).list();
    }

    /** A position in the listing: the last payment of a page. */
    public record Keyset(OffsetDateTime createdAt, UUID id) {
    }

    private static List<UUID> ids(RowSet<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getUUID(0));
        }
        return ids;
    }
}
