package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.customers.Customer;
import dev.mpmarketplace.sandbox.mercadopago.customers.SavedCard;
import dev.mpmarketplace.sandbox.mercadopago.faults.FaultInjector;
import dev.mpmarketplace.sandbox.mercadopago.faults.FaultKind;
import dev.mpmarketplace.sandbox.mercadopago.faults.FaultRule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notification;

/**
 * Creates and changes payments by Mercado Pago's rules. Used by the Payments API and by the checkout page, which
 * creates the payment a buyer makes on a preference. Every method runs under the state lock.
 * <p>
 * Every payment is created by {@link #create}: validation first (state untouched on any error), then the outcome the
 * card token's cardholder name forces, then fees, balance and the {@code payment.created} webhook. Later changes
 * (cancel, capture, refund, capture expiry) send {@code payment.updated}.
 */
public final class PaymentService {

    /**
     * Mercado Pago's fee in the sandbox: 4.99% of the amount, rounded HALF_UP to cents, charged when the money is
     * captured and released at once (a fixed rate of the sandbox; real rates depend on site and release term).
     */
    public static final BigDecimal MERCADOPAGO_FEE_RATE = new BigDecimal("0.0499");
    /** An authorized payment not captured within 7 days of creation turns {@code cancelled/expired}. */
    public static final Duration CAPTURE_WINDOW = Duration.ofDays(7);
    /** Refunds are allowed up to 180 days after approval. */
    public static final Duration REFUND_WINDOW = Duration.ofDays(180);
    /** At most 20 refunds per payment. */
    public static final int MAX_REFUNDS = 20;

    private static final Set<String> CANCELLABLE = Set.of("pending", "in_process", "authorized");
    private static final Set<String> PAYER_TYPES = Set.of("customer", "registered", "guest");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Map<String, String> CURRENCY_BY_SITE = Map.of("MLA", "ARS", "MLB", "BRL", "MLM", "MXN",
            "MLC", "CLP", "MCO", "COP", "MPE", "PEN", "MLU", "UYU");

    private final SandboxContext context;

    public PaymentService(SandboxContext context) {
        this.context = context;
    }

    /** Headers of the create call that Mercado Pago copies into the payment. */
    record Origin(String platformId, String integratorId, String corporationId) {
        static final Origin NONE = new Origin(null, null, null);
    }

    /**
     * The result of a create call.
     *
     * @param replayed whether the key had been used before and the existing payment came back
     * @param sameRequest for a replay, whether the body equals the original one
     */
    record Created(Payment payment, boolean replayed, boolean sameRequest) {
    }

    /** The result of a refund call; {@code replayed} when the key had been used on this payment before. */
    record Refunded(Payment payment, Refund refund, boolean replayed) {
    }

    /**
     * Creates a payment as {@code POST /v1/payments} does, with idempotency on the key.
     *
     * @param principal who pays in whose name: the collector is {@code principal.userId()}; {@code application_fee}
     *        is allowed only when the principal acts for a seller through OAuth
     * @param request the request body (Mercado Pago's create-payment fields)
     * @param idempotencyKey the {@code X-Idempotency-Key}
     * @return the payment resource as Mercado Pago returns it (HTTP 201 even when rejected)
     * @throws dev.mpmarketplace.sandbox.mercadopago.http.ApiError for invalid requests, state unchanged
     */
    public ObjectNode create(SandboxState state, Principal principal, ObjectNode request, String idempotencyKey) {
        return PaymentJson.payment(create(state, principal, request, idempotencyKey, Origin.NONE, p -> {
        }).payment());
    }

    /**
     * Creates a payment as {@link #create(SandboxState, Principal, ObjectNode, String)} does, letting the caller link
     * the new payment (its order, its buyer) before it is stored and notified; a replayed key is not adjusted.
     *
     * @return the payment
     */
    public Payment create(SandboxState state, Principal principal, ObjectNode request, String idempotencyKey,
            Consumer<Payment> link) {
        return create(state, principal, request, idempotencyKey, Origin.NONE, link).payment();
    }

    /**
     * A card payment made on a Point terminal: the sandbox's device simulator processed a payment intent or an order.
     *
     * @param collectorId the seller whose device it is
     * @param clientId the application whose token created the intent or order ({@code null} for the seller's own)
     * @param amount in the seller's currency
     * @param paymentTypeId {@code credit_card}, {@code debit_card} or {@code voucher_card}
     * @param rejectionDetail {@code null} to approve, else the {@code status_detail} of a rejection
     * @param idempotencyKey unique per intent or order, so that processing twice cannot charge twice
     */
    public record InPersonCharge(long collectorId, String clientId, BigDecimal amount, int installments,
            String paymentTypeId, String rejectionDetail, String description, String externalReference,
            String storeId, String posId, String deviceId, String idempotencyKey) {
    }

    /** Creates the payment of an {@link InPersonCharge}, or answers the one its key made before. */
    public Payment createInPerson(SandboxState state, InPersonCharge charge) {
        Long existing = state.payments.idempotencyKeys.get(PaymentsState.idempotencyIndex(charge.collectorId(),
                charge.idempotencyKey()));
        if (existing != null) {
            return state.payments.payments.get(existing);
        }
        Instant now = context.clock().instant();
        Payment payment = new Payment();
        payment.id = state.payments.nextPaymentId++;
        payment.collectorId = charge.collectorId();
        payment.clientId = charge.clientId();
        payment.idempotencyKey = charge.idempotencyKey();
        payment.requestFingerprint = "point";
        payment.dateCreated = now;
        payment.dateLastUpdated = now;
        payment.currencyId = currency(state, charge.collectorId());
        payment.paymentTypeId = charge.paymentTypeId();
        payment.paymentMethodId = switch (charge.paymentTypeId()) {
            case "debit_card" -> "debmaster";
            case "voucher_card" -> "alelo";
            default -> "master";
        };
        payment.description = charge.description();
        payment.externalReference = charge.externalReference();
        payment.processingMode = "aggregator";
        payment.transactionAmount = charge.amount();
        payment.installments = Math.max(1, charge.installments());
        payment.captured = true;
        payment.pointOfInteractionType = "POINT";
        payment.storeId = charge.storeId();
        payment.posId = charge.posId();
        payment.pointDeviceId = charge.deviceId();
        payment.payer = payer(null, new CardToken());
        payment.card = new Payment.PaymentCard();
        payment.card.firstSixDigits = "503143";
        payment.card.lastFourDigits = "6351";
        payment.card.expirationMonth = 11;
        payment.card.expirationYear = 2030;
        payment.card.cardholderName = "APRO";
        payment.card.dateCreated = now;
        payment.card.dateLastUpdated = now;
        if (charge.rejectionDetail() == null) {
            payment.status = "approved";
            payment.statusDetail = "accredited";
            payment.authorizationCode = context.randomDigits(6);
            accredit(state, payment, now);
        } else {
            payment.status = "rejected";
            payment.statusDetail = charge.rejectionDetail();
        }
        state.payments.add(payment);
        context.notifier().notify(new Notification("payment", "payment.created", Long.toString(payment.id),
                payment.collectorId, payment.clientId, null));
        watchers(state, payment, true);
        return payment;
    }

    /**
     * Refunds a payment on behalf of its collector without an API call (a Point refund intent, an Orders API refund,
     * a cancelled Mercado Libre order): the same rules as {@code POST /v1/payments/{id}/refunds}.
     *
     * @param amount {@code null} for the whole remaining amount
     * @param idempotencyKey unique per cause, so that doing it twice refunds once
     * @throws ApiError as the refunds endpoint would (2018 not approved, 2030 no balance, ...)
     */
    public Refund refundForCollector(SandboxState state, Payment payment, BigDecimal amount, String idempotencyKey) {
        ObjectNode request = SandboxJson.MAPPER.createObjectNode();
        if (amount != null) {
            request.put("amount", amount);
        }
        Principal collector = new Principal(payment.collectorId, payment.clientId,
                payment.clientId == null ? IssuedToken.Kind.OWN : IssuedToken.Kind.OAUTH);
        return refund(state, collector, payment.id, request, idempotencyKey).refund();
    }

    /** The payment with that id as the principal sees it: the resource, or 404 {@code 2000}. */
    /**
     * Tokenizes a full card ({@code card_number}, {@code expiration_month}, {@code expiration_year},
     * {@code security_code}, {@code cardholder}) for a seller exactly as {@code POST /v1/card_tokens} does; for the
     * sandbox's own checkout page, so that there is one card validation and one token factory.
     *
     * @throws ApiError 400 with the card-token cause code of the first problem, state unchanged
     */
    public CardToken tokenizeCard(SandboxState state, long userId, String publicKey, ObjectNode card) {
        CardTokens tokens = new CardTokens(context);
        return tokens.create(state, userId, publicKey, tokens.validateCard(card));
    }

    public ObjectNode get(SandboxState state, Principal principal, long paymentId) {
        return PaymentJson.payment(owned(state, principal.userId(), paymentId));
    }

    Created create(SandboxState state, Principal principal, ObjectNode request, String idempotencyKey,
            Origin origin, Consumer<Payment> link) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw missingIdempotencyKey();
        }
        if (request == null) {
            throw ApiError.malformedJson();
        }
        long collectorId = principal.userId();
        String fingerprint = Integer.toHexString(request.hashCode());
        Long existingId = state.payments.idempotencyKeys.get(PaymentsState.idempotencyIndex(collectorId,
                idempotencyKey));
        if (existingId != null) {
            Payment existing = state.payments.payments.get(existingId);
            refresh(state, existing);
            return new Created(existing, true, fingerprint.equals(existing.requestFingerprint));
        }
        Instant now = context.clock().instant();

        BigDecimal amount = transactionAmount(request);
        String paymentMethodId = optionalText(request, "payment_method_id", 3028, "Invalid payment_method_id");
        String tokenId = optionalText(request, "token", 3003, "Invalid card_token_id");
        if (tokenId == null) {
            if (paymentMethodId == null) {
                throw ApiError.badRequest(2131, "Cannot infer Payment Method");
            }
            if (!CardBrands.CARD_METHODS.contains(paymentMethodId)) {
                throw ApiError.badRequest(3028, "Invalid payment_method_id: the sandbox simulates card payments"
                        + " only, '" + paymentMethodId + "' is not one");
            }
            throw ApiError.badRequest(2006, "Card Token not found");
        }
        CardToken token = state.payments.cardToken(tokenId);
        if (token == null || token.userId != collectorId) {
            throw ApiError.badRequest(2006, "Card Token not found");
        }
        // A used token pays again only under a card_token_reuse rule (docs/sandbox/faults.md), counted once it did.
        FaultRule reuse = token.used ? FaultInjector.draw(state.webhooks.faults, FaultKind.CARD_TOKEN_REUSE) : null;
        if ((token.used && reuse == null) || CardTokens.expired(token, now)) {
            throw ApiError.badRequest(3003, "Invalid card_token_id: the card token " + token.id
                    + " has been used or expired");
        }
        if (paymentMethodId == null) {
            paymentMethodId = token.paymentMethodId;
            if (paymentMethodId == null) {
                throw ApiError.badRequest(2131, "Cannot infer Payment Method");
            }
        } else if (!CardBrands.CARD_METHODS.contains(paymentMethodId)
                || (CardBrands.isTestCard(token.firstSixDigits) && !paymentMethodId.equals(token.paymentMethodId))) {
            throw ApiError.badRequest(3028, "Invalid payment_method_id: '" + paymentMethodId
                    + "' does not match the card of the token");
        }
        JsonNode issuer = request.get("issuer_id");
        if (issuer != null && !issuer.isNull() && !issuer.isValueNode()) {
            throw ApiError.badRequest(3001, "Invalid issuer_id");
        }
        String issuerId = issuer != null && !issuer.isNull() && !issuer.asText().isBlank()
                ? issuer.asText()
                : token.issuerId;
        int installments = installments(request);
        String description = optionalText(request, "description", 1, "description must be a string");
        String externalReference = optionalText(request, "external_reference", 1,
                "external_reference must be a string");
        String statementDescriptor = optionalText(request, "statement_descriptor", 1,
                "statement_descriptor must be a string");
        String callbackUrl = optionalText(request, "callback_url", 1, "callback_url must be a string");
        String processingMode = optionalText(request, "processing_mode", 1, "processing_mode must be a string");
        String notificationUrl = notificationUrl(request);
        JsonNode metadata = request.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ApiError.badRequest(4022, "metadata must be a valid JSON");
        }
        JsonNode additionalInfo = request.get("additional_info");
        if (additionalInfo != null && !additionalInfo.isNull() && !additionalInfo.isObject()) {
            throw ApiError.badRequest(1, "Params Error: additional_info must be an object");
        }
        boolean capture = flag(request, "capture", true);
        boolean binaryMode = flag(request, "binary_mode", false);
        BigDecimal applicationFee = applicationFee(request, principal, amount);
        JsonNode sponsor = request.get("sponsor_id");
        ObjectNode payer = payer(request.get("payer"), token);
        payerCheck(state, collectorId, token, payer);

        TestOutcomes.Outcome outcome = TestOutcomes.forCardholder(token.cardholderName, amount);
        if (binaryMode && !outcome.approved() && !"rejected".equals(outcome.status())) {
            outcome = TestOutcomes.BINARY_REJECTED;
        }
        if (!capture && outcome.approved()) {
            outcome = TestOutcomes.AUTHORIZED;
        }

        Payment payment = new Payment();
        payment.id = state.payments.nextPaymentId++;
        payment.collectorId = collectorId;
        payment.clientId = principal.clientId();
        payment.idempotencyKey = idempotencyKey;
        payment.requestFingerprint = fingerprint;
        payment.status = outcome.status();
        payment.statusDetail = outcome.statusDetail();
        payment.dateCreated = now;
        payment.dateLastUpdated = now;
        payment.currencyId = currency(state, collectorId);
        payment.paymentMethodId = paymentMethodId;
        payment.paymentTypeId = token.paymentTypeId != null ? token.paymentTypeId : "credit_card";
        payment.issuerId = issuerId;
        payment.description = description;
        payment.externalReference = externalReference;
        payment.statementDescriptor = statementDescriptor;
        payment.notificationUrl = notificationUrl;
        payment.callbackUrl = callbackUrl;
        payment.processingMode = processingMode != null ? processingMode : "aggregator";
        payment.platformId = origin.platformId();
        payment.integratorId = origin.integratorId();
        payment.corporationId = origin.corporationId();
        payment.sponsorId = sponsor == null || !sponsor.isValueNode() ? null : sponsor;
        payment.transactionAmount = amount;
        payment.authorizedAmount = "authorized".equals(outcome.status()) ? amount : null;
        payment.applicationFee = applicationFee;
        payment.installments = installments;
        payment.captured = capture;
        payment.binaryMode = binaryMode;
        payment.payer = payer;
        payment.metadata = metadata == null || metadata.isNull() ? null : snakeCaseKeys(metadata);
        payment.additionalInfo = additionalInfo == null || additionalInfo.isNull() ? null : additionalInfo.deepCopy();
        payment.card = card(token);
        payment.cardTokenId = token.id;
        if (outcome.approved() || "authorized".equals(outcome.status())) {
            payment.authorizationCode = context.randomDigits(6);
        }
        if (outcome.approved()) {
            accredit(state, payment, now);
        }
        if (reuse != null) {
            FaultInjector.consume(state.webhooks.faults, reuse);
        }
        token.used = true;
        token.dateUsed = now;
        payment.payerUserId = buyerOf(state, payer);
        link.accept(payment);
        state.payments.add(payment);
        context.notifier().notify(new Notification("payment", "payment.created", Long.toString(payment.id),
                collectorId, principal.clientId(), notificationUrl));
        watchers(state, payment, true);
        return new Created(payment, false, true);
    }

    /** The principal's payment, its lazy rules applied; 404 {@code 2000} when absent or another user's. */
    Payment owned(SandboxState state, long userId, long paymentId) {
        Payment payment = state.payments.payment(userId, paymentId);
        if (payment == null) {
            throw paymentNotFound();
        }
        refresh(state, payment);
        return payment;
    }

    /** Whether a read must become a write: an authorized payment whose capture window has closed. */
    boolean refreshDue(Payment payment) {
        return "authorized".equals(payment.status)
                && !context.clock().instant().isBefore(payment.dateCreated.plus(CAPTURE_WINDOW));
    }

    /**
     * Applies the rules that time triggers, lazily: an uncaptured authorization expires 7 days after creation
     * ({@code cancelled/expired}, dated at the deadline); the webhook leaves when the change is first seen.
     */
    void refresh(SandboxState state, Payment payment) {
        if (refreshDue(payment)) {
            payment.status = "cancelled";
            payment.statusDetail = "expired";
            payment.changed(payment.dateCreated.plus(CAPTURE_WINDOW));
            notifyUpdated(state, payment);
        }
    }

    /** {@code PUT /v1/payments/{id}}: cancel or capture. */
    Payment update(SandboxState state, Principal principal, long paymentId, ObjectNode request) {
        Payment payment = owned(state, principal.userId(), paymentId);
        JsonNode status = request.get("status");
        JsonNode capture = request.get("capture");
        if (status != null && !status.isNull()) {
            String wanted = status.isTextual() ? status.asText() : "";
            switch (wanted) {
                case "cancelled" -> {
                    if (!CANCELLABLE.contains(payment.status)) {
                        throw actionNotValid(payment);
                    }
                    payment.status = "cancelled";
                    payment.statusDetail = "by_collector";
                    payment.changed(context.clock().instant());
                    notifyUpdated(state, payment);
                }
                case "approved", "rejected" -> throw ApiError.forbidden(4,
                        "The caller is not authorized to perform this action: a payment cannot be set to " + wanted);
                default -> throw ApiError.badRequest(2016, "Invalid status for update: only cancelled is allowed");
            }
            return payment;
        }
        if (capture != null && !capture.isNull()) {
            if (!capture.isBoolean()) {
                throw ApiError.badRequest(1, "Params Error: capture must be a boolean");
            }
            if (!capture.booleanValue()) {
                return payment;
            }
            if (!"authorized".equals(payment.status)) {
                throw actionNotValid(payment);
            }
            BigDecimal amount = payment.authorizedAmount;
            JsonNode requested = request.get("transaction_amount");
            if (requested != null && !requested.isNull()) {
                BigDecimal captureAmount = requested.isNumber() ? plain(requested.decimalValue()) : null;
                if (captureAmount == null || captureAmount.signum() <= 0 || captureAmount.scale() > 2
                        || captureAmount.compareTo(payment.authorizedAmount) > 0) {
                    throw ApiError.badRequest(2017, "Invalid transaction_amount for update: it must be positive and"
                            + " not more than the authorized " + payment.authorizedAmount.toPlainString());
                }
                amount = captureAmount;
            }
            Instant now = context.clock().instant();
            payment.transactionAmount = amount;
            payment.status = "approved";
            payment.statusDetail = "accredited";
            payment.captured = true;
            accredit(state, payment, now);
            payment.changed(now);
            notifyUpdated(state, payment);
            return payment;
        }
        throw ApiError.badRequest(4017, "status attribute can't be null");
    }

    /** {@code POST /v1/payments/{id}/refunds}: full without an amount, partial with one. */
    Refunded refund(SandboxState state, Principal principal, long paymentId, ObjectNode request,
            String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw missingIdempotencyKey();
        }
        Payment payment = owned(state, principal.userId(), paymentId);
        Long existing = payment.refundIdempotencyKeys.get(idempotencyKey);
        if (existing != null) {
            Refund refund = payment.refunds.stream().filter(r -> r.id == existing).findFirst().orElseThrow();
            return new Refunded(payment, refund, true);
        }
        JsonNode requested = request.get("amount");
        BigDecimal amount = null;
        if (requested != null && !requested.isNull()) {
            if (!requested.isNumber()) {
                throw ApiError.badRequest(4037, "Invalid refund amount: it must be a number");
            }
            amount = plain(requested.decimalValue());
        }
        JsonNode metadata = request.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw ApiError.badRequest(4022, "metadata must be a valid JSON");
        }
        String reason = optionalText(request, "reason", 1, "reason must be a string");
        if (!"approved".equals(payment.status)) {
            throw actionNotValid(payment);
        }
        Instant now = context.clock().instant();
        if (!now.isBefore(payment.dateApproved.plus(REFUND_WINDOW))) {
            throw ApiError.badRequest(2024, "Payment too old to be refunded: refunds are allowed for 180 days");
        }
        if (payment.refunds.size() >= MAX_REFUNDS) {
            throw ApiError.badRequest(2022, "You have exceeded the max number of refunds for this payment ("
                    + MAX_REFUNDS + ")");
        }
        BigDecimal refundable = payment.refundable();
        if (amount == null) {
            amount = refundable;
        }
        if (amount.signum() <= 0 || amount.scale() > 2) {
            throw ApiError.badRequest(4037, "Invalid refund amount: it must be positive with at most 2 decimals");
        }
        if (amount.compareTo(refundable) > 0) {
            throw ApiError.badRequest(4037, "Invalid refund amount: " + amount.toPlainString()
                    + " is more than the refundable " + refundable.toPlainString());
        }
        boolean last = amount.compareTo(refundable) == 0;
        BigDecimal debit = last
                ? payment.netReceivedAmount.subtract(payment.netRefunded)
                : amount.multiply(payment.netReceivedAmount)
                        .divide(payment.transactionAmount, 2, RoundingMode.HALF_UP);
        if (state.payments.balance(payment.collectorId).compareTo(debit) < 0) {
            throw ApiError.badRequest(2030, "Collector hasn't enough money: the balance does not cover "
                    + debit.toPlainString());
        }
        Refund refund = new Refund();
        refund.id = state.payments.nextRefundId++;
        refund.paymentId = payment.id;
        refund.amount = amount;
        refund.dateCreated = now;
        refund.sourceId = Long.toString(principal.userId());
        SandboxUser user = state.oauth.users.get(principal.userId());
        refund.sourceName = user == null ? null : user.nickname;
        refund.metadata = metadata == null || metadata.isNull() ? null : metadata.deepCopy();
        refund.reason = reason;
        payment.refunds.add(refund);
        payment.refundIdempotencyKeys.put(idempotencyKey, refund.id);
        payment.transactionAmountRefunded = payment.transactionAmountRefunded.add(amount);
        payment.netRefunded = payment.netRefunded.add(debit);
        state.payments.credit(payment.collectorId, debit.negate());
        if (last) {
            payment.status = "refunded";
            payment.statusDetail = "refunded";
        } else {
            payment.statusDetail = "partially_refunded";
        }
        payment.changed(now);
        notifyUpdated(state, payment);
        return new Refunded(payment, refund, false);
    }

    /**
     * The sandbox's hand on a payment in process (control API): approves it (capturing, or authorizing when created
     * with {@code capture:false}) or rejects it with a detail.
     */
    Payment resolve(SandboxState state, long paymentId, String status, String statusDetail) {
        Payment payment = state.payments.payments.get(paymentId);
        if (payment == null) {
            throw paymentNotFound();
        }
        refresh(state, payment);
        if (!"in_process".equals(payment.status) && !"pending".equals(payment.status)) {
            throw actionNotValid(payment);
        }
        Instant now = context.clock().instant();
        switch (status == null ? "" : status) {
            case "approved" -> {
                if (payment.captured) {
                    payment.status = "approved";
                    payment.statusDetail = "accredited";
                    accredit(state, payment, now);
                } else {
                    payment.status = "authorized";
                    payment.statusDetail = "pending_capture";
                    payment.authorizedAmount = payment.transactionAmount;
                }
                payment.authorizationCode = context.randomDigits(6);
            }
            case "rejected" -> {
                payment.status = "rejected";
                payment.statusDetail = statusDetail != null ? statusDetail : "cc_rejected_other_reason";
            }
            default -> throw ApiError.badRequest(2016, "Invalid status: approved or rejected");
        }
        payment.changed(now);
        notifyUpdated(state, payment);
        return payment;
    }

    /** Money captured: fees, net, release date, the collector's balance. */
    private static void accredit(SandboxState state, Payment payment, Instant now) {
        payment.dateApproved = now;
        payment.moneyReleaseDate = now;
        payment.mercadopagoFee = payment.transactionAmount.multiply(MERCADOPAGO_FEE_RATE)
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal fees = payment.mercadopagoFee
                .add(payment.applicationFee == null ? BigDecimal.ZERO : payment.applicationFee);
        payment.netReceivedAmount = payment.transactionAmount.subtract(fees);
        state.payments.credit(payment.collectorId, payment.netReceivedAmount);
    }

    static BigDecimal installmentAmount(BigDecimal total, int installments) {
        return total.divide(BigDecimal.valueOf(Math.max(1, installments)), 2, RoundingMode.HALF_UP);
    }

    private void notifyUpdated(SandboxState state, Payment payment) {
        context.notifier().notify(new Notification("payment", "payment.updated", Long.toString(payment.id),
                payment.collectorId, payment.clientId, payment.notificationUrl));
        watchers(state, payment, false);
    }

    private void watchers(SandboxState state, Payment payment, boolean created) {
        for (PaymentWatcher watcher : context.paymentWatchers()) {
            watcher.paymentChanged(state, payment, created);
        }
    }

    /**
     * The sandbox user who pays, when the payer names one: a registered payer's user id, else the user whose e-mail
     * the payer gave. {@code null} for a payer the sandbox does not know (an anonymous guest).
     */
    private static Long buyerOf(SandboxState state, ObjectNode payer) {
        String id = payer.path("id").isNull() ? null : payer.path("id").asText(null);
        if (id != null && id.chars().allMatch(Character::isDigit) && !id.isEmpty() && id.length() < 19) {
            SandboxUser user = state.oauth.users.get(Long.parseLong(id));
            if (user != null) {
                return user.id;
            }
        }
        String email = payer.path("email").isNull() ? null : payer.path("email").asText(null);
        if (email != null) {
            for (SandboxUser user : state.oauth.users.values()) {
                if (email.equalsIgnoreCase(user.email)) {
                    return user.id;
                }
            }
        }
        return null;
    }

    private static BigDecimal transactionAmount(ObjectNode request) {
        JsonNode value = request.get("transaction_amount");
        if (value == null || value.isNull()) {
            throw ApiError.badRequest(4002, "transaction_amount attribute can't be null");
        }
        if (!value.isNumber()) {
            throw ApiError.badRequest(4003, "transaction_amount attribute must be numeric");
        }
        BigDecimal amount = plain(value.decimalValue());
        if (amount.signum() <= 0 || amount.scale() > 2) {
            throw ApiError.badRequest(4037, "Invalid transaction_amount: it must be positive with at most 2"
                    + " decimals");
        }
        return amount;
    }

    private static int installments(ObjectNode request) {
        JsonNode value = request.get("installments");
        if (value == null || value.isNull()) {
            return 1;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiError.badRequest(4005, "installments attribute must be a number");
        }
        int installments = value.intValue();
        if (installments < 1 || installments > 36) {
            throw ApiError.badRequest(4004, "Invalid installments: between 1 and 36");
        }
        return installments;
    }

    private static String notificationUrl(ObjectNode request) {
        String url = optionalText(request, "notification_url", 4020, "notification_url attribute must be url valid");
        if (url == null) {
            return null;
        }
        if (url.length() > 500) {
            throw ApiError.badRequest(4021, "notification_url attribute must be shorter than 500 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw ApiError.badRequest(4020, "notification_url attribute must be url valid");
        }
        return url;
    }

    private static boolean flag(ObjectNode request, String field, boolean absent) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw ApiError.badRequest(1, "Params Error: " + field + " must be a boolean");
        }
        return value.booleanValue();
    }

    private static BigDecimal applicationFee(ObjectNode request, Principal principal, BigDecimal amount) {
        JsonNode value = request.get("application_fee");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!principal.actsForSellerThroughOAuth()) {
            throw ApiError.badRequest(2021, "application_fee is only allowed with an access token a marketplace"
                    + " application obtained for the collector through OAuth");
        }
        if (!value.isNumber()) {
            throw ApiError.badRequest(1, "Params Error: application_fee must be a number");
        }
        BigDecimal fee = plain(value.decimalValue());
        if (fee.scale() > 2) {
            throw ApiError.badRequest(1, "Params Error: application_fee must have at most 2 decimals");
        }
        if (fee.signum() < 0) {
            throw ApiError.badRequest(4039, "application_fee cannot be a negative value");
        }
        if (fee.compareTo(amount) > 0) {
            throw ApiError.badRequest(4038, "application_fee cannot be bigger than transaction_amount");
        }
        return fee.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** The payer as the resource shows it; validated. */
    private static ObjectNode payer(JsonNode request, CardToken token) {
        if (request != null && !request.isNull() && !request.isObject()) {
            throw ApiError.badRequest(4006, "payer attribute is malformed");
        }
        JsonNode in = request == null || request.isNull() ? SandboxJson.MAPPER.createObjectNode() : request;
        String type = optionalText(in, "type", 4029, "Invalid payer type");
        if (type != null && !PAYER_TYPES.contains(type)) {
            throw ApiError.badRequest(4029, "Invalid payer type: customer, registered or guest");
        }
        String id = optionalText(in, "id", 4006, "payer attribute is malformed: id");
        if ("customer".equals(type) && id == null) {
            throw ApiError.badRequest(4012, "payer.id attribute can't be null");
        }
        String email = optionalText(in, "email", 4050, "payer.email must be a valid email");
        if (email != null && email.length() >= 254) {
            throw ApiError.badRequest(4051, "payer.email must be shorter than 254 characters");
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiError.badRequest(4050, "payer.email must be a valid email");
        }
        for (String objectField : List.of("identification", "phone", "address")) {
            JsonNode value = in.get(objectField);
            if (value != null && !value.isNull() && !value.isObject()) {
                throw ApiError.badRequest(4006, "payer attribute is malformed: " + objectField);
            }
        }
        ObjectNode payer = SandboxJson.MAPPER.createObjectNode();
        payer.put("id", id);
        payer.put("type", type);
        payer.put("email", email);
        ObjectNode identification = payer.putObject("identification");
        JsonNode requestedId = in.get("identification");
        if (requestedId != null && requestedId.isObject()) {
            identification.put("type", SandboxJson.text(requestedId, "type"));
            identification.put("number", SandboxJson.text(requestedId, "number"));
        } else {
            identification.put("type", token.identificationType);
            identification.put("number", token.identificationNumber);
        }
        ObjectNode phone = payer.putObject("phone");
        JsonNode requestedPhone = in.get("phone");
        phone.put("area_code", requestedPhone == null ? null : SandboxJson.text(requestedPhone, "area_code"));
        phone.put("number", requestedPhone == null ? null : SandboxJson.text(requestedPhone, "number"));
        phone.put("extension", requestedPhone == null ? null : SandboxJson.text(requestedPhone, "extension"));
        payer.put("first_name", optionalText(in, "first_name", 4006, "payer attribute is malformed: first_name"));
        payer.put("last_name", optionalText(in, "last_name", 4006, "payer attribute is malformed: last_name"));
        payer.put("entity_type", optionalText(in, "entity_type", 4006, "payer attribute is malformed: entity_type"));
        payer.putNull("operator_id");
        return payer;
    }

    /**
     * A customer payer must be a customer of the collector ({@code 2002 Customer not found}); the payment then shows
     * the customer's payer id, as Mercado Pago shows the payer's own id rather than the customer id. A saved card's
     * token pays only for the customer it is saved on, and only while it is still saved (Mercado Pago answers
     * {@code 2010 Card not found} otherwise).
     */
    private static void payerCheck(SandboxState state, long collectorId, CardToken token, ObjectNode payer) {
        String payerId = payer.path("id").isNull() ? null : payer.path("id").asText();
        boolean customerPayer = "customer".equals(payer.path("type").asText(null));
        if (token.cardId != null) {
            SavedCard card = state.customers.findCard(collectorId, token.cardId);
            if (card == null || !customerPayer || !Objects.equals(card.customerId, payerId)) {
                throw ApiError.badRequest(2010, "Card not found: a saved card pays with payer.type customer and"
                        + " payer.id the customer it is saved on");
            }
        }
        if (customerPayer) {
            Customer customer = state.customers.findCustomer(collectorId, payerId);
            if (customer == null) {
                throw ApiError.badRequest(2002, "Customer not found");
            }
            payer.put("id", customer.payerIdText());
            if (payer.path("email").isNull()) {
                payer.put("email", customer.email);
            }
        }
    }

    private static Payment.PaymentCard card(CardToken token) {
        Payment.PaymentCard card = new Payment.PaymentCard();
        card.id = token.cardId;
        card.firstSixDigits = token.firstSixDigits;
        card.lastFourDigits = token.lastFourDigits;
        card.expirationMonth = token.expirationMonth;
        card.expirationYear = token.expirationYear;
        card.cardholderName = token.cardholderName;
        card.identificationType = token.identificationType;
        card.identificationNumber = token.identificationNumber;
        card.dateCreated = token.dateCreated;
        card.dateLastUpdated = token.dateCreated;
        return card;
    }

    private static String currency(SandboxState state, long userId) {
        SandboxUser user = state.oauth.users.get(userId);
        return CURRENCY_BY_SITE.getOrDefault(user == null ? "MLB" : user.siteId, "BRL");
    }

    /**
     * Mercado Pago stores metadata keys in snake_case ({@code orderId} comes back as {@code order_id}), at every
     * level of the object.
     */
    static JsonNode snakeCaseKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = SandboxJson.MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(snakeCase(e.getKey()), snakeCaseKeys(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = SandboxJson.MAPPER.createArrayNode();
            node.forEach(element -> out.add(snakeCaseKeys(element)));
            return out;
        }
        return node;
    }

    static String snakeCase(String key) {
        StringBuilder out = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c)) {
                char previous = i > 0 ? key.charAt(i - 1) : '_';
                boolean nextLower = i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
                if (i > 0 && previous != '_' && (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower))) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A number as given, but never in exponent form ({@code 1E+2} becomes {@code 100}). */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.scale() > 2 ? value.stripTrailingZeros() : value;
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String optionalText(JsonNode node, String field, int code, String message) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw ApiError.badRequest(code, message);
        }
        return value.asText();
    }

    static ApiError paymentNotFound() {
        return ApiError.notFound(2000, "Payment not found");
    }

    static ApiError missingIdempotencyKey() {
        return ApiError.badRequest(1, "Params Error: the header X-Idempotency-Key is required (a unique key per"
                + " operation, e.g. a UUID v4)");
    }

    private static ApiError actionNotValid(Payment payment) {
        return ApiError.badRequest(2018, "The action requested is not valid for the current payment state ("
                + payment.status + "/" + payment.statusDetail + ")");
    }

    SandboxContext context() {
        return context;
    }
}
