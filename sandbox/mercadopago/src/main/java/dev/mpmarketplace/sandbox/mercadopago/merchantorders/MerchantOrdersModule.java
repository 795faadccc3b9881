package dev.mpmarketplace.sandbox.mercadopago.merchantorders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.QueryParams;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.payments.Payment;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentWatcher;
import dev.mpmarketplace.sandbox.mercadopago.preferences.Preference;
import dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceService;
import dev.mpmarketplace.sandbox.mercadopago.preferences.PreferenceTerms;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notification;

/**
 * Checkout Pro merchant orders (docs/sandbox/preferences.md, "Merchant orders"): made when a preference is first paid
 * on the checkout page, following their payments ({@code opened} until approved payments cover the total, then
 * {@code closed}), notified as {@code topic_merchant_order_wh} webhooks and, to a preference's
 * {@code notification_url}, as legacy {@code merchant_order} IPNs; read with {@code GET /merchant_orders/{id}} and
 * {@code GET /merchant_orders/search}.
 */
public final class MerchantOrdersModule implements SandboxModule, PaymentWatcher {

    /** {@code order.type} of a Checkout Pro payment. */
    public static final String ORDER_TYPE = "mercadopago";
    private static final int DEFAULT_LIMIT = 30;
    private static final int MAX_LIMIT = 100;

    private SandboxContext context;

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        sandbox.paymentWatchers().add(this);
        router.get("/merchant_orders/search").handler(this::search);
        router.get("/merchant_orders/:id").handler(this::get);
    }

    /**
     * A payment of the checkout page was made or changed: its preference's merchant order is made on the first one,
     * takes the payment, and follows it.
     */
    @Override
    public void paymentChanged(SandboxState state, Payment payment, boolean created) {
        if (!ORDER_TYPE.equals(payment.orderType) || payment.preferenceId == null) {
            return;
        }
        Preference preference = state.preferences.preferences.get(payment.preferenceId);
        if (preference == null) {
            return;
        }
        Long existing = state.merchantOrders.byPreference.get(preference.id);
        MerchantOrder order = existing == null ? open(state, preference) : state.merchantOrders.orders.get(existing);
        payment.orderId = Long.toString(order.id);
        if (!order.paymentIds.contains(payment.id)) {
            order.paymentIds.add(payment.id);
        }
        settle(state, order);
        notifyChange(order, existing == null ? "create" : "update");
    }

    private MerchantOrder open(SandboxState state, Preference preference) {
        PreferenceTerms terms = PreferenceService.terms(preference);
        Instant now = context.clock().instant();
        MerchantOrder order = new MerchantOrder();
        order.id = state.merchantOrders.nextId++;
        order.preferenceId = preference.id;
        order.collectorId = preference.collectorId;
        order.clientId = preference.tokenClientId;
        order.externalReference = terms.externalReference();
        order.notificationUrl = terms.notificationUrl();
        order.siteId = preference.siteId;
        order.currencyId = terms.currencyId();
        for (PreferenceTerms.Item item : terms.items()) {
            MerchantOrder.Item copy = new MerchantOrder.Item();
            copy.id = item.id();
            copy.title = item.title();
            copy.description = item.description();
            copy.quantity = item.quantity();
            copy.unitPrice = item.unitPrice();
            copy.currencyId = item.currencyId();
            order.items.add(copy);
        }
        order.totalAmount = terms.totalAmount();
        order.shippingCost = terms.shippingCost() == null ? BigDecimal.ZERO : terms.shippingCost();
        order.dateCreated = now;
        order.lastUpdated = now;
        state.merchantOrders.orders.put(order.id, order);
        state.merchantOrders.byPreference.put(preference.id, order.id);
        return order;
    }

    /**
     * {@code closed} once approved payments cover the total and the shipping; {@code order_status} {@code paid},
     * {@code partially_paid}, {@code payment_in_process} or {@code payment_required}, and {@code reverted} /
     * {@code partially_reverted} once refunds took money back (the sandbox's names for the last two, UNCONFIRMED).
     */
    private void settle(SandboxState state, MerchantOrder order) {
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        boolean inProcess = false;
        for (long id : order.paymentIds) {
            Payment payment = state.payments.payments.peek(id);
            if (payment == null) {
                continue;
            }
            if (payment.dateApproved != null && !"rejected".equals(payment.status)) {
                paid = paid.add(payment.transactionAmount);
                refunded = refunded.add(payment.transactionAmountRefunded);
            }
            inProcess |= "in_process".equals(payment.status) || "pending".equals(payment.status)
                    || "authorized".equals(payment.status);
        }
        BigDecimal due = order.totalAmount.add(order.shippingCost);
        if (paid.compareTo(due) >= 0) {
            order.status = "closed";
        }
        if (refunded.signum() > 0) {
            order.orderStatus = refunded.compareTo(paid) >= 0 ? "reverted" : "partially_reverted";
        } else if (paid.compareTo(due) >= 0) {
            order.orderStatus = "paid";
        } else if (paid.signum() > 0) {
            order.orderStatus = "partially_paid";
        } else {
            order.orderStatus = inProcess ? "payment_in_process" : "payment_required";
        }
        order.lastUpdated = context.clock().instant();
    }

    /**
     * A {@code topic_merchant_order_wh} webhook (the merchant order's id at the top level, reference 6.1), and a
     * {@code merchant_order} IPN to the preference's {@code notification_url} unless it asks for webhooks only
     * ({@code source_news=webhooks}).
     */
    private void notifyChange(MerchantOrder order, String action) {
        String id = Long.toString(order.id);
        ObjectNode data = SandboxJson.MAPPER.createObjectNode();
        data.put("currency_id", "");
        data.put("marketplace", "NONE");
        data.put("status", order.status);
        context.notifier().notify(Notification.withData("topic_merchant_order_wh", action, id, order.collectorId,
                order.clientId, order.notificationUrl, data));
        if (order.notificationUrl != null && !order.notificationUrl.contains("source_news=webhooks")) {
            ObjectNode body = SandboxJson.MAPPER.createObjectNode();
            body.put("resource", context.baseUrl() + "/merchant_orders/" + id);
            body.put("topic", "merchant_order");
            context.notifier().notify(Notification.ipn("merchant_order", id, order.collectorId, order.clientId,
                    order.notificationUrl, body));
        }
    }

    private void get(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw notFound();
        }
        ObjectNode body = context.read(state -> {
            MerchantOrder order = state.merchantOrders.orders.get(id);
            if (order == null || order.collectorId != principal.userId()) {
                throw notFound();
            }
            return json(state, order);
        });
        Replies.json(ctx, 200, body);
    }

    /** {@code ?preference_id=&external_reference=&status=&offset=&limit=}: {@code {elements, next_offset, total}}. */
    private void search(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String preferenceId = ctx.request().getParam("preference_id");
        String externalReference = ctx.request().getParam("external_reference");
        String status = ctx.request().getParam("status");
        int offset = intParam(ctx.request().getParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx.request().getParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        ObjectNode body = context.read(state -> {
            List<MerchantOrder> found = new ArrayList<>();
            for (MerchantOrder order : state.merchantOrders.orders.values()) {
                if (order.collectorId == principal.userId()
                        && (preferenceId == null || preferenceId.equals(order.preferenceId))
                        && (externalReference == null || externalReference.equals(order.externalReference))
                        && (status == null || status.equals(order.status))) {
                    found.add(order);
                }
            }
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            ArrayNode elements = json.putArray("elements");
            found.stream().skip(offset).limit(limit).forEach(o -> elements.add(json(state, o)));
            int next = offset + elements.size();
            if (next < found.size()) {
                json.put("next_offset", next);
            } else {
                json.putNull("next_offset");
            }
            json.put("total", found.size());
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    /** The resource, as the SDK fixture shows it (reference 12.d). */
    static ObjectNode json(SandboxState state, MerchantOrder order) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", order.id);
        json.put("status", order.status);
        json.put("external_reference", order.externalReference);
        json.put("preference_id", order.preferenceId);
        ArrayNode payments = json.putArray("payments");
        BigDecimal paid = BigDecimal.ZERO;
        BigDecimal refunded = BigDecimal.ZERO;
        for (long id : order.paymentIds) {
            Payment payment = state.payments.payments.peek(id);
            if (payment == null) {
                continue;
            }
            ObjectNode entry = payments.addObject();
            entry.put("id", payment.id);
            entry.put("transaction_amount", payment.transactionAmount);
            entry.put("total_paid_amount", payment.transactionAmount);
            entry.put("shipping_cost", 0);
            entry.put("currency_id", payment.currencyId);
            entry.put("status", payment.status);
            entry.put("status_details", payment.statusDetail);
            entry.put("operation_type", "regular_payment");
            entry.put("date_approved", SandboxJson.timestampOrNull(payment.dateApproved));
            entry.put("date_created", SandboxJson.timestampOrNull(payment.dateCreated));
            entry.put("last_modified", SandboxJson.timestampOrNull(payment.dateLastUpdated));
            entry.put("amount_refunded", payment.transactionAmountRefunded);
            if (payment.dateApproved != null && !"rejected".equals(payment.status)) {
                paid = paid.add(payment.transactionAmount);
                refunded = refunded.add(payment.transactionAmountRefunded);
            }
        }
        json.putArray("shipments");
        json.putArray("payouts");
        SandboxUser collector = state.oauth.users.get(order.collectorId);
        ObjectNode collectorJson = json.putObject("collector");
        collectorJson.put("id", order.collectorId);
        collectorJson.put("email", collector == null ? null : collector.email);
        collectorJson.put("nickname", collector == null ? null : collector.nickname);
        json.put("marketplace", "NONE");
        json.put("notification_url", order.notificationUrl);
        json.put("date_created", SandboxJson.timestampOrNull(order.dateCreated));
        json.put("last_updated", SandboxJson.timestampOrNull(order.lastUpdated));
        json.putNull("sponsor_id");
        json.put("shipping_cost", order.shippingCost);
        json.put("total_amount", order.totalAmount);
        json.put("site_id", order.siteId);
        json.put("paid_amount", paid);
        json.put("refunded_amount", refunded);
        json.putObject("payer").putNull("id").put("email", "");
        ArrayNode items = json.putArray("items");
        for (MerchantOrder.Item item : order.items) {
            ObjectNode entry = items.addObject();
            entry.put("id", item.id);
            entry.putNull("category_id");
            entry.put("currency_id", item.currencyId);
            entry.put("description", item.description);
            entry.putNull("picture_url");
            entry.put("title", item.title);
            entry.put("quantity", item.quantity);
            entry.put("unit_price", item.unitPrice);
        }
        json.put("cancelled", false);
        json.put("additional_info", "");
        json.put("application_id", order.clientId);
        json.put("order_status", order.orderStatus);
        return json;
    }

    private static int intParam(String value, String name, int absent, int min, int max) {
        return (int) QueryParams.integer(value, name, absent, min, max,
                message -> new ApiError(400, "bad_request", message, List.of()));
    }

    static ApiError notFound() {
        return new ApiError(404, "not_found", "Merchant Order not found", List.of());
    }
}
