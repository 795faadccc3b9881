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

import dev.mpmarketplace.orders.OrderPayment;

/** Orders' payments: read through Hibernate Reactive, and read and written on a connection where a fact is applied. */
@ApplicationScoped
public class OrderPaymentRepository implements PanacheRepositoryBase<OrderPayment, OrderPayment.Key> {

    /** Every column of {@code order_payments}, the key first: the order of {@link #values} and of the statements. */
    private static final List<String> COLUMNS = List.of("order_id", "payment_key", "seller_id",
            "mercadopago_payment_id", "payment_id", "status", "status_detail", "transaction_amount",
            "total_paid_amount", "refunded_amount", "currency_id", "payment_method_id", "payment_type", "installments",
            "operation_type", "tags", "date_created", "date_approved", "date_last_modified", "source");
    private static final String OF_ORDER = Statements.select("order_payments", COLUMNS, "order_id = $1")
            + " ORDER BY payment_key";
    private static final String INSERT = Statements.insert("order_payments", COLUMNS);
    private static final String UPDATE = Statements.update("order_payments", COLUMNS, 2);

    /** An order's payments, by key. */
    public Uni<List<OrderPayment>> ofOrder(UUID orderId) {
        return list("orderId", Sort.by("paymentKey"), orderId);
    }

    /** On a connection in the caller's transaction: an order's payments, by key. */
    public Uni<List<OrderPayment>> ofOrder(SqlClient connection, UUID orderId) {
        return Statements.list(connection, OF_ORDER, Tuple.of(orderId), OrderPaymentRepository::payment);
    }

    /** On a connection in the caller's transaction: new payments, in one batch. */
    public Uni<Void> insert(SqlClient connection, List<OrderPayment> payments) {
        return Statements.batch(connection, INSERT, payments, OrderPaymentRepository::values);
    }

    /** On a connection in the caller's transaction: payments as they are now, in one batch. */
    public Uni<Void> update(SqlClient connection, List<OrderPayment> payments) {
        return Statements.batch(connection, UPDATE, payments, OrderPaymentRepository::values);
    }

    private static Tuple values(OrderPayment payment) {
        return Tuple.from(Arrays.asList(payment.orderId, payment.paymentKey, payment.sellerId,
                payment.mercadopagoPaymentId, payment.paymentId, payment.status, payment.statusDetail,
                payment.transactionAmount, payment.totalPaidAmount, payment.refundedAmount, payment.currencyId,
                payment.paymentMethodId, payment.paymentType, payment.installments, payment.operationType,
                payment.tags, payment.dateCreated, payment.dateApproved, payment.dateLastModified, payment.source));
    }

    private static OrderPayment payment(Row row) {
        OrderPayment payment = new OrderPayment();
        payment.orderId = row.getUUID("order_id");
        payment.paymentKey = row.getString("payment_key");
        payment.sellerId = row.getLong("seller_id");
        payment.mercadopagoPaymentId = row.getLong("mercadopago_payment_id");
        payment.paymentId = row.getString("payment_id");
        payment.status = row.getString("status");
        payment.statusDetail = row.getString("status_detail");
        payment.transactionAmount = row.getBigDecimal("transaction_amount");
        payment.totalPaidAmount = row.getBigDecimal("total_paid_amount");
        payment.refundedAmount = row.getBigDecimal("refunded_amount");
        payment.currencyId = row.getString("currency_id");
        payment.paymentMethodId = row.getString("payment_method_id");
        payment.paymentType = row.getString("payment_type");
        payment.installments = row.getInteger("installments");
        payment.operationType = row.getString("operation_type");
        payment.tags = row.getString("tags");
        payment.dateCreated = row.getOffsetDateTime("date_created");
        payment.dateApproved = row.getOffsetDateTime("date_approved");
        payment.dateLastModified = row.getOffsetDateTime("date_last_modified");
        payment.source = row.getString("source");
        return payment;
    }
}
