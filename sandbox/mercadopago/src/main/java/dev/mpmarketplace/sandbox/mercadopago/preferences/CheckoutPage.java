package dev.mpmarketplace.sandbox.mercadopago.preferences;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Html;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.merchantorders.MerchantOrdersModule;
import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthModule;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.payments.CardToken;
import dev.mpmarketplace.sandbox.mercadopago.payments.Payment;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentService;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * The Checkout Pro page a preference's {@code init_point} opens: the items, the total and a test-card form. Paying
 * tokenizes the card and creates the payment through {@link PaymentService} in the collector's name (with the
 * preference's marketplace fee as {@code application_fee}), then returns the buyer to the integrator's
 * {@code back_urls} as Checkout Pro does. Element ids are stable for browser tests: {@code card_number},
 * {@code expiration}, {@code security_code}, {@code cardholder_name}, {@code email}, {@code pay}; results and
 * errors are in {@code status}, {@code status_detail}, {@code payment_id}, {@code back}, {@code error}.
 */
final class CheckoutPage {

    /** Mercado Pago's published test cards per site (reference section 9), shown as help on the page. */
    private static final Map<String, List<String>> TEST_CARDS = Map.of(
            "MLB", List.of("Mastercard 5031 4332 1540 6351", "Visa 4235 6477 2802 5682", "Amex 3753 651535 56885",
                    "Elo (debit) 5067 7667 8388 8311"),
            "MLA", List.of("Mastercard 5031 7557 3453 0604", "Visa 4509 9535 6623 3704", "Amex 3711 803032 57522"),
            "MLM", List.of("Mastercard 5474 9254 3267 0366", "Visa 4075 5957 1648 3764"),
            "MLC", List.of("Mastercard 5416 7526 0258 2580", "Visa 4168 8188 4444 7115", "Amex 3757 781744 61804"),
            "MCO", List.of("Mastercard 5254 1336 7440 3564", "Visa 4013 5406 8274 6260", "Amex 3743 781877 55283"),
            "MPE", List.of("Mastercard 5031 7557 3453 0604", "Visa 4009 1753 3280 6176"),
            "MLU", List.of("Mastercard 5031 7557 3453 0604"));

    /** Default identification per site, as the test-card tables give it for APRO. */
    private static final Map<String, String[]> TEST_IDENTIFICATION = Map.of("MLA", new String[]{"DNI", "12345678"},
            "MLB", new String[]{"CPF", "12345678909"});

    private final SandboxContext context;
    private final PreferenceService preferences;
    private final PaymentService payments;

    CheckoutPage(SandboxContext context, PreferenceService preferences) {
        this.context = context;
        this.preferences = preferences;
        this.payments = new PaymentService(context);
    }

    void register(Router router) {
        router.get("/checkout/v1/redirect").handler(this::page);
        router.post("/checkout/v1/pay").handler(this::pay);
    }

    /** Something the page shows instead of completing: a form error (form shown again) or a dead end. */
    private static final class PageProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final boolean showForm;

        PageProblem(int status, String message, boolean showForm) {
            super(message, null, false, false);
            this.status = status;
            this.showForm = showForm;
        }
    }

    /** The form as the buyer filled it in; the card number and CVV are never shown back. */
    private record CardForm(String cardNumber, String expiration, String securityCode, String cardholderName,
            String email) {

        static CardForm of(MultiMap form) {
            return new CardForm(digits(form.get("card_number")), trim(form.get("expiration")),
                    trim(form.get("security_code")), trim(form.get("cardholder_name")), trim(form.get("email")));
        }

        /** Without the card number and security code, which must never reach a log. */
        @Override
        public String toString() {
            return "CardForm[cardholderName=" + cardholderName + ", email=" + email + "]";
        }

        private static String digits(String value) {
            return value == null ? "" : value.replaceAll("[\\s-]", "");
        }

        private static String trim(String value) {
            return value == null ? "" : value.trim();
        }
    }

    /** What the payment answered, for the return to the integrator's site. */
    private record Paid(String preferenceId, String siteId, PreferenceTerms terms, String paymentId, String status,
            String statusDetail, String paymentType, String merchantOrderId) {
    }

    private void page(RoutingContext ctx) {
        String preferenceId = preferenceId(ctx.request().params());
        try {
            String page = context.read(state -> {
                Preference preference = payable(state, preferenceId);
                return form(preference, PreferenceService.terms(preference), null, null);
            });
            Replies.html(ctx, 200, page);
        } catch (PageProblem problem) {
            Replies.html(ctx, problem.status, deadEnd(problem.getMessage()));
        }
    }

    private void pay(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String preferenceId = preferenceId(form);
        CardForm card = CardForm.of(form);
        Paid paid;
        try {
            paid = context.write(state -> pay(state, preferenceId, card));
        } catch (PageProblem problem) {
            if (!problem.showForm) {
                Replies.html(ctx, problem.status, deadEnd(problem.getMessage()));
                return;
            }
            try {
                String page = context.read(state -> {
                    Preference preference = payable(state, preferenceId);
                    return form(preference, PreferenceService.terms(preference), problem.getMessage(), card);
                });
                Replies.html(ctx, problem.status, page);
            } catch (PageProblem gone) {
                // The preference expired between the payment attempt and this answer.
                Replies.html(ctx, gone.status, deadEnd(gone.getMessage()));
            }
            return;
        }
        String backUrl = paid.terms().backUrlFor(paid.status());
        String back = backUrl == null ? null : withReturnParams(backUrl, paid);
        if (back != null && paid.terms().returnsAutomatically(paid.status())) {
            Replies.redirect(ctx, back);
            return;
        }
        Replies.html(ctx, 200, result(paid, back));
    }

    private Paid pay(SandboxState state, String preferenceId, CardForm card) {
        Preference preference = payable(state, preferenceId);
        PreferenceTerms terms = PreferenceService.terms(preference);
        CardToken token = cardToken(state, preference, card);
        if (terms.excludedPaymentMethods().contains(token.paymentMethodId)
                || terms.excludedPaymentTypes().contains(token.paymentTypeId)) {
            state.payments.cardTokens.remove(token.id);
            throw new PageProblem(400, "The seller does not accept " + token.paymentMethodId + " ("
                    + token.paymentTypeId + ") for this purchase: pay with another card.", true);
        }
        Payment payment;
        try {
            Principal collector = new Principal(preference.collectorId, preference.tokenClientId,
                    preference.tokenKind);
            payment = payments.create(state, collector, paymentRequest(preference, terms, token, card),
                    "checkout-" + context.randomHex(32), made -> {
                        // Its merchant order is made and linked when the payment is stored (MerchantOrdersModule).
                        made.preferenceId = preference.id;
                        made.orderType = MerchantOrdersModule.ORDER_TYPE;
                    });
        } catch (ApiError refused) {
            state.payments.cardTokens.remove(token.id);
            throw new PageProblem(400, "The payment could not be made: " + refused.getMessage(), true);
        } catch (RuntimeException e) {
            state.payments.cardTokens.remove(token.id);
            throw e;
        }
        String paymentId = Long.toString(payment.id);
        preference.paymentIds.add(paymentId);
        return new Paid(preference.id, preference.siteId, terms, paymentId, payment.status, payment.statusDetail,
                payment.paymentTypeId != null ? payment.paymentTypeId : token.paymentTypeId, payment.orderId);
    }

    /** The preference if the page may take a payment for it now, by the sandbox clock. */
    private Preference payable(SandboxState state, String preferenceId) {
        if (preferenceId == null || preferenceId.isBlank()) {
            throw new PageProblem(400, "No preference given: open the init_point the preference answered.", false);
        }
        Preference preference = state.preferences.preferences.get(preferenceId);
        if (preference == null) {
            throw new PageProblem(404, "This payment link does not exist (preference " + preferenceId
                    + " not found).", false);
        }
        String unavailable = PreferenceService.terms(preference).unavailableAt(context.clock().instant());
        if (unavailable != null) {
            throw new PageProblem(400, unavailable, false);
        }
        return preference;
    }

    /**
     * Checks what only the page asks for (the MM/YY expiry field, the payer's email), then tokenizes the card through
     * the Payments API's own card validation, whose refusal the buyer sees on the page.
     */
    private CardToken cardToken(SandboxState state, Preference preference, CardForm card) {
        YearMonth expiry = expiry(card.expiration());
        if (expiry == null) {
            throw new PageProblem(400, "Check the expiration date (MM/YY).", true);
        }
        if (card.cardholderName().isEmpty()) {
            throw new PageProblem(400, "Enter the cardholder's name as printed on the card.", true);
        }
        if (!card.email().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || card.email().length() > 254) {
            throw new PageProblem(400, "Enter a valid email.", true);
        }
        String[] identification = TEST_IDENTIFICATION.getOrDefault(preference.siteId,
                new String[]{"Otro", "123456789"});
        ObjectNode request = SandboxJson.MAPPER.createObjectNode();
        request.put("card_number", card.cardNumber());
        request.put("expiration_month", expiry.getMonthValue());
        request.put("expiration_year", expiry.getYear());
        request.put("security_code", card.securityCode());
        ObjectNode cardholder = request.putObject("cardholder");
        cardholder.put("name", card.cardholderName());
        cardholder.putObject("identification").put("type", identification[0]).put("number", identification[1]);
        SandboxUser collector = state.oauth.users.get(preference.collectorId);
        try {
            CardToken token = payments.tokenizeCard(state, preference.collectorId,
                    collector == null ? null : collector.publicKey, request);
            if (token.paymentMethodId == null) {
                state.payments.cardTokens.remove(token.id);
                throw new PageProblem(400, "This card is not accepted: use one of the test cards.", true);
            }
            return token;
        } catch (ApiError refused) {
            throw new PageProblem(400, "Check the card: " + refused.getMessage() + ".", true);
        }
    }

    private static ObjectNode paymentRequest(Preference preference, PreferenceTerms terms, CardToken token,
            CardForm card) {
        ObjectNode request = SandboxJson.MAPPER.createObjectNode();
        request.put("transaction_amount", terms.amountToPay());
        request.put("token", token.id);
        request.put("installments", 1);
        request.put("payment_method_id", token.paymentMethodId);
        ObjectNode payer = request.putObject("payer");
        payer.put("email", card.email());
        ObjectNode identification = payer.putObject("identification");
        identification.put("type", token.identificationType);
        identification.put("number", token.identificationNumber);
        if (terms.externalReference() != null) {
            request.put("external_reference", terms.externalReference());
        }
        if (terms.notificationUrl() != null) {
            request.put("notification_url", terms.notificationUrl());
        }
        String title = terms.items().get(0).title();
        request.put("description", title == null || title.isBlank() ? "Checkout Pro " + preference.id : title);
        if (terms.statementDescriptor() != null) {
            request.put("statement_descriptor", terms.statementDescriptor());
        }
        request.putObject("metadata").put("preference_id", preference.id);
        if (terms.marketplaceFee().signum() > 0) {
            request.put("application_fee", terms.marketplaceFee());
        }
        request.put("binary_mode", terms.binaryMode());
        return request;
    }

    /** The back URL with the parameters Checkout Pro appends; absent values are the text {@code null}, as there. */
    private static String withReturnParams(String backUrl, Paid paid) {
        String externalReference = paid.terms().externalReference();
        return OAuthModule.withParams(backUrl, "collection_id", paid.paymentId(), "collection_status", paid.status(),
                "payment_id", paid.paymentId(), "status", paid.status(), "external_reference",
                externalReference == null ? "null" : externalReference, "payment_type", paid.paymentType(),
                "merchant_order_id", paid.merchantOrderId() == null ? "null" : paid.merchantOrderId(), "preference_id",
                paid.preferenceId(), "site_id", paid.siteId(),
                "processing_mode", "aggregator", "merchant_account_id", "null");
    }

    private static String form(Preference preference, PreferenceTerms terms, String error, CardForm filledIn) {
        StringBuilder rows = new StringBuilder();
        for (PreferenceTerms.Item item : terms.items()) {
            rows.append("<tr><td>").append(Html.escape(item.title())).append("</td><td>").append(item.quantity())
                    .append("</td><td>").append(money(item.unitPrice())).append("</td></tr>");
        }
        String shipping = terms.shippingCost() == null
                ? ""
                : "<p>Shipping: <span id=\"shipping_cost\">" + money(terms.shippingCost()) + "</span></p>";
        String email = filledIn != null ? filledIn.email() : payerEmail(terms);
        StringBuilder cards = new StringBuilder();
        TEST_CARDS.getOrDefault(preference.siteId, TEST_CARDS.get("MLB"))
                .forEach(c -> cards.append("<li>").append(Html.escape(c)).append("</li>"));
        return Html.page("Pay with Mercado Pago", """
                %s
                <table id="items"><tr><th>Item</th><th>Quantity</th><th>Unit price</th></tr>%s</table>
                %s
                <p>Total: <span id="currency">%s</span> <strong id="total">%s</strong></p>
                <form method="post" action="/checkout/v1/pay" id="payment_form">
                %s
                <p><label>Card number <input id="card_number" name="card_number" inputmode="numeric"
                autocomplete="cc-number"></label></p>
                <p><label>Expiration (MM/YY) <input id="expiration" name="expiration" placeholder="MM/YY"
                autocomplete="cc-exp" value="%s"></label></p>
                <p><label>Security code <input id="security_code" name="security_code" inputmode="numeric"
                autocomplete="cc-csc"></label></p>
                <p><label>Cardholder name <input id="cardholder_name" name="cardholder_name"
                autocomplete="cc-name" value="%s"></label></p>
                <p><label>Email <input id="email" name="email" type="email" value="%s"></label></p>
                <p><button type="submit" id="pay">Pay</button></p>
                </form>
                <p>Test cards (CVV 123, Amex 1234, any future expiry):</p><ul id="test_cards">%s</ul>
                <p>The cardholder name decides the outcome: APRO approves, OTHE rejects, CONT leaves it pending,
                CALL, FUND, SECU, EXPI, FORM reject for that reason.</p>
                """.formatted(error == null ? "" : "<p id=\"error\" role=\"alert\">" + Html.escape(error) + "</p>",
                rows, shipping, Html.escape(terms.currencyId()), money(terms.amountToPay()),
                Html.hidden("pref_id", preference.id), Html.escape(filledIn == null ? "" : filledIn.expiration()),
                Html.escape(filledIn == null ? "" : filledIn.cardholderName()), Html.escape(email), cards));
    }

    /** An amount as the page shows it: at least two decimals. */
    private static String money(BigDecimal amount) {
        return amount.setScale(Math.max(2, amount.scale())).toPlainString();
    }

    private static String payerEmail(PreferenceTerms terms) {
        return terms.payerEmail() == null ? "" : terms.payerEmail();
    }

    private static String result(Paid paid, String back) {
        String heading = switch (paid.status()) {
            case "approved" -> "Payment approved";
            case "in_process", "pending", "authorized" -> "Payment pending";
            default -> "Payment rejected";
        };
        String link = back == null
                ? ""
                : "<p><a id=\"back\" href=\"" + Html.escape(back) + "\">Back to the site</a></p>";
        return Html.page(heading, """
                <p>Status: <strong id="status">%s</strong> (<span id="status_detail">%s</span>)</p>
                <p>Payment: <span id="payment_id">%s</span></p>
                %s
                """.formatted(Html.escape(paid.status()), Html.escape(paid.statusDetail()),
                Html.escape(paid.paymentId()), link));
    }

    private static String deadEnd(String message) {
        return Html.page("Checkout unavailable", "<p id=\"error\" role=\"alert\">" + Html.escape(message) + "</p>");
    }

    /** {@code pref_id}, or {@code preference-id} as Checkout Pro's other links name it. */
    private static String preferenceId(MultiMap params) {
        String id = params.get("pref_id");
        return id != null ? id : params.get("preference-id");
    }

    /** {@code MM/YY} or {@code MM/YYYY}, else {@code null}. */
    private static YearMonth expiry(String text) {
        String[] parts = text.split("/");
        if (parts.length != 2 || !parts[0].trim().matches("\\d{1,2}") || !parts[1].trim().matches("\\d{2}|\\d{4}")) {
            return null;
        }
        int month = Integer.parseInt(parts[0].trim());
        int year = Integer.parseInt(parts[1].trim());
        if (month < 1 || month > 12) {
            return null;
        }
        return YearMonth.of(year < 100 ? 2000 + year : year, month);
    }
}
