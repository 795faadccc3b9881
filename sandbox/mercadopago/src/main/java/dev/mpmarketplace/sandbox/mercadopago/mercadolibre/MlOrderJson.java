package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.payments.Payment;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * A Mercado Libre order as {@code GET /orders/{id}} answers it: every field of seed 001's example, and the newer
 * ones of reference 12.c ({@code pack_id}, {@code context}, {@code cancel_detail}, {@code order_items[].sale_fee},
 * {@code payments[].marketplace_fee}...).
 */
final class MlOrderJson {

    private static final Map<String, String[]> DOCUMENTS = Map.of("MLB", new String[]{"CPF", "12345678909"}, "MLA",
            new String[]{"DNI", "12345678"}, "MLM", new String[]{"RFC", "XAXX010101000"});

    private MlOrderJson() {
    }

    static ObjectNode order(SandboxState state, MlOrder order) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.set("buyer", buyer(state, order));
        json.putObject("coupon").put("amount", 0).putNull("id");
        json.put("currency_id", order.currencyId);
        json.put("date_closed", SandboxJson.timestampOrNull(order.dateClosed));
        json.put("date_created", SandboxJson.timestampOrNull(order.dateCreated));
        json.putObject("feedback").putNull("purchase").putNull("sale");
        json.put("id", order.id);
        json.put("last_updated", SandboxJson.timestampOrNull(order.lastUpdated));
        json.putArray("mediations");
        ArrayNode items = json.putArray("order_items");
        for (MlOrder.Line line : order.lines) {
            ObjectNode entry = items.addObject();
            entry.put("currency_id", order.currencyId);
            ObjectNode item = entry.putObject("item");
            item.put("id", line.itemId);
            item.put("title", line.title);
            item.put("category_id", line.categoryId);
            item.put("condition", line.condition);
            item.putArray("variation_attributes");
            item.putNull("variation_id");
            item.putNull("seller_sku");
            entry.put("quantity", line.quantity);
            entry.put("unit_price", line.unitPrice);
            entry.put("full_unit_price", line.unitPrice);
            entry.putNull("sale_fee");
            entry.put("listing_type_id", "gold_special");
        }
        json.put("paid_amount", paidAmount(state, order));
        ArrayNode payments = json.putArray("payments");
        for (long id : order.paymentIds) {
            Payment payment = state.payments.payments.peek(id);
            if (payment != null) {
                payments.add(payment(order, payment));
            }
        }
        json.set("seller", seller(state, order));
        json.putObject("shipping").put("status", "null");
        json.put("status", order.status);
        json.putNull("status_detail");
        ArrayNode tags = json.putArray("tags");
        order.tags.forEach(tags::add);
        json.put("total_amount", order.totalAmount);
        json.putNull("pack_id");
        json.putNull("pickup_id");
        json.putNull("fulfilled");
        json.putNull("comment");
        json.putNull("manufacturing_ending_date");
        json.put("hidden_for_seller", !order.visibleToSeller());
        ObjectNode context = json.putObject("context");
        context.put("channel", "marketplace");
        context.put("site", order.siteId);
        context.putArray("flows");
        json.putObject("taxes").putNull("amount").putNull("currency_id");
        if (order.cancelCode == null) {
            json.putNull("cancel_detail");
        } else {
            ObjectNode cancel = json.putObject("cancel_detail");
            cancel.put("group", order.cancelGroup);
            cancel.put("code", order.cancelCode);
            cancel.put("description", order.cancelDescription);
            cancel.put("requested_by", "buyer".equals(order.cancelGroup) ? "buyer" : "seller");
            cancel.put("date", SandboxJson.timestampOrNull(order.cancelDate));
        }
        json.putObject("order_request").putNull("return").putNull("change");
        return json;
    }

    /** The approved payments' amounts, less what was refunded from them. */
    static BigDecimal paidAmount(SandboxState state, MlOrder order) {
        BigDecimal paid = BigDecimal.ZERO;
        for (long id : order.paymentIds) {
            Payment payment = state.payments.payments.peek(id);
            if (payment != null && payment.dateApproved != null && !"rejected".equals(payment.status)) {
                paid = paid.add(payment.transactionAmount);
            }
        }
        return paid;
    }

    private static ObjectNode payment(MlOrder order, Payment p) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.putNull("activation_uri");
        json.putObject("atm_transfer_reference").putNull("company_id").putNull("transaction_id");
        json.putArray("available_actions");
        json.put("card_id", p.card == null ? null : p.card.id);
        json.putObject("collector").put("id", p.collectorId);
        json.put("coupon_amount", 0);
        json.putNull("coupon_id");
        json.put("currency_id", p.currencyId);
        json.put("date_approved", SandboxJson.timestampOrNull(p.dateApproved));
        json.put("date_created", SandboxJson.timestampOrNull(p.dateCreated));
        json.put("date_last_modified", SandboxJson.timestampOrNull(p.dateLastUpdated));
        json.put("id", p.id);
        json.put("installments", p.installments);
        json.put("issuer_id", p.issuerId);
        json.put("marketplace_fee", 0);
        json.put("operation_type", "regular_payment");
        json.put("order_id", order.id);
        json.put("overpaid_amount", 0);
        if (p.payerUserId == null) {
            json.putNull("payer_id");
        } else {
            json.put("payer_id", p.payerUserId);
        }
        json.put("payment_method_id", p.paymentMethodId);
        json.put("payment_type", p.paymentTypeId);
        json.put("reason", p.description);
        json.put("shipping_cost", 0);
        json.put("site_id", order.siteId);
        json.put("status", p.status);
        json.putNull("status_code");
        json.put("status_detail", p.statusDetail);
        json.put("taxes_amount", 0);
        json.put("total_paid_amount", p.transactionAmount);
        json.put("transaction_amount", p.transactionAmount);
        json.put("transaction_amount_refunded", p.transactionAmountRefunded);
        ArrayNode tags = json.putArray("tags");
        order.paymentTags.getOrDefault(p.id, List.of()).forEach(tags::add);
        return json;
    }

    /** The buyer: everything once the order is visible, only the id while Mercado Pago's payment is awaited. */
    private static ObjectNode buyer(SandboxState state, MlOrder order) {
        SandboxUser user = state.oauth.users.get(order.buyerId);
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        if (!order.visibleToSeller()) {
            json.put("id", order.buyerId);
            return json;
        }
        json.set("alternative_phone", phone(null, null, ""));
        String[] document = DOCUMENTS.getOrDefault(order.siteId, new String[]{"OTRO", "123456789"});
        json.putObject("billing_info").put("doc_number", document[1]).put("doc_type", document[0]);
        json.put("email", user == null ? null : user.email);
        json.put("first_name", "Test");
        json.put("id", order.buyerId);
        json.put("last_name", "Test");
        json.put("nickname", user == null ? null : user.nickname);
        json.set("phone", phone("01", null, "1111-1111"));
        return json;
    }

    private static ObjectNode seller(SandboxState state, MlOrder order) {
        SandboxUser user = state.oauth.users.get(order.sellerId);
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.set("alternative_phone", phone(null, null, ""));
        json.put("email", user == null ? null : user.email);
        json.put("first_name", "Test");
        json.put("id", order.sellerId);
        json.put("last_name", "Test");
        json.put("nickname", user == null ? null : user.nickname);
        json.set("phone", phone("01", null, "1111-1111"));
        return json;
    }

    private static ObjectNode phone(String areaCode, String extension, String number) {
        ObjectNode phone = SandboxJson.MAPPER.createObjectNode();
        phone.put("area_code", areaCode);
        phone.put("extension", extension);
        phone.put("number", number);
        return phone;
    }

}
