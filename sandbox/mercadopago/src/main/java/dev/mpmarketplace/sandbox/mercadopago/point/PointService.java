package dev.mpmarketplace.sandbox.mercadopago.point;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.payments.Payment;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentService;
import dev.mpmarketplace.sandbox.mercadopago.payments.Refund;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notification;

/**
 * The rules of Mercado Pago Point in the sandbox (docs/sandbox/point.md): devices and their operating mode,
 * integrators, payment intents and refund intents of the Integration API, orders of the Orders API, what the device
 * does with them (the device simulator), the timers that abandon and expire them on the sandbox clock, and the
 * notifications every change sends. Every method runs under the state lock; a refused call changes nothing.
 */
public final class PointService {

    /** The Orders API: {@code at_terminal} becomes {@code action_required} this long after processing started. */
    static final Duration ACTION_REQUIRED_AFTER = Duration.ofSeconds(40);
    /** A cancellation asked at the terminal through the API completes this long later, unless the terminal acted. */
    static final Duration ASYNC_CANCEL_AFTER = Duration.ofSeconds(2);
    /** The Integration API's payment-intent events by date: at most this many days. */
    static final int MAX_EVENT_RANGE_DAYS = 30;

    private static final Set<String> PAYMENT_TYPES = Set.of("credit_card", "debit_card", "voucher_card");
    private static final Set<String> INSTALLMENTS_COSTS = Set.of("seller", "buyer");
    private static final Set<String> VOUCHER_TYPES = Set.of("sodexo", "alelo");
    private static final Set<String> OPERATING_MODES = Set.of("PDV", "STANDALONE");
    /** Amount limits in cents per site (reference 12.a); other sites use MLB's (the sandbox's choice). */
    private static final Map<String, long[]> AMOUNT_LIMITS = Map.of("MLA", new long[]{500, 400_000_000}, "MLB",
            new long[]{100, 7_000_000}, "MLM", new long[]{500, 35_000_000});
    private static final long MIN_INSTALLMENT = 500;
    private static final Map<String, String> CURRENCY_BY_SITE = Map.of("MLA", "ARS", "MLB", "BRL", "MLM", "MXN",
            "MLC", "CLP", "MCO", "COP", "MPE", "PEN", "MLU", "UYU");
    private static final Map<String, String> COUNTRY_BY_SITE = Map.of("MLA", "AR", "MLB", "BR", "MLM", "MX", "MLC",
            "CL", "MCO", "CO", "MPE", "PE", "MLU", "UY");
    private static final String[][] MODELS = {{"PAX", "A910", "SMARTPOS"}, {"NEWLAND", "N950", "N950NCB"},
            {"GERTEC", "MP35P", ""}, {"INGENICO", "MOVE2500", "ING-"}};
    private static final char[] ID_CHARS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final SandboxContext context;
    private final PaymentService payments;

    public PointService(SandboxContext context) {
        this.context = context;
        this.payments = new PaymentService(context);
    }

    /** How a device ends what is queued on it. */
    public enum Outcome {
        APPROVED,
        REJECTED,
        REVERSED,
        ERROR;

        /** Mercado Pago's Point simulator: 11.00 reversed, 12.00 rejected, 13.00 error, anything else approved. */
        static Outcome forAmountInCents(long cents) {
            if (cents == 1100) {
                return REVERSED;
            }
            if (cents == 1200) {
                return REJECTED;
            }
            return cents == 1300 ? ERROR : APPROVED;
        }

        static Outcome fromWire(String name) {
            for (Outcome outcome : values()) {
                if (outcome.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return outcome;
                }
            }
            throw ApiError.keyed("invalid_request", "outcome must be approved, rejected, reversed or error");
        }
    }

    // ---------------------------------------------------------------------------------------------------- devices

    /**
     * Gives a new seller what a Point test user gets (reference 12.a): a store with two points of sale, an integrated
     * (PDV) device at the first and a STANDALONE one at the second.
     */
    public static void equipSeller(SandboxState state, SandboxUser seller, SandboxContext context) {
        String storeId = Long.toString(state.point.nextStoreId++);
        addDevice(state, seller.id, storeId, null, "PDV", context);
        addDevice(state, seller.id, storeId, null, "STANDALONE", context);
    }

    /**
     * Adds a device for a seller: at a new point of sale of the store (a new store when {@code storeId} is
     * {@code null}), or at the given one.
     *
     * @param posId an existing point of sale of the seller, or {@code null} for a new one
     */
    static PointDevice addDevice(SandboxState state, long userId, String storeId, Long posId, String mode,
            SandboxContext context) {
        PointDevice device = new PointDevice();
        String[] model = MODELS[state.point.devices.size() % MODELS.length];
        do {
            device.id = model[0] + "_" + model[1] + "__" + model[2] + context.randomDigits(10);
        } while (state.point.devices.containsKey(device.id));
        device.userId = userId;
        device.storeId = storeId != null ? storeId : Long.toString(state.point.nextStoreId++);
        device.posId = posId != null ? posId : state.point.nextPosId++;
        device.externalPosId = "SUC" + device.storeId.substring(Math.max(0, device.storeId.length() - 3)) + "POS"
                + device.posId % 1000;
        device.operatingMode = mode;
        state.point.devices.put(device.id, device);
        return device;
    }

    /**
     * {@code PATCH /point/integration-api/devices/{id}}: the mode takes effect when the device restarts; only one
     * integrated device per point of sale.
     */
    ObjectNode setOperatingMode(SandboxState state, Principal principal, String deviceId, ObjectNode request) {
        PointDevice device = ownDevice(state, principal, deviceId);
        String mode = SandboxJson.text(request, "operating_mode");
        if (mode == null || !OPERATING_MODES.contains(mode)) {
            throw PointErrors.badRequest("operating_mode must be PDV or STANDALONE");
        }
        if (mode.equals("PDV")) {
            for (PointDevice other : state.point.devices.values()) {
                if (!other.id.equals(device.id) && other.userId == device.userId && other.posId == device.posId
                        && ("PDV".equals(other.operatingMode) || "PDV".equals(other.pendingOperatingMode))) {
                    throw PointErrors.posHasIntegratedDevice(other.id);
                }
            }
        }
        device.pendingOperatingMode = mode.equals(device.operatingMode) ? null : mode;
        return SandboxJson.MAPPER.createObjectNode().put("operating_mode", mode);
    }

    PointDevice ownDevice(SandboxState state, Principal principal, String deviceId) {
        PointDevice device = state.point.deviceOf(principal.userId(), deviceId);
        if (device == null) {
            throw PointErrors.deviceNotYours();
        }
        return device;
    }

    // ------------------------------------------------------------------------------------------------ integrators

    /** The integrator of a token, made on first use with a token of its own. */
    Integrator integrator(SandboxState state, Principal principal) {
        return integrator(state, integratorKey(principal.userId(), principal.clientId()), principal.userId(),
                context.clock().instant());
    }

    /**
     * Gives a new application the integrator of its owner's own account at once (what its client-credentials token
     * reaches), so that its token can be read before any call ({@code GET /sandbox/point/integrators}). A seller's
     * integrator for the application is made on the first call with the seller's OAuth token.
     */
    public static void registerApplication(SandboxState state, String clientId, long ownerUserId, Instant now) {
        integrator(state, integratorKey(ownerUserId, clientId), ownerUserId, now);
    }

    private static Integrator integrator(SandboxState state, String key, long userId, Instant now) {
        Integrator integrator = state.point.integrators.get(key);
        if (integrator == null) {
            integrator = new Integrator();
            integrator.key = key;
            integrator.token = UUID.randomUUID().toString();
            integrator.createdAt = now;
            integrator.updatedAt = now;
            integrator.createdBy = userId;
            state.point.integrators.put(key, integrator);
        }
        return integrator;
    }

    /** Whether a read would have to create the integrator (then it is a write). */
    boolean integratorExists(SandboxState state, Principal principal) {
        return state.point.integrators.containsKey(integratorKey(principal.userId(), principal.clientId()));
    }

    Integrator existingIntegrator(SandboxState state, Principal principal) {
        return state.point.integrators.get(integratorKey(principal.userId(), principal.clientId()));
    }

    /**
     * One integrator per application and user: an OAuth token (a marketplace acting for one of its sellers) reaches
     * the integrator of that application for that seller, so each seller has its own token and webhook; a
     * client-credentials token, the application owner's; a user's own token, the user's own integrator
     * (docs/sandbox/point.md, "Whose integrator").
     */
    static String integratorKey(long userId, String clientId) {
        return clientId != null ? APPLICATION_PREFIX + clientId + USER_INFIX + userId : USER_PREFIX + userId;
    }

    static final String APPLICATION_PREFIX = "app:";
    static final String USER_INFIX = ":user:";
    static final String USER_PREFIX = "user:";

    /** {@code PATCH .../integrators {"webhook"}}: registered, not yet valid. */
    void registerWebhook(SandboxState state, Principal principal, ObjectNode request) {
        String webhook = SandboxJson.text(request, "webhook");
        if (webhook == null || webhook.isBlank() || !httpUrl(webhook)) {
            throw PointErrors.badRequest("webhook must be an http(s) URL");
        }
        Integrator integrator = integrator(state, principal);
        integrator.webhook = webhook;
        integrator.validWebhook = false;
        integrator.updatedAt = context.clock().instant();
    }

    /** The challenge passed for that webhook: valid, unless the webhook changed meanwhile. */
    boolean webhookValidated(SandboxState state, String integratorKey, String webhook) {
        Integrator integrator = state.point.integrators.get(integratorKey);
        if (integrator == null || !webhook.equals(integrator.webhook)) {
            return false;
        }
        integrator.validWebhook = true;
        integrator.updatedAt = context.clock().instant();
        return true;
    }

    // ------------------------------------------------------------------------------------------- payment intents

    /** {@code POST /point/integration-api/devices/{id}/payment-intents}. */
    PaymentIntent createIntent(SandboxState state, Principal principal, String deviceId, ObjectNode request) {
        PointDevice device = ownDevice(state, principal, deviceId);
        long amount = amount(request, siteOf(state, principal.userId()));
        String description = optionalString(request, "description", 200);
        ObjectNode payment = intentPayment(request.get("payment"), amount);
        ObjectNode additionalInfo = additionalInfo(request.get("additional_info"));
        PaymentIntent intent = new PaymentIntent();
        intent.amount = amount;
        intent.description = description;
        intent.payment = payment;
        intent.additionalInfo = additionalInfo;
        queue(state, principal, device, intent, PointDevice.Queued.PAYMENT_INTENT);
        state.point.paymentIntents.put(intent.id, intent);
        return intent;
    }

    PaymentIntent ownIntent(SandboxState state, Principal principal, String intentId) {
        PaymentIntent intent = intentId == null ? null : state.point.paymentIntents.get(intentId);
        if (intent == null || intent.userId != principal.userId()) {
            throw PointErrors.intentNotFound();
        }
        return intent;
    }

    /** {@code DELETE .../devices/{device}/payment-intents/{id}}: only while OPEN. */
    PaymentIntent cancelIntent(SandboxState state, Principal principal, String deviceId, String intentId) {
        PointDevice device = ownDevice(state, principal, deviceId);
        PaymentIntent intent = ownIntent(state, principal, intentId);
        if (!intent.deviceId.equals(device.id)) {
            throw PointErrors.intentNotFound();
        }
        cancelOpen(state, intent);
        return intent;
    }

    /** Cancels an intent through the API: only while OPEN (409 once fetched: it is cancelled on the device). */
    private void cancelOpen(SandboxState state, TerminalIntent intent) {
        if (intent.state != IntentState.OPEN) {
            throw PointErrors.blockedByTerminal(intent.kind(), intent.state);
        }
        move(state, intent, IntentState.CANCELED);
    }

    // -------------------------------------------------------------------------------------------- refund intents

    /** {@code POST /point/integration-api/devices/{id}/refund}: on the device and for the user of the payment. */
    RefundIntent createRefund(SandboxState state, Principal principal, String deviceId, ObjectNode request) {
        PointDevice device = ownDevice(state, principal, deviceId);
        JsonNode paymentIdNode = request.get("payment_id");
        if (paymentIdNode == null || paymentIdNode.isNull() || !(paymentIdNode.isIntegralNumber()
                || paymentIdNode.isTextual() && paymentIdNode.asText().matches("\\d{1,18}"))) {
            throw PointErrors.badRequest("payment_id is required: the id of the Point payment, as a numeric string");
        }
        long paymentId = paymentIdNode.asLong();
        JsonNode info = request.get("additional_info");
        ObjectNode additionalInfo = SandboxJson.MAPPER.createObjectNode();
        if (info != null && !info.isNull()) {
            if (!info.isObject()) {
                throw PointErrors.badRequest("additional_info must be an object");
            }
            JsonNode print = info.get("print_on_terminal");
            if (print != null && !print.isNull()) {
                if (!print.isArray()) {
                    throw PointErrors.badRequest("additional_info.print_on_terminal must be an array of"
                            + " SELLER_TICKET, BUYER_TICKET");
                }
                for (JsonNode ticket : print) {
                    if (!ticket.isTextual() || !Set.of("SELLER_TICKET", "BUYER_TICKET").contains(ticket.asText())) {
                        throw PointErrors.badRequest("additional_info.print_on_terminal must be an array of"
                                + " SELLER_TICKET, BUYER_TICKET");
                    }
                }
                additionalInfo.set("print_on_terminal", print.deepCopy());
            }
        }
        Payment payment = state.payments.payments.peek(paymentId);
        if (payment == null || payment.collectorId != principal.userId() || payment.pointDeviceId == null) {
            throw PointErrors.badRequest("payment_id " + paymentId + " is not a Point payment of this user");
        }
        if (!payment.pointDeviceId.equals(device.id)) {
            throw PointErrors.badRequest("the payment was made on device " + payment.pointDeviceId
                    + ": a refund runs on the same device");
        }
        if (!"approved".equals(payment.status)) {
            throw PointErrors.badRequest("the payment is " + payment.status + ": only an approved payment is"
                    + " refunded");
        }
        RefundIntent refund = new RefundIntent();
        refund.paymentId = paymentId;
        refund.additionalInfo = additionalInfo;
        queue(state, principal, device, refund, PointDevice.Queued.REFUND_INTENT);
        state.point.refundIntents.put(refund.id, refund);
        return refund;
    }

    /**
     * Queues an intent on a device in PDV mode with nothing queued (409 otherwise): its id, owner and OPEN state,
     * notified when intermediate states are.
     */
    private void queue(SandboxState state, Principal principal, PointDevice device, TerminalIntent intent,
            PointDevice.Queued kind) {
        if (!device.integrated()) {
            throw PointErrors.deviceNotIntegrated(device.operatingMode);
        }
        if (device.busy()) {
            throw PointErrors.deviceBusy(device.queuedId);
        }
        intent.id = UUID.randomUUID().toString();
        intent.deviceId = device.id;
        intent.userId = principal.userId();
        intent.clientId = principal.clientId();
        intent.created(context.clock().instant());
        device.queue(kind, intent.id);
        notify(state, intent);
    }

    RefundIntent ownRefund(SandboxState state, Principal principal, String refundId) {
        RefundIntent refund = refundId == null ? null : state.point.refundIntents.get(refundId);
        if (refund == null || refund.userId != principal.userId()) {
            throw PointErrors.refundNotFound();
        }
        return refund;
    }

    /** {@code DELETE .../devices/{device}/refund/{id}}: only while OPEN. */
    RefundIntent cancelRefund(SandboxState state, Principal principal, String deviceId, String refundId) {
        PointDevice device = ownDevice(state, principal, deviceId);
        RefundIntent refund = ownRefund(state, principal, refundId);
        if (!refund.deviceId.equals(device.id)) {
            throw PointErrors.refundNotFound();
        }
        cancelOpen(state, refund);
        return refund;
    }

    // ---------------------------------------------------------------------------------------------------- orders

    /** {@code POST /v1/orders} with {@code type: point}: validated, idempotent on the key for 24 hours. */
    PointOrder createOrder(SandboxState state, Principal principal, ObjectNode request, String idempotencyKey) {
        String index = principal.userId() + ":" + idempotencyKey;
        Instant now = context.clock().instant();
        String fingerprint = Integer.toHexString(request.hashCode());
        String existingId = state.point.orderIdempotencyKeys.get(index);
        PointOrder existing = existingId == null ? null : state.point.orders.get(existingId);
        if (existing != null && now.isBefore(existing.createdAt.plus(Duration.ofHours(24)))) {
            if (!fingerprint.equals(existing.requestFingerprint)) {
                throw PointErrors.orders(409, "idempotency_key_already_used",
                        "The idempotency key was already used with another request in the last 24 hours");
            }
            return existing;
        }
        OrderRequest order = OrderRequest.check(request, siteOf(state, principal.userId()),
                context.options().pointAbandonAfter());
        PointDevice device = state.point.deviceOf(principal.userId(), order.terminalId());
        if (device == null) {
            throw PointErrors.orders(400, "property_value", "config.point.terminal_id is not a terminal of this"
                    + " user", "config.point.terminal_id");
        }
        if (!device.integrated()) {
            throw PointErrors.orders(400, "property_value", "the terminal is in " + device.operatingMode
                    + " mode: it must be in PDV mode (and restarted) to receive orders", "config.point.terminal_id");
        }
        if (device.busy()) {
            throw PointErrors.orders(409, "already_queued_order_on_terminal", "There is already an order or"
                    + " payment intent queued on the terminal: " + device.queuedId);
        }
        String site = siteOf(state, principal.userId());
        PointOrder created = new PointOrder();
        do {
            created.id = "ORD" + ulidish(context);
        } while (state.point.orders.containsKey(created.id));
        created.transactionId = "PAY" + ulidish(context);
        created.userId = principal.userId();
        created.clientId = principal.clientId();
        created.externalReference = order.externalReference();
        created.description = order.description();
        created.expirationTime = order.expirationTime().toString();
        created.expiresAt = now.plus(order.expirationTime());
        created.currency = CURRENCY_BY_SITE.getOrDefault(site, "BRL");
        created.countryCode = COUNTRY_BY_SITE.getOrDefault(site, "BR");
        created.terminalId = device.id;
        created.config = order.config();
        created.amount = order.amount();
        created.installments = order.installments();
        created.paymentTypeId = order.paymentType();
        created.idempotencyKey = idempotencyKey;
        created.requestFingerprint = fingerprint;
        created.createdAt = now;
        created.updatedAt = now;
        created.history.add(new StateChange(OrderStatus.CREATED.wireName(), now));
        state.point.orders.put(created.id, created);
        state.point.orderIdempotencyKeys.put(index, created.id);
        device.queue(PointDevice.Queued.ORDER, created.id);
        return created;
    }

    PointOrder ownOrder(SandboxState state, Principal principal, String orderId) {
        PointOrder order = orderId == null ? null : state.point.orders.get(orderId);
        if (order == null || order.userId != principal.userId()) {
            throw PointErrors.orderNotFound();
        }
        return order;
    }

    /**
     * {@code POST /v1/orders/{id}/cancel}: {@code created} is cancelled at once (200); {@code at_terminal} only with
     * {@code x-allow-cancelable-status: at_terminal}, asynchronously (202: canceled a moment later unless the terminal
     * acted first); anything else is 409 {@code cannot_cancel_order}.
     *
     * @return whether the cancellation is asynchronous (202)
     */
    boolean cancelOrder(SandboxState state, PointOrder order, boolean allowAtTerminal) {
        if (order.status == OrderStatus.CREATED) {
            moveOrder(state, order, OrderStatus.CANCELED, "canceled", "canceled", "canceled");
            return false;
        }
        if (order.status == OrderStatus.AT_TERMINAL && allowAtTerminal) {
            if (order.cancelRequestedAt == null) {
                order.cancelRequestedAt = context.clock().instant();
                order.changed(order.cancelRequestedAt);
            }
            return true;
        }
        throw PointErrors.orders(409, "cannot_cancel_order", "The order is " + order.status.wireName()
                + (order.status == OrderStatus.AT_TERMINAL
                        ? ": cancel it on the terminal, or send x-allow-cancelable-status: at_terminal"
                        : ": only a created order can be canceled"));
    }

    /**
     * {@code POST /v1/orders/{id}/refund}: the whole payment without a body, part of it with
     * {@code {"transactions":[{"id","amount"}]}}; idempotent on the key.
     */
    PointOrder refundOrder(SandboxState state, PointOrder order, ObjectNode request, String idempotencyKey) {
        for (PointOrder.OrderRefund refund : order.refunds) {
            if (idempotencyKey.equals(refund.idempotencyKey)) {
                return order;
            }
        }
        BigDecimal amount = null;
        JsonNode transactions = request.get("transactions");
        if (transactions != null && !transactions.isNull()) {
            if (!transactions.isArray() || transactions.size() != 1 || !transactions.get(0).isObject()) {
                throw PointErrors.orders(400, "property_type", "transactions must be an array with the one payment"
                        + " transaction", "transactions");
            }
            JsonNode transaction = transactions.get(0);
            if (!order.transactionId.equals(SandboxJson.text(transaction, "id"))) {
                throw PointErrors.orders(400, "property_value", "transactions[0].id must be the order's payment"
                        + " transaction " + order.transactionId, "transactions[0].id");
            }
            JsonNode value = transaction.get("amount");
            if (value != null && !value.isNull()) {
                amount = OrderRequest.money(value, "transactions[0].amount");
            }
        }
        if (order.status != OrderStatus.PROCESSED || order.paymentId == null) {
            throw PointErrors.orders(409, "cannot_refund_order", "The order is " + order.status.wireName()
                    + ": only a processed order can be refunded");
        }
        BigDecimal remaining = order.amount.subtract(order.refundedAmount);
        BigDecimal refunding = amount == null ? remaining : amount;
        if (refunding.signum() <= 0 || refunding.compareTo(remaining) > 0) {
            throw PointErrors.orders(400, "property_value", "the refund amount must be positive and at most the"
                    + " refundable " + PointJson.money(remaining), "transactions[0].amount");
        }
        Payment payment = state.payments.payments.get(order.paymentId);
        Refund made;
        try {
            made = payments.refundForCollector(state, payment, refunding, "order-refund:" + order.id + ":"
                    + idempotencyKey);
        } catch (ApiError refused) {
            throw PointErrors.orders(409, "cannot_refund_order", "The payment could not be refunded: "
                    + refused.getMessage());
        }
        Instant now = context.clock().instant();
        PointOrder.OrderRefund refund = new PointOrder.OrderRefund();
        refund.id = "REF" + ulidish(context);
        refund.transactionId = order.transactionId;
        refund.referenceId = made.id;
        refund.amount = refunding;
        refund.idempotencyKey = idempotencyKey;
        refund.createdAt = now;
        order.refunds.add(refund);
        order.refundedAmount = order.refundedAmount.add(refunding);
        if (order.refundedAmount.compareTo(order.amount) >= 0) {
            moveOrder(state, order, OrderStatus.REFUNDED, "refunded", "refunded", "refunded");
        } else {
            order.statusDetail = "partially_refunded";
            order.transactionStatusDetail = "partially_refunded";
            order.changed(now);
            notifyOrder(state, order, "order.refunded");
        }
        return order;
    }

    // ------------------------------------------------------------------------------------------ device simulator

    /** What the device simulator acted on. */
    record Acted(PointDevice.Queued kind, Object item) {
    }

    /** The item queued on a device, or a 409 ({@code nothing_queued}) when the device is idle. */
    private Object queued(SandboxState state, PointDevice device) {
        if (device.queuedId == null) {
            throw new ApiError(409, "nothing_queued", "nothing is queued on device " + device.id,
                    java.util.List.of());
        }
        return switch (device.queuedKind) {
            case PAYMENT_INTENT -> state.point.paymentIntents.get(device.queuedId);
            case REFUND_INTENT -> state.point.refundIntents.get(device.queuedId);
            case ORDER -> state.point.orders.get(device.queuedId);
        };
    }

    /** The device fetches what is queued: OPEN becomes ON_TERMINAL, created becomes at_terminal. */
    Acted pickUp(SandboxState state, PointDevice device) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        if (item instanceof TerminalIntent intent) {
            move(state, intent, IntentState.ON_TERMINAL);
        } else {
            moveOrder(state, (PointOrder) item, OrderStatus.AT_TERMINAL, "at_terminal", "at_terminal",
                    "at_terminal");
        }
        return new Acted(kind, item);
    }

    /** The buyer presents the card (fetched first if need be): PROCESSING; an order starts its 40 s. */
    Acted startProcessing(SandboxState state, PointDevice device) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        fetched(state, device, item);
        if (item instanceof TerminalIntent intent) {
            move(state, intent, IntentState.PROCESSING);
        } else {
            PointOrder order = (PointOrder) item;
            if (order.status != OrderStatus.AT_TERMINAL) {
                throw new IllegalTransition("an order in status " + order.status.wireName()
                        + " is not being paid at the terminal");
            }
            if (order.processingStartedAt == null) {
                order.processingStartedAt = context.clock().instant();
                order.changed(order.processingStartedAt);
            }
        }
        return new Acted(kind, item);
    }

    /**
     * The terminal completes the payment (or refund) with an outcome: by default the amount decides, as in Mercado
     * Pago's Point simulator. Steps not taken yet (fetch, start) are taken first.
     *
     * @param requested the outcome, or {@code null} for the amount's
     * @param paymentType the card type, or {@code null} for the intent's or order's
     */
    Acted process(SandboxState state, PointDevice device, Outcome requested, String paymentType) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        fetched(state, device, item);
        if (item instanceof PaymentIntent intent) {
            if (intent.state == IntentState.ON_TERMINAL) {
                move(state, intent, IntentState.PROCESSING);
            }
            Outcome outcome = requested != null ? requested : Outcome.forAmountInCents(intent.amount);
            processIntent(state, device, intent, outcome, paymentType);
        } else if (item instanceof RefundIntent refund) {
            if (refund.state == IntentState.ON_TERMINAL) {
                move(state, refund, IntentState.PROCESSING);
            }
            processRefund(state, refund, requested == null ? Outcome.APPROVED : requested);
        } else {
            PointOrder order = (PointOrder) item;
            Outcome outcome = requested != null
                    ? requested
                    : Outcome.forAmountInCents(order.amount.movePointRight(2).longValue());
            processOrder(state, device, order, outcome, paymentType);
        }
        return new Acted(kind, item);
    }

    /**
     * The terminal lost the payment's result: the payment is made (approved unless {@code outcome} says otherwise),
     * but the intent ends CONFIRMATION_REQUIRED and the order becomes action_required (check on the terminal).
     */
    Acted confirmationRequired(SandboxState state, PointDevice device, Outcome requested) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        Outcome outcome = requested == null ? Outcome.APPROVED : requested;
        if (outcome != Outcome.APPROVED && outcome != Outcome.REJECTED) {
            throw ApiError.keyed("invalid_request", "confirmation_required takes an approved or rejected outcome");
        }
        if (item instanceof RefundIntent) {
            throw new IllegalTransition("a refund intent cannot become CONFIRMATION_REQUIRED");
        }
        fetched(state, device, item);
        if (item instanceof PaymentIntent intent) {
            if (intent.state == IntentState.ON_TERMINAL) {
                move(state, intent, IntentState.PROCESSING);
            }
            if (intent.state != IntentState.PROCESSING) {
                throw new IllegalTransition("a payment intent in state " + intent.state
                        + " cannot become CONFIRMATION_REQUIRED");
            }
            Payment payment = charge(state, device, intent, outcome, null);
            intent.paid(payment.id, "", "");
            move(state, intent, IntentState.CONFIRMATION_REQUIRED);
        } else {
            PointOrder order = (PointOrder) item;
            if (order.status != OrderStatus.AT_TERMINAL) {
                throw new IllegalTransition("an order in status " + order.status.wireName()
                        + " cannot become action_required");
            }
            if (order.processingStartedAt == null) {
                order.processingStartedAt = context.clock().instant();
            }
            chargeOrder(state, device, order, outcome, null);
            moveOrder(state, order, OrderStatus.ACTION_REQUIRED, "check_on_terminal", "action_required",
                    "check_on_terminal");
        }
        return new Acted(kind, item);
    }

    /** The terminal fails: ERROR, or failed for an order (fetched first if need be). */
    Acted error(SandboxState state, PointDevice device) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        fetched(state, device, item);
        if (item instanceof TerminalIntent intent) {
            move(state, intent, IntentState.ERROR);
        } else {
            moveOrder(state, (PointOrder) item, OrderStatus.FAILED, "processing_error", "failed",
                    "processing_error");
        }
        return new Acted(kind, item);
    }

    /** The buyer walks away: ABANDONED, or expired for an order, before the timer would do it. */
    Acted abandon(SandboxState state, PointDevice device) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        abandon(state, item);
        return new Acted(kind, item);
    }

    /** The seller cancels on the terminal (fetched first if need be); completes an asynchronous API cancellation. */
    Acted cancelOnTerminal(SandboxState state, PointDevice device) {
        Object item = queued(state, device);
        PointDevice.Queued kind = device.queuedKind;
        fetched(state, device, item);
        if (item instanceof TerminalIntent intent) {
            move(state, intent, IntentState.CANCELED);
        } else {
            moveOrder(state, (PointOrder) item, OrderStatus.CANCELED, "canceled", "canceled", "canceled");
        }
        return new Acted(kind, item);
    }

    /** The device restarts: a mode set through the API takes effect. */
    PointDevice restart(PointDevice device) {
        if (device.pendingOperatingMode != null) {
            device.operatingMode = device.pendingOperatingMode;
            device.pendingOperatingMode = null;
        }
        return device;
    }

    /** Takes the steps before processing that were not taken: an OPEN intent or created order is fetched. */
    private void fetched(SandboxState state, PointDevice device, Object item) {
        boolean waiting = item instanceof TerminalIntent intent && intent.state == IntentState.OPEN
                || item instanceof PointOrder order && order.status == OrderStatus.CREATED;
        if (waiting) {
            pickUp(state, device);
        }
    }

    /** Abandoned (an intent) or expired (an order). */
    private void abandon(SandboxState state, Object item) {
        if (item instanceof TerminalIntent intent) {
            move(state, intent, IntentState.ABANDONED);
        } else {
            moveOrder(state, (PointOrder) item, OrderStatus.EXPIRED, "expired", "expired", "expired");
        }
    }

    private void processIntent(SandboxState state, PointDevice device, PaymentIntent intent, Outcome outcome,
            String paymentType) {
        if (intent.state != IntentState.PROCESSING) {
            throw new IllegalTransition("a payment intent in state " + intent.state + " cannot be processed");
        }
        if (outcome == Outcome.ERROR) {
            move(state, intent, IntentState.ERROR);
            return;
        }
        Payment payment = charge(state, device, intent, outcome, paymentType);
        intent.paid(payment.id, payment.status, payment.paymentTypeId);
        move(state, intent, IntentState.PROCESSED);
        move(state, intent, IntentState.FINISHED);
    }

    /** The intent's payment: made, and for a reversal refunded at once. */
    private Payment charge(SandboxState state, PointDevice device, PaymentIntent intent, Outcome outcome,
            String paymentType) {
        String type = paymentType != null ? paymentType : intent.payment.path("type").asText("credit_card");
        int installments = intent.payment.path("installments").asInt(1);
        String reference = intent.additionalInfo == null
                ? null
                : intent.additionalInfo.path("external_reference").asText(null);
        Payment payment = payments.createInPerson(state, new PaymentService.InPersonCharge(intent.userId,
                intent.clientId, BigDecimal.valueOf(intent.amount, 2), installments, type,
                outcome == Outcome.REJECTED ? "cc_rejected_other_reason" : null,
                intent.description != null ? intent.description : "Point payment intent " + intent.id, reference,
                device.storeId, Long.toString(device.posId), device.id, "point-intent:" + intent.id));
        if (outcome == Outcome.REVERSED) {
            payments.refundForCollector(state, payment, null, "point-reversal:" + intent.id);
        }
        return payment;
    }

    private void processRefund(SandboxState state, RefundIntent refund, Outcome outcome) {
        if (refund.state != IntentState.PROCESSING) {
            throw new IllegalTransition("a refund intent in state " + refund.state + " cannot be processed");
        }
        if (outcome != Outcome.APPROVED) {
            move(state, refund, IntentState.ERROR);
            return;
        }
        Payment payment = state.payments.payments.get(refund.paymentId);
        try {
            refund.refundId = payments.refundForCollector(state, payment, null, "point-refund:" + refund.id).id;
        } catch (ApiError refused) {
            // The seller's balance, a refund made meanwhile...: the terminal shows an error.
            move(state, refund, IntentState.ERROR);
            return;
        }
        move(state, refund, IntentState.FINISHED);
    }

    private void processOrder(SandboxState state, PointDevice device, PointOrder order, Outcome outcome,
            String paymentType) {
        if (order.status != OrderStatus.AT_TERMINAL && order.status != OrderStatus.ACTION_REQUIRED) {
            throw new IllegalTransition("an order in status " + order.status.wireName() + " cannot be processed");
        }
        if (order.processingStartedAt == null) {
            order.processingStartedAt = context.clock().instant();
        }
        if (outcome == Outcome.ERROR) {
            moveOrder(state, order, OrderStatus.FAILED, "processing_error", "failed", "processing_error");
            return;
        }
        Payment payment = order.paymentId != null
                ? state.payments.payments.get(order.paymentId)
                : chargeOrder(state, device, order, outcome, paymentType);
        order.paymentId = payment.id;
        order.paymentMethodId = payment.paymentMethodId;
        order.paymentTypeId = payment.paymentTypeId;
        if (outcome == Outcome.REVERSED) {
            payments.refundForCollector(state, payment, null, "point-reversal:" + order.id);
            moveOrder(state, order, OrderStatus.FAILED, "reversed", "failed", "reversed");
        } else if ("approved".equals(payment.status)) {
            moveOrder(state, order, OrderStatus.PROCESSED, "processed", "processed", "processed");
        } else {
            moveOrder(state, order, OrderStatus.FAILED, "rejected_by_issuer", "failed", "rejected_by_issuer");
        }
    }

    private Payment chargeOrder(SandboxState state, PointDevice device, PointOrder order, Outcome outcome,
            String paymentType) {
        String type = paymentType != null ? paymentType : order.paymentTypeId;
        Payment payment = payments.createInPerson(state, new PaymentService.InPersonCharge(order.userId,
                order.clientId, order.amount, order.installments, type,
                outcome == Outcome.REJECTED ? "cc_rejected_other_reason" : null,
                order.description != null ? order.description : "Point order " + order.id,
                order.externalReference, device.storeId, Long.toString(device.posId), device.id,
                "point-order:" + order.id));
        order.paymentId = payment.id;
        order.paymentMethodId = payment.paymentMethodId;
        order.paymentTypeId = payment.paymentTypeId;
        return payment;
    }

    // ---------------------------------------------------------------------------------------------------- timers

    /** Whether a timer is due: a read, so that an idle sandbox does not write ten times a second. */
    boolean timersDue(SandboxState state, Instant now) {
        for (PointDevice device : state.point.devices.values()) {
            if (device.queuedId != null && due(state, device, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fires the timers due on the sandbox clock: intents abandoned and orders expired after
     * {@code pointAbandonAfter} (or the order's {@code expiration_time}), orders at the terminal that started
     * processing 40 s ago turned action_required, asynchronous cancellations completed.
     */
    void fireTimers(SandboxState state, Instant now) {
        for (PointDevice device : state.point.devices.values()) {
            if (device.queuedId == null || !due(state, device, now)) {
                continue;
            }
            Object item = queued(state, device);
            if (!(item instanceof PointOrder order)) {
                abandon(state, item);
            } else if (order.cancelRequestedAt != null && order.status == OrderStatus.AT_TERMINAL
                    && !now.isBefore(order.cancelRequestedAt.plus(ASYNC_CANCEL_AFTER))) {
                moveOrder(state, order, OrderStatus.CANCELED, "canceled", "canceled", "canceled");
            } else if (!now.isBefore(order.expiresAt)
                    && (order.status == OrderStatus.CREATED || order.status == OrderStatus.AT_TERMINAL)) {
                moveOrder(state, order, OrderStatus.EXPIRED, "expired", "expired", "expired");
            } else if (order.status == OrderStatus.AT_TERMINAL) {
                moveOrder(state, order, OrderStatus.ACTION_REQUIRED, "check_on_terminal", "action_required",
                        "check_on_terminal");
            }
        }
    }

    private boolean due(SandboxState state, PointDevice device, Instant now) {
        Duration abandonAfter = context.options().pointAbandonAfter();
        return switch (device.queuedKind) {
            case PAYMENT_INTENT -> {
                PaymentIntent intent = state.point.paymentIntents.peek(device.queuedId);
                yield intent != null && !intent.state.isFinal() && intent.state != IntentState.PROCESSED
                        && !now.isBefore(intent.createdAt.plus(abandonAfter));
            }
            case REFUND_INTENT -> {
                RefundIntent refund = state.point.refundIntents.peek(device.queuedId);
                yield refund != null && !refund.state.isFinal()
                        && !now.isBefore(refund.createdAt.plus(abandonAfter));
            }
            case ORDER -> {
                PointOrder order = state.point.orders.peek(device.queuedId);
                if (order == null) {
                    yield false;
                }
                boolean waiting = order.status == OrderStatus.CREATED || order.status == OrderStatus.AT_TERMINAL;
                yield waiting && !now.isBefore(order.expiresAt)
                        || order.status == OrderStatus.AT_TERMINAL && order.cancelRequestedAt != null
                                && !now.isBefore(order.cancelRequestedAt.plus(ASYNC_CANCEL_AFTER))
                        || order.status == OrderStatus.AT_TERMINAL && order.processingStartedAt != null
                                && !now.isBefore(order.processingStartedAt.plus(ACTION_REQUIRED_AFTER));
            }
        };
    }

    // ---------------------------------------------------------------------------------- transitions, notifications

    private void move(SandboxState state, TerminalIntent intent, IntentState next) {
        intent.moveTo(next, context.clock().instant());
        if (next.isFinal()) {
            release(state, intent.deviceId, intent.id);
        }
        notify(state, intent);
    }

    private void moveOrder(SandboxState state, PointOrder order, OrderStatus next, String detail,
            String transactionStatus, String transactionDetail) {
        order.moveTo(next, detail, context.clock().instant());
        order.transactionStatus = transactionStatus;
        order.transactionStatusDetail = transactionDetail;
        if (next.leftTheTerminal()) {
            release(state, order.terminalId, order.id);
        }
        if (next != OrderStatus.AT_TERMINAL) {
            notifyOrder(state, order, "order." + next.wireName());
        }
    }

    private static void release(SandboxState state, String deviceId, String itemId) {
        PointDevice device = state.point.devices.get(deviceId);
        if (device != null) {
            device.release(itemId);
        }
    }

    /**
     * An intent's state is notified to the integrator webhook (when validated; the intent's body, unsigned) and as a
     * {@code point_integration_wh} webhook to the application ({@code state_<STATE>}, or {@code refund_state_<STATE>}
     * for a refund intent, the sandbox's choice): final states always, the others when the sandbox is told to
     * ({@code notify_intermediate_states}).
     */
    private void notify(SandboxState state, TerminalIntent intent) {
        if (!intent.state.isFinal() && !state.point.notifyIntermediateStates) {
            return;
        }
        String action = intent.actionPrefix() + intent.state.name();
        Integrator integrator = state.point.integrators.get(integratorKey(intent.userId, intent.clientId));
        if (integrator != null && integrator.validWebhook) {
            context.notifier().notify(Notification.raw("point_integrator", action, intent.id, intent.userId,
                    intent.clientId, integrator.webhook, intent.notification()));
        }
        context.notifier().notify(new Notification("point_integration_wh", action, intent.id, intent.userId,
                intent.clientId, null));
    }

    /** An {@code order} webhook whose {@code data} is the order's summary (reference 5B). */
    private void notifyOrder(SandboxState state, PointOrder order, String action) {
        context.notifier().notify(Notification.withData("order", action, order.id, order.userId, order.clientId,
                null, PointJson.orderNotification(order)));
    }

    // ---------------------------------------------------------------------------------------------- validation

    /** An intent's {@code amount}: an integer of cents within the site's limits. */
    private static long amount(ObjectNode request, String site) {
        JsonNode value = request.get("amount");
        if (value == null || value.isNull()) {
            throw PointErrors.badRequest("amount is required: an integer with two implied decimals (1500 = 15.00)");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw PointErrors.badRequest("amount must be an integer with two implied decimals (1500 = 15.00)");
        }
        long[] limits = limits(site);
        long amount = value.asLong();
        if (amount < limits[0] || amount > limits[1]) {
            throw PointErrors.badRequest("amount must be between " + limits[0] + " and " + limits[1] + " on " + site);
        }
        return amount;
    }

    static long[] limits(String site) {
        return AMOUNT_LIMITS.getOrDefault(site, AMOUNT_LIMITS.get("MLB"));
    }

    /**
     * An intent's {@code payment}: type, installments (credit only; when more than one, each at least 5.00: the
     * reference's minimum installment, read as applying to payments in installments, since MLB's minimum amount is
     * 1.00), who pays the cost.
     */
    private static ObjectNode intentPayment(JsonNode value, long amount) {
        ObjectNode payment = SandboxJson.MAPPER.createObjectNode();
        if (value == null || value.isNull()) {
            return payment;
        }
        if (!value.isObject()) {
            throw PointErrors.badRequest("payment must be an object");
        }
        String type = SandboxJson.text(value, "type");
        if (type != null && !PAYMENT_TYPES.contains(type)) {
            throw PointErrors.badRequest("payment.type must be credit_card, debit_card or voucher_card");
        }
        JsonNode installmentsNode = value.get("installments");
        int installments = 1;
        if (installmentsNode != null && !installmentsNode.isNull()) {
            if (!installmentsNode.isIntegralNumber() || installmentsNode.asInt() < 1 || installmentsNode.asInt() > 72) {
                throw PointErrors.badRequest("payment.installments must be an integer from 1 to 72");
            }
            installments = installmentsNode.asInt();
            if (installments > 1 && !"credit_card".equals(type)) {
                throw PointErrors.badRequest("payment.installments above 1 need payment.type credit_card");
            }
            if (installments > 1 && amount < MIN_INSTALLMENT * installments) {
                throw PointErrors.badRequest("every installment must be at least " + MIN_INSTALLMENT
                        + " (amount / installments)");
            }
        }
        String cost = SandboxJson.text(value, "installments_cost");
        if (cost != null && !INSTALLMENTS_COSTS.contains(cost)) {
            throw PointErrors.badRequest("payment.installments_cost must be seller or buyer");
        }
        String voucher = SandboxJson.text(value, "voucher_type");
        if (voucher != null && (!VOUCHER_TYPES.contains(voucher) || !"voucher_card".equals(type))) {
            throw PointErrors.badRequest("payment.voucher_type (sodexo, alelo) goes with payment.type voucher_card");
        }
        if (installmentsNode != null && !installmentsNode.isNull()) {
            payment.put("installments", installments);
        }
        if (type != null) {
            payment.put("type", type);
        }
        if (cost != null) {
            payment.put("installments_cost", cost);
        }
        if (voucher != null) {
            payment.put("voucher_type", voucher);
        }
        return payment;
    }

    /** An intent's {@code additional_info}: external_reference, print_on_terminal (a boolean), ticket_number. */
    private static ObjectNode additionalInfo(JsonNode value) {
        ObjectNode info = SandboxJson.MAPPER.createObjectNode();
        if (value == null || value.isNull()) {
            return info;
        }
        if (!value.isObject()) {
            throw PointErrors.badRequest("additional_info must be an object");
        }
        String reference = optionalString(value, "external_reference", 64);
        if (reference != null) {
            info.put("external_reference", reference);
        }
        JsonNode print = value.get("print_on_terminal");
        if (print != null && !print.isNull()) {
            if (!print.isBoolean()) {
                throw PointErrors.badRequest("additional_info.print_on_terminal must be a boolean");
            }
            info.put("print_on_terminal", print.booleanValue());
        }
        String ticket = optionalString(value, "ticket_number", 20);
        if (ticket != null) {
            info.put("ticket_number", ticket);
        }
        return info;
    }

    private static String optionalString(JsonNode node, String field, int maxLength) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > maxLength) {
            throw PointErrors.badRequest(field + " must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static String siteOf(SandboxState state, long userId) {
        SandboxUser user = state.oauth.users.get(userId);
        return user == null || user.siteId == null ? "MLB" : user.siteId;
    }

    /** 26 characters of Crockford's alphabet, time-ordered first, as Orders API ids look. */
    private static String ulidish(SandboxContext context) {
        StringBuilder id = new StringBuilder(26);
        long time = context.clock().millis();
        for (int i = 9; i >= 0; i--) {
            id.append(ID_CHARS[(int) ((time >>> (5 * i)) & 31)]);
        }
        String random = context.randomAlphanumeric(16).toUpperCase(Locale.ROOT);
        for (char c : random.toCharArray()) {
            id.append(ID_CHARS[Character.digit(c, 36) % 32]);
        }
        return id.toString();
    }
}
