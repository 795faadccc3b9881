package dev.mpmarketplace.orders.repository;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.OrderOrigin;
import dev.mpmarketplace.orders.OrderStatus;
import dev.mpmarketplace.orders.OrderStatusColumn;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * Orders: read through Hibernate Reactive for the queries, and locked, inserted and updated on a connection of the
 * reactive SQL client where a fact is applied ({@code OrderProjection}: every fact goes through there, so a session's
 * cost is not paid per record).
 */
@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, UUID> {

    /** Every column of {@code orders}, the key first: the order of {@link #values} and of the statements. */
    private static final List<String> COLUMNS = List.of("id", "seller_id", "reference", "origin",
            "mercadolibre_order_id", "status", "status_detail", "visible_to_seller", "site_id", "currency_id",
            "total_amount", "paid_amount", "refunded_amount", "tags", "seller_nickname", "buyer_id", "buyer_nickname",
            "buyer_first_name", "buyer_last_name", "buyer_email", "items", "cancel_detail", "pack_id", "shipping_id",
            "date_created", "date_closed", "last_updated", "mercadolibre_last_updated", "mercadolibre_fact_id",
            "version", "timeline_size", "changed_at");
    private static final String LOCK_ID = "SELECT pg_advisory_xact_lock($1)";
    private static final String FIND = Statements.select("orders", COLUMNS, "id = $1");
    private static final String INSERT = Statements.insert("orders", COLUMNS);
    private static final String UPDATE = Statements.update("orders", COLUMNS, 1);
    private static final OrderStatusColumn STATUS = new OrderStatusColumn();
    private static final String REFERENCE_OF_PAYMENT = """
            SELECT o.reference FROM orders o JOIN order_payments p ON p.order_id = o.id
            WHERE p.seller_id = $1 AND p.mercadopago_payment_id = $2 LIMIT 1""";

    private final Pool pool;

    public OrderRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * On a connection in the caller's transaction: the order's lock, held until the transaction ends, whether or not
     * the order exists yet. Facts about an order the model does not have yet (a burst of notifications and payment
     * events about a new sale, on several lanes or replicas) would otherwise all find no row to lock and race to
     * insert it, and all but one fail and be fetched again; with this lock they wait for the first, then find its row.
     * A transaction-scoped advisory lock on a 64-bit digest of the id: two orders sharing a digest only wait for each
     * other.
     */
    public Uni<Void> lock(SqlClient connection, UUID id) {
        return connection.preparedQuery(LOCK_ID)
                .execute(Tuple.of(id.getMostSignificantBits() ^ id.getLeastSignificantBits())).replaceWithVoid();
    }

    /**
     * On a connection in the caller's transaction, after {@link #lock}: the order; {@code null} when the model has no
     * such order. No row lock of its own: every writer of an order holds the order's lock, so a second one (which
     * would also mark the row and write a WAL record) adds nothing.
     */
    public Uni<Order> find(SqlClient connection, UUID id) {
        return connection.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : order(rows.iterator().next()));
    }

    /** On a connection in the caller's transaction: a new order. */
    public Uni<Void> insert(SqlClient connection, Order order) {
        return connection.preparedQuery(INSERT).execute(values(order)).replaceWithVoid();
    }

    /** On a connection in the caller's transaction, under {@link #lock}: every column of the order as it is now. */
    public Uni<Void> update(SqlClient connection, Order order) {
        return connection.preparedQuery(UPDATE).execute(values(order)).invoke(rows -> {
            if (rows.rowCount() != 1) {
                throw new IllegalStateException("order " + order.id + " not updated");
            }
        }).replaceWithVoid();
    }

    private static Tuple values(Order order) {
        return Tuple.from(Arrays.asList(order.id, order.sellerId, order.reference, order.origin.name(),
                order.mercadolibreOrderId, STATUS.convertToDatabaseColumn(order.status), order.statusDetail,
                order.visibleToSeller, order.siteId, order.currencyId, order.totalAmount, order.paidAmount,
                order.refundedAmount, order.tags, order.sellerNickname, order.buyerId, order.buyerNickname,
                order.buyerFirstName, order.buyerLastName, order.buyerEmail, order.items, order.cancelDetail,
                order.packId, order.shippingId, order.dateCreated, order.dateClosed, order.lastUpdated,
                order.mercadolibreLastUpdated, order.mercadolibreFactId, order.version, order.timelineSize,
                order.changedAt));
    }

    private static Order order(Row row) {
        Order order = new Order();
        order.id = row.getUUID("id");
        order.sellerId = row.getLong("seller_id");
        order.reference = row.getString("reference");
        order.origin = OrderOrigin.valueOf(row.getString("origin"));
        order.mercadolibreOrderId = row.getLong("mercadolibre_order_id");
        order.status = STATUS.convertToEntityAttribute(row.getString("status"));
        order.statusDetail = row.getString("status_detail");
        order.visibleToSeller = row.getBoolean("visible_to_seller");
        order.siteId = row.getString("site_id");
        order.currencyId = row.getString("currency_id");
        order.totalAmount = row.getBigDecimal("total_amount");
        order.paidAmount = row.getBigDecimal("paid_amount");
        order.refundedAmount = row.getBigDecimal("refunded_amount");
        order.tags = row.getString("tags");
        order.sellerNickname = row.getString("seller_nickname");
        order.buyerId = row.getLong("buyer_id");
        order.buyerNickname = row.getString("buyer_nickname");
        order.buyerFirstName = row.getString("buyer_first_name");
        order.buyerLastName = row.getString("buyer_last_name");
        order.buyerEmail = row.getString("buyer_email");
        order.items = row.getString("items");
        order.cancelDetail = row.getString("cancel_detail");
        order.packId = row.getLong("pack_id");
        order.shippingId = row.getLong("shipping_id");
        order.dateCreated = row.getOffsetDateTime("date_created");
        order.dateClosed = row.getOffsetDateTime("date_closed");
        order.lastUpdated = row.getOffsetDateTime("last_updated");
        order.mercadolibreLastUpdated = row.getOffsetDateTime("mercadolibre_last_updated");
        order.mercadolibreFactId = row.getString("mercadolibre_fact_id");
        order.version = row.getLong("version");
        order.timelineSize = row.getInteger("timeline_size");
        order.changedAt = row.getOffsetDateTime("changed_at");
        return order;
    }

    /**
     * Mercado Libre orders that may still change and have not changed since {@code unchangedSince}, created after
     * {@code createdAfter}, the longest unchanged first: what the periodic re-read fetches.
     */
    public Uni<List<Order>> unsettledMercadoLibreOrders(OffsetDateTime unchangedSince, OffsetDateTime createdAfter,
            int limit) {
        List<OrderStatus> unsettled = java.util.Arrays.stream(OrderStatus.values()).filter(OrderStatus::isUnsettled)
                .toList();
        return find("origin = :origin and status in :statuses and changedAt < :since and dateCreated > :after"
                + " order by changedAt",
                Parameters.with("origin", OrderOrigin.MERCADOLIBRE)
                        .and("statuses", unsettled).and("since", unchangedSince).and("after", createdAfter))
                .page(0, limit).list();
    }

    /**
     * The reference of the order a seller's Mercado Pago payment belongs to, if the model has it: one statement on
     * the pool (every payment event asks), answered on the caller's context.
     */
    public Uni<Optional<String>> referenceOfPayment(long sellerId, long mercadopagoPaymentId) {
        return CallerContext.resume(pool.preparedQuery(REFERENCE_OF_PAYMENT)
                .execute(Tuple.of(sellerId, mercadopagoPaymentId)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }
}
