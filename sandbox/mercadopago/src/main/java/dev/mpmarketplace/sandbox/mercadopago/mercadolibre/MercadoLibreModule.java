package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.mpmarketplace.sandbox.mercadopago.oauth.Application;
import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.payments.Payment;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentJson;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notification;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookAttempt;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookDelivery;

/**
 * Mercado Libre over HTTP (docs/sandbox/mercadolibre.md): {@code GET /sites/{id}}, {@code GET /payment_methods/{id}},
 * {@code GET /orders/{id}}, {@code GET /orders/search}, {@code GET /missed_feeds}, and the control calls that make
 * the buyer's side happen ({@code /sandbox/mercadolibre/*}). One account for both: the sellers' Mercado Pago tokens
 * are accepted here (a stated simplification).
 */
public final class MercadoLibreModule implements SandboxModule {

    /** How long {@code /missed_feeds} keeps a lost message (reference 6.5, 12.c: about two days). */
    static final Duration MISSED_FEEDS_RETENTION = Duration.ofDays(2);
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_SEARCH_LIMIT = 51;
    private static final int MAX_FEED_LIMIT = 1000;

    private SandboxContext context;
    private MercadoLibreService mercadoLibre;

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        this.mercadoLibre = new MercadoLibreService(sandbox);
        sandbox.paymentWatchers().add(mercadoLibre);
        router.get("/sites/:siteId").handler(this::site);
        router.get("/payment_methods/:methodId").handler(this::paymentMethod);
        // Before "/orders/:orderId", which would otherwise take "search" for an id.
        router.get("/orders/search").handler(this::search);
        router.get("/orders/:orderId").handler(this::getOrder);
        router.get("/missed_feeds").handler(this::missedFeeds);
        router.post("/sandbox/mercadolibre/orders").handler(this::createOrder);
        router.get("/sandbox/mercadolibre/orders/:orderId").handler(this::controlOrder);
        router.post("/sandbox/mercadolibre/orders/:orderId/payments").handler(this::pay);
        router.post("/sandbox/mercadolibre/orders/:orderId/refund-to-account-money").handler(this::refundToAccount);
        router.post("/sandbox/mercadolibre/orders/:orderId/cancel").handler(this::cancel);
        router.get("/sandbox/applications/:clientId/mercadolibre").handler(this::applicationFeed);
        router.patch("/sandbox/applications/:clientId/mercadolibre").handler(this::updateApplicationFeed);
    }

    private void site(RoutingContext ctx) {
        Sites.Site site = Sites.SITES.get(ctx.pathParam("siteId"));
        if (site == null) {
            throw notFound("Site not found");
        }
        Replies.json(ctx, 200, Sites.siteJson(site));
    }

    private void paymentMethod(RoutingContext ctx) {
        Sites.Method method = Sites.method(ctx.pathParam("methodId"));
        if (method == null) {
            throw notFound("Payment method not found");
        }
        Replies.json(ctx, 200, Sites.methodJson(method));
    }

    /** The seller's or the buyer's token; anyone else is refused (403), an unknown order is 404. */
    private void getOrder(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        long id = orderId(ctx.pathParam("orderId"), true);
        ObjectNode body = context.read(state -> {
            MlOrder order = state.mercadoLibre.orders.get(id);
            if (order == null) {
                throw notFound("Order not found");
            }
            if (principal.userId() != order.sellerId && principal.userId() != order.buyerId) {
                throw forbidden();
            }
            return MlOrderJson.order(state, order);
        });
        Replies.json(ctx, 200, body);
    }

    /**
     * {@code ?seller=<id>} (the caller) or {@code ?buyer=<id>}, {@code order.status}, {@code order.date_created
     * |date_last_updated|date_closed.from/.to} (truncated to the hour), {@code sort=date_asc|date_desc},
     * {@code offset}, {@code limit} (at most 51). The seller does not see orders awaiting Mercado Pago's mandatory
     * payment, nor cancelled ones unless asked for ({@code order.status=cancelled}).
     */
    private void search(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        Long seller = optionalId(ctx.request().getParam("seller"), "seller");
        Long buyer = optionalId(ctx.request().getParam("buyer"), "buyer");
        if (seller == null && buyer == null) {
            throw badRequest("seller or buyer is required");
        }
        if (seller != null && seller != principal.userId() || buyer != null && buyer != principal.userId()) {
            throw forbidden();
        }
        String status = ctx.request().getParam("order.status");
        List<DateFilter> dates = new ArrayList<>();
        for (String field : List.of("date_created", "date_last_updated", "date_closed")) {
            Instant from = hour(ctx.request().getParam("order." + field + ".from"), "order." + field + ".from");
            Instant to = hour(ctx.request().getParam("order." + field + ".to"), "order." + field + ".to");
            if (from != null || to != null) {
                dates.add(new DateFilter(field, from, to));
            }
        }
        String sort = ctx.request().getParam("sort") == null ? "date_asc" : ctx.request().getParam("sort");
        if (!sort.equals("date_asc") && !sort.equals("date_desc")) {
            throw badRequest("sort must be date_asc or date_desc");
        }
        int offset = (int) range(ctx.request().getParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) range(ctx.request().getParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_SEARCH_LIMIT);
        ObjectNode body = context.read(state -> {
            List<MlOrder> found = new ArrayList<>();
            for (MlOrder order : state.mercadoLibre.orders.values()) {
                boolean party = seller != null ? order.sellerId == seller : order.buyerId == buyer;
                boolean visible = buyer != null || order.visibleToSeller();
                boolean statusMatches = status != null
                        ? List.of(status.split(",")).contains(order.status)
                        : !"cancelled".equals(order.status);
                if (party && visible && statusMatches && dates.stream().allMatch(d -> d.matches(order))) {
                    found.add(order);
                }
            }
            Comparator<MlOrder> byDate = Comparator.comparing((MlOrder o) -> o.dateCreated)
                    .thenComparingLong(o -> o.id);
            found.sort(sort.equals("date_asc") ? byDate : byDate.reversed());
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            json.putNull("query");
            ArrayNode results = json.putArray("results");
            found.stream().skip(offset).limit(limit).forEach(o -> results.add(MlOrderJson.order(state, o)));
            json.putObject("sort").put("id", sort).put("name", sort.equals("date_asc")
                    ? "Date ascending"
                    : "Date descending");
            String other = sort.equals("date_asc") ? "date_desc" : "date_asc";
            json.putArray("available_sorts").addObject().put("id", other).put("name", other.equals("date_asc")
                    ? "Date ascending"
                    : "Date descending");
            json.putArray("filters");
            json.putObject("paging").put("total", found.size()).put("offset", offset).put("limit", limit);
            json.put("display", "complete");
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    /** A date filter on orders, bounds truncated to the hour as Mercado Libre does (reference 12.c). */
    private record DateFilter(String field, Instant from, Instant to) {
        boolean matches(MlOrder order) {
            Instant value = switch (field) {
                case "date_created" -> order.dateCreated;
                case "date_last_updated" -> order.lastUpdated;
                default -> order.dateClosed;
            };
            return value != null && (from == null || !value.isBefore(from)) && (to == null || !value.isAfter(to));
        }
    }

    /**
     * {@code ?app_id=<id>[&topic=&offset=&limit=]} with the application's own token (its owner's token, or a
     * client-credentials token of the application): the feed messages the application never acknowledged, the
     * last two days.
     */
    private void missedFeeds(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String appId = ctx.request().getParam("app_id");
        if (appId == null || appId.isBlank()) {
            throw badRequest("app_id is required");
        }
        String topic = ctx.request().getParam("topic");
        int offset = (int) range(ctx.request().getParam("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        int limit = (int) range(ctx.request().getParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_FEED_LIMIT);
        Instant since = context.clock().instant().minus(MISSED_FEEDS_RETENTION);
        ObjectNode body = context.read(state -> {
            Application app = state.oauth.applications.get(appId);
            if (app == null) {
                throw notFound("Application not found");
            }
            boolean ownToken = principal.kind() == IssuedToken.Kind.OWN && principal.userId() == app.ownerUserId
                    || principal.kind() == IssuedToken.Kind.CLIENT_CREDENTIALS && appId.equals(principal.clientId());
            if (!ownToken) {
                throw forbidden();
            }
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            ArrayNode messages = json.putArray("messages");
            state.webhooks.deliveries.values().stream()
                    .filter(d -> d.format == Notification.Format.MERCADO_LIBRE && appId.equals(d.clientId)
                            && (WebhookDelivery.FAILED.equals(d.status) || WebhookDelivery.DROPPED.equals(d.status))
                            && !d.createdAt.isBefore(since) && (topic == null || topic.equals(d.type)))
                    .skip(offset).limit(limit).forEach(d -> messages.add(missed(d)));
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    private static ObjectNode missed(WebhookDelivery delivery) {
        try {
            ObjectNode message = (ObjectNode) SandboxJson.MAPPER.readTree(delivery.payload);
            message.put("attempts", delivery.attempts.size());
            WebhookAttempt last = delivery.attempts.isEmpty()
                    ? null
                    : delivery.attempts.get(delivery.attempts.size() - 1);
            if (last == null) {
                message.putNull("sent");
            } else {
                message.put("sent", MercadoLibreService.MERCADO_LIBRE_TIME.format(last.at));
            }
            return message;
        } catch (IOException e) {
            throw new IllegalStateException("a stored feed message is not JSON", e);
        }
    }

    // ---------------------------------------------------------------------------------------------- control API

    private void createOrder(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        ObjectNode body = context.write(state -> MlOrderJson.order(state, mercadoLibre.create(state, request)));
        Replies.json(ctx, 201, body);
    }

    private void controlOrder(RoutingContext ctx) {
        long id = orderId(ctx.pathParam("orderId"), false);
        Replies.json(ctx, 200, context.read(state -> MlOrderJson.order(state, order(state, id))));
    }

    /** {@code {"amount"?, "outcome"?: "approved" | "rejected" | "in_process", "installments"?}}. */
    private void pay(RoutingContext ctx) {
        long id = orderId(ctx.pathParam("orderId"), false);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        ObjectNode body = context.write(state -> {
            MlOrder order = order(state, id);
            Payment payment = mercadoLibre.pay(state, order, request);
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            json.set("payment", PaymentJson.sellerView(payment));
            json.set("order", MlOrderJson.order(state, order));
            return json;
        });
        Replies.json(ctx, 201, body);
    }

    private void refundToAccount(RoutingContext ctx) {
        long id = orderId(ctx.pathParam("orderId"), false);
        ObjectNode body = context.write(state -> MlOrderJson.order(state, mercadoLibre.refundToAccountMoney(state,
                order(state, id))));
        Replies.json(ctx, 200, body);
    }

    /** {@code {"reason"?: "out_of_stock" | "not_paid" | "seller_banned" | "buyer_request"}}. */
    private void cancel(RoutingContext ctx) {
        long id = orderId(ctx.pathParam("orderId"), false);
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        ObjectNode body = context.write(state -> MlOrderJson.order(state, mercadoLibre.cancel(state, order(state, id),
                request)));
        Replies.json(ctx, 200, body);
    }

    private void applicationFeed(RoutingContext ctx) {
        Replies.json(ctx, 200, context.read(state -> feedJson(application(state, ctx.pathParam("clientId")))));
    }

    /** {@code {"callback_url"?, "topics"?}}: the application's Mercado Libre notification settings. */
    private void updateApplicationFeed(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        String callbackUrl = SandboxJson.text(request, "callback_url");
        if (request.has("callback_url") && callbackUrl != null && !callbackUrl.startsWith("http://")
                && !callbackUrl.startsWith("https://")) {
            throw MercadoLibreService.invalid("callback_url must be an http(s) URL");
        }
        JsonNode topics = request.get("topics");
        List<String> topicList = new ArrayList<>();
        if (topics != null && !topics.isNull()) {
            if (!topics.isArray()) {
                throw MercadoLibreService.invalid("topics must be an array of strings");
            }
            for (JsonNode topic : topics) {
                if (!topic.isTextual() || topic.asText().isBlank()) {
                    throw MercadoLibreService.invalid("topics must be an array of strings");
                }
                topicList.add(topic.asText());
            }
        }
        ObjectNode body = context.write(state -> {
            Application app = application(state, ctx.pathParam("clientId"));
            if (request.has("callback_url")) {
                app.mercadoLibreCallbackUrl = callbackUrl;
            }
            if (topics != null && !topics.isNull()) {
                app.mercadoLibreTopics = topicList;
            }
            return feedJson(app);
        });
        Replies.json(ctx, 200, body);
    }

    private static ObjectNode feedJson(Application app) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("application_id", app.clientId);
        json.put("callback_url", app.mercadoLibreCallbackUrl);
        ArrayNode topics = json.putArray("topics");
        app.mercadoLibreTopics.forEach(topics::add);
        return json;
    }

    private static Application application(SandboxState state, String clientId) {
        Application app = state.oauth.applications.get(clientId);
        if (app == null) {
            throw ApiError.notFound(404, "application not found");
        }
        return app;
    }

    private static MlOrder order(SandboxState state, long id) {
        MlOrder order = state.mercadoLibre.orders.get(id);
        if (order == null) {
            throw notFound("Order not found");
        }
        return order;
    }

    private static long orderId(String text, boolean api) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw api ? notFound("Order not found") : MercadoLibreService.invalid("order ids are numbers");
        }
    }

    private static Long optionalId(String text, String name) {
        long id = range(text, name, -1, 0, Long.MAX_VALUE);
        return id < 0 ? null : id;
    }

    private static long range(String text, String name, long absent, long min, long max) {
        return QueryParams.integer(text, name, absent, min, max, MercadoLibreModule::badRequest);
    }

    private static Instant hour(String text, String name) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant().truncatedTo(ChronoUnit.HOURS);
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 date-time with offset, e.g. 2026-01-10T00:00:00.000-03:00");
        }
    }

    /** Mercado Libre's errors: the classic envelope with {@code cause: []}. */
    private static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, List.of());
    }

    private static ApiError forbidden() {
        return new ApiError(403, "forbidden", "Invalid caller.id: the token is not the seller's nor the buyer's",
                List.of());
    }

    private static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message, List.of());
    }
}
