package dev.mpmarketplace.orders.repository;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.orders.OrderRefund;

/**
 * Refunds of orders' payments: read through Hibernate Reactive, and read and added on a connection where a fact is
 * applied (a refund, once known, never changes).
 */
@ApplicationScoped
public class OrderRefundRepository implements PanacheRepositoryBase<OrderRefund, OrderRefund.Key> {

    /** Every column of {@code order_refunds}: the order of {@link #values} and of the statements. */
    private static final List<String> COLUMNS = List.of("order_id", "refund_id", "mercadopago_payment_id", "amount",
            "currency_id", "refunded_at");
    private static final String OF_ORDER = Statements.select("order_refunds", COLUMNS, "order_id = $1")
            + " ORDER BY refund_id";
    private static final String INSERT = Statements.insert("order_refunds", COLUMNS);

    /** An order's refunds, by refund id. */
    public Uni<List<OrderRefund>> ofOrder(UUID orderId) {
        return list("orderId", Sort.by("refundId"), orderId);
    }

    /** On a connection in the caller's transaction: an order's refunds, by refund id. */
    public Uni<List<OrderRefund>> ofOrder(SqlClient connection, UUID orderId) {
        return Statements.list(connection, OF_ORDER, Tuple.of(orderId), OrderRefundRepository::refund);
    }

    /** On a connection in the caller's transaction: new refunds, in one batch. */
    public Uni<Void> insert(SqlClient connection, List<OrderRefund> refunds) {
        return Statements.batch(connection, INSERT, refunds, OrderRefundRepository::values);
    }

    private static Tuple values(OrderRefund refund) {
        return Tuple.from(Arrays.asList(refund.orderId, refund.refundId, refund.mercadopagoPaymentId, refund.amount,
                refund.currencyId, refund.refundedAt));
    }

    private static OrderRefund refund(Row row) {
        OrderRefund refund = new OrderRefund();
        refund.orderId = row.getUUID("order_id");
        refund.refundId = row.getLong("refund_id");
        refund.mercadopagoPaymentId = row.getLong("mercadopago_payment_id");
        refund.amount = row.getBigDecimal("amount");
        refund.currencyId = row.getString("currency_id");
        refund.refundedAt = row.getOffsetDateTime("refunded_at");
        return refund;
    }
}
