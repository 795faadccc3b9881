package dev.mpmarketplace.mercadopago.client.mercadolibre;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;

/**
 * A Mercado Libre order as {@code GET /orders/{id}} answers it (seed 001, reference 7 and 12.c): the fields a read model
 * of orders keeps, typed. Not kept: the buyer's phones and billing document, the seller's contact data, feedback,
 * mediations, taxes, the order request. Amounts are exact decimals; dates keep Mercado Libre's offset.
 *
 * @param id the order id (16 digits today)
 * @param status {@code confirmed}, {@code payment_required}, {@code payment_in_process}, {@code partially_paid},
 *        {@code paid}, {@code partially_refunded}, {@code pending_cancel}, {@code cancelled} or {@code invalid}
 * @param statusDetail Mercado Libre's detail: text, or the {@code code} of an object {@code {code, description}}
 *        (older answers)
 * @param siteId the site ({@code context.site}), when given
 * @param currencyId ISO 4217
 * @param totalAmount the order's total
 * @param paidAmount what the approved payments cover
 * @param tags {@code paid}, {@code not_paid}, {@code delivered}, {@code not_delivered}, {@code unfulfilled}, ...
 * @param dateCreated when the buyer bought
 * @param dateClosed when it was paid (Mercado Libre sets it then; {@code null} before)
 * @param lastUpdated when Mercado Libre last changed it: what orders two answers about one order
 * @param packId the pack (cart) it belongs to, when it belongs to one
 * @param shippingId the shipment ({@code shipping.id}), when there is one
 * @param hiddenForSeller whether Mercado Libre hides it from the seller (while Mercado Pago's mandatory payment is
 *        awaited), when it says
 * @param seller the seller
 * @param buyer the buyer: only its id while hidden from the seller
 * @param items the order's lines
 * @param payments its payments, in Mercado Libre's order
 * @param cancelDetail why it was cancelled, when it was
 */
public record MercadoLibreOrder(long id, String status, String statusDetail, String siteId, String currencyId,
        BigDecimal totalAmount, BigDecimal paidAmount, List<String> tags, OffsetDateTime dateCreated,
        OffsetDateTime dateClosed, OffsetDateTime lastUpdated, Long packId, Long shippingId, Boolean hiddenForSeller,
        Seller seller, Buyer buyer, List<Item> items, List<Payment> payments, CancelDetail cancelDetail) {

    public MercadoLibreOrder {
        tags = tags == null ? List.of() : List.copyOf(tags);
        items = items == null ? List.of() : List.copyOf(items);
        payments = payments == null ? List.of() : List.copyOf(payments);
    }

    /** The seller: its user id and nickname. */
    public record Seller(long id, String nickname) {
    }

    /** The buyer as the seller sees it. */
    public record Buyer(long id, String nickname, String firstName, String lastName, String email) {

        @Override
        public String toString() {
            return "Buyer[id=" + id + "]";
        }
    }

    /** One line of the order. */
    public record Item(String itemId, String title, String categoryId, Long variationId, String sellerSku,
            Integer quantity, BigDecimal unitPrice, BigDecimal fullUnitPrice, String currencyId) {
    }

    /**
     * One payment of the order (a {@code /v1/payments} payment of the seller's).
     *
     * @param tags the payment's tags in the order ({@code refund_account_money}: seed 001)
     */
    public record Payment(long id, String status, String statusDetail, BigDecimal transactionAmount,
            BigDecimal totalPaidAmount, BigDecimal transactionAmountRefunded, String currencyId,
            String paymentMethodId, String paymentType, Integer installments, String operationType,
            OffsetDateTime dateCreated, OffsetDateTime dateApproved, OffsetDateTime dateLastModified,
            List<String> tags) {

        public Payment {
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** Why the order was cancelled ({@code cancel_detail}). */
    public record CancelDetail(String group, String code, String description, String requestedBy,
            OffsetDateTime date) {
    }

    /**
     * Reads an order answer.
     *
     * @throws MercadoPagoException of kind {@code INVALID_RESPONSE} when the text is not an order (no numeric
     *         {@code id}, no {@code status}, no {@code seller.id})
     */
    public static MercadoLibreOrder parse(String operation, String json) {
        JsonNode node = MercadoPagoJson.object(operation, json);
        if (!node.path("id").canConvertToLong() || !node.path("status").isTextual()
                || MercadoPagoJson.longOrNull(node.path("seller").get("id")) == null) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                    "the answer is not a Mercado Libre order", null);
        }
        JsonNode seller = node.path("seller");
        JsonNode buyerNode = node.path("buyer");
        Long buyerId = MercadoPagoJson.longOrNull(buyerNode.get("id"));
        Buyer buyer = buyerId == null
                ? null
                : new Buyer(buyerId, MercadoPagoJson.text(buyerNode.get("nickname")),
                        MercadoPagoJson.text(buyerNode.get("first_name")),
                        MercadoPagoJson.text(buyerNode.get("last_name")),
                        MercadoPagoJson.text(buyerNode.get("email")));
        List<Item> items = new ArrayList<>();
        for (JsonNode line : node.path("order_items")) {
            JsonNode item = line.path("item");
            items.add(new Item(MercadoPagoJson.text(item.get("id")), MercadoPagoJson.text(item.get("title")),
                    MercadoPagoJson.text(item.get("category_id")), MercadoPagoJson.longOrNull(item.get("variation_id")),
                    MercadoPagoJson.text(item.get("seller_sku")), MercadoPagoJson.intOrNull(line.get("quantity")),
                    MercadoPagoJson.decimal(line.get("unit_price")),
                    MercadoPagoJson.decimal(line.get("full_unit_price")),
                    MercadoPagoJson.text(line.get("currency_id"))));
        }
        List<Payment> payments = new ArrayList<>();
        for (JsonNode payment : node.path("payments")) {
            if (!payment.path("id").canConvertToLong()) {
                throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, operation,
                        "a payment of the order has no id", null);
            }
            payments.add(new Payment(payment.get("id").asLong(), MercadoPagoJson.text(payment.get("status")),
                    MercadoPagoJson.text(payment.get("status_detail")),
                    MercadoPagoJson.decimal(payment.get("transaction_amount")),
                    MercadoPagoJson.decimal(payment.get("total_paid_amount")),
                    MercadoPagoJson.decimal(payment.get("transaction_amount_refunded")),
                    MercadoPagoJson.text(payment.get("currency_id")),
                    MercadoPagoJson.text(payment.get("payment_method_id")),
                    MercadoPagoJson.text(payment.get("payment_type")),
                    MercadoPagoJson.intOrNull(payment.get("installments")),
                    MercadoPagoJson.text(payment.get("operation_type")),
                    MercadoPagoJson.date(payment.get("date_created")),
                    MercadoPagoJson.date(payment.get("date_approved")),
                    MercadoPagoJson.date(payment.get("date_last_modified")),
                    MercadoPagoJson.texts(payment.get("tags"))));
        }
        JsonNode cancel = node.path("cancel_detail");
        CancelDetail cancelDetail = cancel.isObject()
                ? new CancelDetail(MercadoPagoJson.text(cancel.get("group")), MercadoPagoJson.text(cancel.get("code")),
                        MercadoPagoJson.text(cancel.get("description")),
                        MercadoPagoJson.text(cancel.get("requested_by")),
                        MercadoPagoJson.date(cancel.get("date")))
                : null;
        JsonNode detail = node.path("status_detail");
        String statusDetail = detail.isObject()
                ? MercadoPagoJson.text(detail.get("code"))
                : MercadoPagoJson.text(detail);
        return new MercadoLibreOrder(node.get("id").asLong(), node.get("status").asText(), statusDetail,
                MercadoPagoJson.text(node.path("context").get("site")), MercadoPagoJson.text(node.get("currency_id")),
                MercadoPagoJson.decimal(node.get("total_amount")), MercadoPagoJson.decimal(node.get("paid_amount")),
                MercadoPagoJson.texts(node.get("tags")), MercadoPagoJson.date(node.get("date_created")),
                MercadoPagoJson.date(node.get("date_closed")), MercadoPagoJson.date(node.get("last_updated")),
                MercadoPagoJson.longOrNull(node.get("pack_id")),
                MercadoPagoJson.longOrNull(node.path("shipping").get("id")),
                MercadoPagoJson.bool(node.get("hidden_for_seller")),
                new Seller(MercadoPagoJson.longOrNull(seller.get("id")), MercadoPagoJson.text(seller.get("nickname"))),
                buyer, items, payments, cancelDetail);
    }

    @Override
    public String toString() {
        // The buyer's name and e-mail never reach a log line through toString.
        return "MercadoLibreOrder[id=" + id + ", status=" + status + ", last_updated=" + lastUpdated + "]";
    }
}
