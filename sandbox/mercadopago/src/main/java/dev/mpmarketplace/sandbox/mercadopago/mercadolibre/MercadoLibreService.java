package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Application;
import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.payments.CardToken;
import dev.mpmarketplace.sandbox.mercadopago.payments.Payment;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentService;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentWatcher;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notification;

/**
 * The flows of seed 001 (docs/sandbox/mercadolibre.md): orders created as a buyer's purchase, in Mercado Pago's
 * mandatory flow ({@code payment_required}, hidden from the seller until paid) or not ({@code confirmed}); payments
 * made on them (one, several, partial, a card rejected then another); refund to account money ({@code paid} +
 * {@code unfulfilled}); cancellation; and the notification feed ({@code created_orders}, {@code orders_v2}) to the
 * applications the seller authorized. Every method runs under the state lock.
 */
public final class MercadoLibreService implements PaymentWatcher {

    /** The payment type of the order's payments. */
    static final String ORDER_TYPE = "mercadolibre";
    /** The cardholder names of Mercado Pago's test cards that make each outcome (reference 9). */
    private static final Map<String, String> CARDHOLDER = Map.of("approved", "APRO", "rejected",
            "FUND", "in_process", "CONT");
    /** The reasons a cancellation can have (reference 12.c): group, code, description. */
    private static final Map<String, String[]> CANCEL_REASONS = Map.of(
            "out_of_stock", new String[]{"seller", "item_paused", "The item was paused for lack of stock"},
            "not_paid", new String[]{"internal", "payment_not_made", "The payment was not made in time"},
            "seller_banned", new String[]{"internal", "seller_banned", "The seller was banned"},
            "buyer_request", new String[]{"buyer", "buyer_cancel", "The buyer cancelled the purchase"});
    private static final Set<String> MANDATORY_CONDITION_SITES = Set.of("MLA", "MLM");
    /** Mercado Libre's feed times: UTC with milliseconds, {@code 2019-10-30T16:19:20.106Z}. */
    static final DateTimeFormatter MERCADO_LIBRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final SandboxContext context;
    private final PaymentService payments;

    public MercadoLibreService(SandboxContext context) {
        this.context = context;
        this.payments = new PaymentService(context);
    }

    /**
     * {@code POST /sandbox/mercadolibre/orders}: a buyer's purchase from a seller.
     *
     * @throws ApiError 400 {@code invalid_request} for a bad body, 404 for unknown users; state unchanged
     */
    MlOrder create(SandboxState state, ObjectNode request) {
        SandboxUser seller = user(state, request, "seller_id", "seller");
        SandboxUser buyer = user(state, request, "buyer_id", null);
        if (seller.id == buyer.id) {
            throw invalid("buyer_id and seller_id must differ");
        }
        String siteId = SandboxJson.text(request, "site_id");
        if (siteId == null) {
            siteId = seller.siteId == null ? "MLB" : seller.siteId;
        }
        Sites.Site site = Sites.SITES.get(siteId);
        if (site == null) {
            throw invalid("site_id must be one of " + String.join(", ", Sites.SITES.keySet().stream().sorted()
                    .toList()));
        }
        JsonNode items = request.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw invalid("items must be a non-empty array of {title, quantity, unit_price, condition?, id?}");
        }
        List<MlOrder.Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        boolean newItem = false;
        for (JsonNode item : items) {
            MlOrder.Line line = line(item, site, lines.size());
            newItem |= "new".equals(line.condition);
            lines.add(line);
            total = total.add(line.unitPrice.multiply(BigDecimal.valueOf(line.quantity)));
        }
        JsonNode mandatoryNode = request.get("mercadopago_mandatory");
        if (mandatoryNode != null && !mandatoryNode.isNull() && !mandatoryNode.isBoolean()) {
            throw invalid("mercadopago_mandatory must be a boolean");
        }
        boolean mandatory = mandatoryNode != null && mandatoryNode.isBoolean()
                ? mandatoryNode.booleanValue()
                : site.mandatoryForAll() || MANDATORY_CONDITION_SITES.contains(site.id()) && newItem;
        Instant now = context.clock().instant();
        MlOrder order = new MlOrder();
        order.id = state.mercadoLibre.nextOrderId++;
        order.sellerId = seller.id;
        order.buyerId = buyer.id;
        order.siteId = site.id();
        order.currencyId = site.currencyId();
        order.mercadoPagoMandatory = mandatory;
        order.status = mandatory ? "payment_required" : "confirmed";
        order.lines = lines;
        order.totalAmount = total;
        order.tags = new ArrayList<>(List.of("not_delivered", "not_paid"));
        order.dateCreated = now;
        order.lastUpdated = now;
        order.dateClosed = mandatory ? null : now;
        state.mercadoLibre.orders.put(order.id, order);
        feed(state, order, "created_orders");
        if (order.visibleToSeller()) {
            feed(state, order, "orders_v2");
        }
        return order;
    }

    /**
     * {@code POST /sandbox/mercadolibre/orders/{id}/payments}: the buyer pays (part of) the order with a test card.
     *
     * @return the payment
     */
    Payment pay(SandboxState state, MlOrder order, ObjectNode request) {
        if ("cancelled".equals(order.status)) {
            throw conflict("the order is cancelled");
        }
        String outcome = SandboxJson.text(request, "outcome");
        if (outcome == null) {
            outcome = "approved";
        }
        String cardholder = CARDHOLDER.get(outcome);
        if (cardholder == null) {
            throw invalid("outcome must be approved, rejected or in_process");
        }
        BigDecimal amount = SandboxJson.decimal(request, "amount", invalid("amount must be a number"));
        if (amount == null) {
            amount = order.totalAmount.subtract(MlOrderJson.paidAmount(state, order));
        }
        if (amount.signum() <= 0 || amount.scale() > 2) {
            throw invalid("amount must be positive with at most two decimals (nothing left to pay?)");
        }
        JsonNode installmentsNode = request.get("installments");
        int installments = installmentsNode == null || installmentsNode.isNull() ? 1 : installmentsNode.asInt(-1);
        if (installments < 1 || installments > 36) {
            throw invalid("installments must be from 1 to 36");
        }
        SandboxUser buyer = state.oauth.users.get(order.buyerId);
        SandboxUser seller = state.oauth.users.get(order.sellerId);
        ObjectNode card = SandboxJson.MAPPER.createObjectNode();
        card.put("card_number", "5031433215406351");
        card.put("expiration_month", 11);
        card.put("expiration_year", 2030);
        card.put("security_code", "123");
        card.putObject("cardholder").put("name", cardholder).putObject("identification").put("type", "CPF")
                .put("number", "12345678909");
        CardToken token = payments.tokenizeCard(state, seller.id, seller.publicKey, card);
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("transaction_amount", amount);
        body.put("token", token.id);
        body.put("installments", installments);
        body.put("payment_method_id", "master");
        body.put("description", order.lines.get(0).title);
        body.put("external_reference", Long.toString(order.id));
        body.putObject("payer").put("email", buyer == null ? null : buyer.email).put("type", "registered");
        Principal collector = new Principal(seller.id, null, IssuedToken.Kind.OWN);
        Payment payment = payments.create(state, collector, body, "mercadolibre-" + order.id + "-"
                + UUID.randomUUID(), created -> {
                    created.orderId = Long.toString(order.id);
                    created.orderType = ORDER_TYPE;
                    created.payerUserId = order.buyerId;
                });
        return payment;
    }

    /** A payment of an order was created or changed: the order follows (status, tags, date closed, feed). */
    @Override
    public void paymentChanged(SandboxState state, Payment payment, boolean created) {
        if (!ORDER_TYPE.equals(payment.orderType) || payment.orderId == null) {
            return;
        }
        MlOrder order = state.mercadoLibre.orders.get(Long.parseLong(payment.orderId));
        if (order == null) {
            return;
        }
        if (created && !order.paymentIds.contains(payment.id)) {
            order.paymentIds.add(payment.id);
        }
        settle(state, order);
        // While Mercado Pago's mandatory flow waits, the seller hears nothing (a rejected card included).
        if (order.visibleToSeller()) {
            feed(state, order, "orders_v2");
        }
    }

    /**
     * The status the payments give: {@code paid} once approved payments cover the total (visible, date closed, buyer
     * data, tag {@code paid}), {@code partially_paid} below it, {@code payment_in_process} while a payment is
     * pending; otherwise as created. A paid or cancelled order stays so.
     */
    void settle(SandboxState state, MlOrder order) {
        Instant now = context.clock().instant();
        order.lastUpdated = now;
        if ("paid".equals(order.status) || "cancelled".equals(order.status)) {
            return;
        }
        BigDecimal approved = BigDecimal.ZERO;
        boolean inProcess = false;
        for (long id : order.paymentIds) {
            Payment payment = state.payments.payments.peek(id);
            if (payment == null) {
                continue;
            }
            if ("approved".equals(payment.status)) {
                approved = approved.add(payment.transactionAmount);
            } else if ("in_process".equals(payment.status) || "pending".equals(payment.status)) {
                inProcess = true;
            }
        }
        String next;
        if (approved.compareTo(order.totalAmount) >= 0) {
            next = "paid";
        } else if (approved.signum() > 0) {
            next = "partially_paid";
        } else if (inProcess) {
            next = "payment_in_process";
        } else {
            next = order.mercadoPagoMandatory ? "payment_required" : "confirmed";
        }
        if (next.equals(order.status)) {
            return;
        }
        order.moveTo(next, now);
        if (next.equals("paid")) {
            order.tags.remove("not_paid");
            if (!order.tags.contains("paid")) {
                order.tags.add("paid");
            }
            if (order.dateClosed == null) {
                order.dateClosed = now;
            }
        }
    }

    /**
     * {@code POST /sandbox/mercadolibre/orders/{id}/refund-to-account-money} (seed 001, Mexico): the buyer gets the
     * money in their Mercado Pago account; the order stays {@code paid} with tag {@code unfulfilled}, never
     * {@code cancelled}, and its approved payments get the tag {@code refund_account_money}.
     */
    MlOrder refundToAccountMoney(SandboxState state, MlOrder order) {
        if (!"MLM".equals(order.siteId)) {
            throw conflict("refund to account money exists only in Mexico (MLM); this order is of " + order.siteId);
        }
        if (!"paid".equals(order.status)) {
            throw conflict("only a paid order is refunded to account money; this one is " + order.status);
        }
        if (!order.tags.contains("unfulfilled")) {
            order.tags.add("unfulfilled");
        }
        for (long id : order.paymentIds) {
            Payment payment = state.payments.payments.peek(id);
            if (payment != null && "approved".equals(payment.status)) {
                List<String> tags = order.paymentTags.computeIfAbsent(id, k -> new ArrayList<>());
                if (!tags.contains("refund_account_money")) {
                    tags.add("refund_account_money");
                }
            }
        }
        order.lastUpdated = context.clock().instant();
        feed(state, order, "orders_v2");
        return order;
    }

    /**
     * {@code POST /sandbox/mercadolibre/orders/{id}/cancel} {@code {"reason"}}: {@code cancelled} with its
     * {@code cancel_detail}; approved payments are refunded (a refund Mercado Pago refuses leaves the order
     * {@code pending_cancel}).
     */
    MlOrder cancel(SandboxState state, MlOrder order, ObjectNode request) {
        String reason = SandboxJson.text(request, "reason");
        String[] detail = CANCEL_REASONS.get(reason == null ? "buyer_request" : reason);
        if (detail == null) {
            throw invalid("reason must be one of " + String.join(", ", CANCEL_REASONS.keySet().stream().sorted()
                    .toList()));
        }
        if ("cancelled".equals(order.status) || "pending_cancel".equals(order.status)) {
            throw conflict("the order is " + order.status + " already");
        }
        if (order.tags.contains("unfulfilled")) {
            throw conflict("an order refunded to account money is never cancelled");
        }
        boolean visibleBefore = order.visibleToSeller();
        Instant now = context.clock().instant();
        boolean refundsFailed = false;
        for (long id : new ArrayList<>(order.paymentIds)) {
            Payment payment = state.payments.payments.get(id);
            if (payment != null && "approved".equals(payment.status)) {
                try {
                    payments.refundForCollector(state, payment, null, "mercadolibre-cancel:" + order.id + ":" + id);
                } catch (ApiError refused) {
                    refundsFailed = true;
                }
            }
        }
        order.cancel(refundsFailed, detail[0], detail[1], detail[2], now);
        if (visibleBefore) {
            feed(state, order, "orders_v2");
        }
        return order;
    }

    /**
     * Sends a feed message about the order to every application the seller authorized (an OAuth grant) or owns that
     * has a callback URL and subscribes to the topic ({@code orders} receives what {@code orders_v2} does).
     */
    private void feed(SandboxState state, MlOrder order, String topic) {
        Instant now = context.clock().instant();
        for (Application app : authorizedApplications(state, order.sellerId)) {
            if (app.mercadoLibreCallbackUrl == null || app.mercadoLibreCallbackUrl.isBlank()) {
                continue;
            }
            List<String> topics = new ArrayList<>();
            if (app.mercadoLibreTopics.contains(topic)) {
                topics.add(topic);
            }
            if (topic.equals("orders_v2") && app.mercadoLibreTopics.contains("orders")) {
                topics.add("orders");
            }
            for (String sent : topics) {
                ObjectNode body = SandboxJson.MAPPER.createObjectNode();
                body.put("_id", UUID.randomUUID().toString());
                body.put("resource", "/orders/" + order.id);
                body.put("user_id", order.sellerId);
                body.put("topic", sent);
                if (app.clientId.length() < 19 && app.clientId.chars().allMatch(Character::isDigit)) {
                    body.put("application_id", Long.parseLong(app.clientId));
                } else {
                    body.put("application_id", app.clientId);
                }
                // Set on every attempt; here so that the fields keep the documented order.
                body.put("attempts", 0);
                body.putNull("sent");
                body.put("received", MERCADO_LIBRE_TIME.format(now));
                context.notifier().notify(Notification.mercadoLibre(sent, "/orders/" + order.id, order.sellerId,
                        app.clientId, app.mercadoLibreCallbackUrl, body));
            }
        }
    }

    /** The applications the seller owns or granted through OAuth (a token not revoked), in creation order. */
    static List<Application> authorizedApplications(SandboxState state, long sellerId) {
        List<Application> apps = new ArrayList<>();
        for (Application app : state.oauth.applications.values()) {
            boolean granted = app.ownerUserId == sellerId
                    || state.oauth.tokens.values().stream().anyMatch(t -> t.userId == sellerId
                            && app.clientId.equals(t.clientId) && t.kind == IssuedToken.Kind.OAUTH && !t.revoked);
            if (granted) {
                apps.add(app);
            }
        }
        return apps;
    }

    private static MlOrder.Line line(JsonNode item, Sites.Site site, int index) {
        if (!item.isObject()) {
            throw invalid("items[" + index + "] must be an object");
        }
        MlOrder.Line line = new MlOrder.Line();
        line.title = SandboxJson.text(item, "title");
        if (line.title == null || line.title.isBlank()) {
            throw invalid("items[" + index + "].title is required");
        }
        JsonNode quantity = item.get("quantity");
        line.quantity = quantity == null || quantity.isNull() ? 1 : quantity.asInt(0);
        if (line.quantity < 1 || quantity != null && !quantity.isNull() && !quantity.isIntegralNumber()) {
            throw invalid("items[" + index + "].quantity must be a positive integer");
        }
        line.unitPrice = SandboxJson.decimal(item, "unit_price", invalid("items[" + index
                + "].unit_price must be a number"));
        if (line.unitPrice == null || line.unitPrice.signum() <= 0 || line.unitPrice.scale() > 2) {
            throw invalid("items[" + index + "].unit_price must be positive with at most two decimals");
        }
        line.condition = SandboxJson.text(item, "condition");
        if (line.condition == null) {
            line.condition = "new";
        }
        if (!line.condition.equals("new") && !line.condition.equals("used")) {
            throw invalid("items[" + index + "].condition must be new or used");
        }
        line.itemId = SandboxJson.text(item, "id");
        if (line.itemId == null) {
            line.itemId = site.id() + (600_034_093L + index);
        }
        line.categoryId = SandboxJson.text(item, "category_id");
        if (line.categoryId == null) {
            line.categoryId = site.id() + "1055";
        }
        return line;
    }

    private static SandboxUser user(SandboxState state, ObjectNode request, String field, String role) {
        JsonNode id = request.get(field);
        if (id == null || !id.canConvertToLong() || id.isTextual() && !id.asText().matches("\\d{1,18}")) {
            throw invalid(field + " is required: a sandbox user id");
        }
        SandboxUser user = state.oauth.users.get(id.asLong());
        if (user == null || role != null && !role.equals(user.role)) {
            throw ApiError.notFound(404, field + " is not a sandbox " + (role == null ? "user" : role));
        }
        return user;
    }

    static ApiError invalid(String message) {
        return ApiError.keyed("invalid_request", message);
    }

    private static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message, List.of());
    }
}
