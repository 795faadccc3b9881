package dev.mpmarketplace.testing.mercadopago;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Mercado Pago sandbox's control API ({@code /sandbox/*}: docs/sandbox.md, docs/sandbox/webhooks.md,
 * docs/sandbox/faults.md), plus the few API calls tests make as a seller would (the OAuth code exchange and refresh,
 * a card payment), over plain HTTP as any client would use them. One instance per sandbox URL
 * ({@code mercadopago.sandbox-url}, injected by {@link WithMercadoPagoSandbox}); stateless and thread-safe.
 * <p>
 * Every call fails with {@link IllegalStateException} when the sandbox answers anything but the expected status, with
 * the method, path and status in the message (never a secret of the request).
 */
public final class SandboxControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param url the sandbox's base URL, e.g. {@code http://127.0.0.1:41234} */
    public SandboxControl(String url) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The sandbox's base URL. */
    public String url() {
        return url;
    }

    // --- Applications and users ---------------------------------------------------------------------------------

    /** Every registered application, the seeded marketplace application first. */
    public List<SandboxApplication> applications() {
        List<SandboxApplication> applications = new ArrayList<>();
        get("/sandbox/applications").forEach(json -> applications.add(SandboxApplication.from(json)));
        return applications;
    }

    /**
     * The seeded marketplace application: its webhooks go to notification-ingest-service and its redirect URL is
     * seller-linking-service's callback (in tests, both the application under test).
     */
    public SandboxApplication marketplaceApplication() {
        List<SandboxApplication> applications = applications();
        if (applications.isEmpty()) {
            throw new IllegalStateException("the sandbox has no application");
        }
        return applications.get(0);
    }

    /** Adds a redirect URL to the marketplace application, keeping the others. */
    public void addRedirectUri(String redirectUri) {
        SandboxApplication application = marketplaceApplication();
        List<String> uris = new ArrayList<>(application.redirectUris());
        uris.add(redirectUri);
        send("PATCH", "/sandbox/applications/" + application.clientId(), Map.of("redirect_uris", uris), 200);
    }

    /** Every user. */
    public List<SandboxUser> users() {
        List<SandboxUser> users = new ArrayList<>();
        get("/sandbox/users").forEach(json -> users.add(SandboxUser.from(json)));
        return users;
    }

    /** The user of the given nickname: {@code MARKETPLACE}, {@code SELLER_ONE}, {@code SELLER_TWO}, ... */
    public SandboxUser user(String nickname) {
        return users().stream().filter(user -> nickname.equals(user.nickname())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no sandbox user " + nickname));
    }

    /** The id of the user of the given nickname. */
    public long sellerId(String nickname) {
        return user(nickname).id();
    }

    /** A new seller of the test's own, so that no other test touches it; returns its user id. */
    public long newSeller() {
        return post("/sandbox/users", Map.of("role", "seller"), 201).get("id").asLong();
    }

    // --- OAuth as a seller ------------------------------------------------------------------------------------------

    /**
     * The seller approves the marketplace application on the consent page the given URL shows (its query as the
     * service built it), exactly as a click on "Authorize" would ({@code POST /sandbox/authorizations}); the sandbox
     * sends an {@code mp-connect} {@code application.authorized} webhook.
     *
     * @return where the browser is sent: the redirect URL with {@code code} and {@code state}
     */
    public URI approve(long userId, URI consentUrl) {
        Map<String, String> query = query(consentUrl);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", query.get("client_id"));
        body.put("user_id", userId);
        body.put("redirect_uri", query.get("redirect_uri"));
        body.put("state", query.get("state"));
        body.put("code_challenge", query.get("code_challenge"));
        body.put("code_challenge_method", query.get("code_challenge_method"));
        return URI.create(post("/sandbox/authorizations", body, 200).get("redirect_to").asText());
    }

    /**
     * The seller approves the marketplace application for a PKCE challenge of the test's own (no service involved).
     *
     * @return the authorization code
     */
    public String authorize(long userId, String codeChallenge) {
        SandboxApplication application = marketplaceApplication();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", application.clientId());
        body.put("user_id", Long.toString(userId));
        body.put("redirect_uri", application.redirectUri());
        body.put("state", "state-" + UUID.randomUUID());
        body.put("code_challenge", codeChallenge);
        body.put("code_challenge_method", "S256");
        URI redirect = URI.create(post("/sandbox/authorizations", body, 200).get("redirect_to").asText());
        return query(redirect).get("code");
    }

    /**
     * Links a seller to the marketplace application without a service (consent, then the code exchange, as the
     * application would make it) and returns the OAuth access token.
     */
    public String linkSeller(long userId) {
        return grant(userId).get("access_token").asText();
    }

    /**
     * Links a seller to the marketplace application without a service, as {@link #linkSeller}, and returns the whole
     * token answer ({@code access_token}, {@code refresh_token}, {@code public_key}, {@code expires_in}, ...): what
     * seller-linking-service writes to Vault.
     */
    public JsonNode grant(long userId) {
        String verifier = "verifier-" + UUID.randomUUID() + "-" + UUID.randomUUID();
        String code = authorize(userId, s256(verifier));
        SandboxApplication application = marketplaceApplication();
        Map<String, Object> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", application.clientId());
        exchange.put("client_secret", application.clientSecret());
        exchange.put("code", code);
        exchange.put("redirect_uri", application.redirectUri());
        exchange.put("code_verifier", verifier);
        return post("/oauth/token", exchange, 200);
    }

    /**
     * Calls {@code POST /oauth/token} with the refresh grant as the marketplace application, and answers whatever
     * the sandbox answered (200 with new tokens, 400 {@code invalid_grant} for a dead refresh token).
     */
    public HttpResponse<String> refreshGrant(String refreshToken) {
        SandboxApplication application = marketplaceApplication();
        String form = "grant_type=refresh_token&client_id=" + encode(application.clientId()) + "&client_secret="
                + encode(application.clientSecret()) + "&refresh_token=" + encode(refreshToken);
        return exchange(HttpRequest.newBuilder(URI.create(url + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /**
     * The seller revokes the marketplace application: its tokens for that seller die (401 / {@code invalid_grant})
     * and an {@code mp-connect} {@code application.deauthorized} webhook is sent.
     */
    public void revoke(long userId) {
        post("/sandbox/users/" + userId + "/revocations", Map.of("client_id", marketplaceApplication().clientId()),
                200);
    }

    // --- Payments as a seller ---------------------------------------------------------------------------------------

    /**
     * Creates an approved card payment of 100 with a seller's OAuth token through the sandbox's Payments API (a card
     * token first, then the payment with its own idempotency key); the sandbox sends the application a
     * {@code payment.created} webhook.
     *
     * @return the payment as the API answered it
     */
    public JsonNode createPayment(String accessToken) {
        ObjectNode card = JSON.createObjectNode()
                .put("card_number", "5031433215406351")
                .put("expiration_month", 11)
                .put("expiration_year", 2030)
                .put("security_code", "123");
        card.putObject("cardholder").put("name", "APRO");
        String cardToken = read(expect("POST /v1/card_tokens",
                exchange(HttpRequest.newBuilder(URI.create(url + "/v1/card_tokens"))
                        .header("Authorization", "Bearer " + accessToken)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(card.toString()))),
                201)).get("id").asText();
        ObjectNode payment = JSON.createObjectNode()
                .put("transaction_amount", 100)
                .put("token", cardToken)
                .put("installments", 1)
                .put("description", "test payment");
        payment.putObject("payer").put("email", "buyer@example.com");
        return read(expect("POST /v1/payments", exchange(HttpRequest.newBuilder(URI.create(url + "/v1/payments"))
                .header("Authorization", "Bearer " + accessToken)
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payment.toString()))), 201));
    }

    /**
     * A single-use card token of the test card (Mastercard, CPF 12345678909) made with a seller's public key, as
     * MercadoPago.js makes it in the buyer's browser; the cardholder's first word decides the payment's outcome
     * ({@code APRO} approved, {@code CONT} in process, {@code OTHE} rejected: docs/sandbox/payments.md).
     */
    public String cardToken(String publicKey, String cardholderName) {
        ObjectNode card = JSON.createObjectNode()
                .put("card_number", "5031433215406351")
                .put("expiration_month", 11)
                .put("expiration_year", 2030)
                .put("security_code", "123");
        card.putObject("cardholder").put("name", cardholderName).putObject("identification").put("type", "CPF")
                .put("number", "12345678909");
        return post("/v1/card_tokens?public_key=" + encode(publicKey), card, 201).get("id").asText();
    }

    /**
     * A single-use card token of a card saved on a seller's customer ({@code card_id} and its security code), as
     * MercadoPago.js makes it to pay with a saved card (docs/sandbox/customers.md).
     */
    public String savedCardToken(String publicKey, String cardId, String securityCode) {
        return post("/v1/card_tokens?public_key=" + encode(publicKey),
                Map.of("card_id", cardId, "security_code", securityCode), 201).get("id").asText();
    }

    /**
     * What the checkout page answered a buyer's payment: a redirect to a back URL ({@code location}) or a result
     * page ({@code body}).
     *
     * @param status 302 (redirected to a back URL), 200 (result page) or 400 (the form again, nothing paid)
     * @param location the back URL redirected to, or {@code null}
     * @param body the page, or the empty text
     */
    public record CheckoutAnswer(int status, String location, String body) {

        /** Mercado Pago's id of the payment made, from the back URL's or the result page's {@code payment_id}. */
        public long paymentId() {
            Matcher match = Pattern
                    .compile(location != null ? "[?&]payment_id=(\\d+)" : "id=\"payment_id\"[^>]*>\\s*(\\d+)")
                    .matcher(location != null ? location : body);
            if (!match.find()) {
                throw new IllegalStateException("the checkout made no payment (" + status + ")");
            }
            return Long.parseLong(match.group(1));
        }
    }

    /**
     * A buyer pays a preference on its checkout page ({@code POST /checkout/v1/pay}, as the page's form posts it)
     * with the published Mastercard test card; the cardholder's first word decides the outcome ({@code APRO},
     * {@code CONT}, {@code OTHE}: docs/sandbox/preferences.md).
     */
    public CheckoutAnswer payOnCheckoutPage(String preferenceId, String cardholderName, String email) {
        String form = "pref_id=" + encode(preferenceId) + "&card_number=5031433215406351&expiration=11%2F30"
                + "&security_code=123&cardholder_name=" + encode(cardholderName) + "&email=" + encode(email);
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url + "/checkout/v1/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        return new CheckoutAnswer(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                response.body());
    }

    /**
     * {@code POST /v1/payments} with a seller's token and an idempotency key, as any integration of the seller's
     * would; answers the payment (201, rejected ones included).
     */
    public JsonNode createPayment(String accessToken, String idempotencyKey, Object body) {
        return asSeller("POST", "/v1/payments", accessToken, idempotencyKey, body, 201);
    }

    /** A payment as Mercado Pago has it now ({@code GET /v1/payments/{id}} with the seller's token). */
    public JsonNode payment(String accessToken, long paymentId) {
        return asSeller("GET", "/v1/payments/" + paymentId, accessToken, null, null, 200);
    }

    /** The seller's payments whose {@code external_reference} is exactly the given one. */
    public List<JsonNode> paymentsByExternalReference(String accessToken, String externalReference) {
        List<JsonNode> results = new ArrayList<>();
        asSeller("GET", "/v1/payments/search?external_reference=" + encode(externalReference), accessToken, null,
                null, 200).path("results").forEach(results::add);
        return results;
    }

    /** {@code PUT /v1/payments/{id}} with the seller's token (a capture or a cancellation from the seller's panel). */
    public JsonNode updatePayment(String accessToken, long paymentId, Object body) {
        return asSeller("PUT", "/v1/payments/" + paymentId, accessToken, null, body, 200);
    }

    /** A refund with the seller's token: all that remains ({@code amount} {@code null}) or part of it. */
    public JsonNode refund(String accessToken, long paymentId, BigDecimal amount) {
        return asSeller("POST", "/v1/payments/" + paymentId + "/refunds", accessToken, UUID.randomUUID().toString(),
                amount == null ? Map.of() : Map.of("amount", amount), 201);
    }

    /** The refunds Mercado Pago lists for a payment, oldest first. */
    public List<JsonNode> refunds(String accessToken, long paymentId) {
        List<JsonNode> refunds = new ArrayList<>();
        asSeller("GET", "/v1/payments/" + paymentId + "/refunds", accessToken, null, null, 200)
                .forEach(refunds::add);
        return refunds;
    }

    /**
     * Resolves an in-process or pending payment as Mercado Pago eventually would ({@code approved} or
     * {@code rejected}; {@code POST /sandbox/payments/{id}/status}), which sends {@code payment.updated}.
     */
    public void resolvePayment(long paymentId, String status) {
        post("/sandbox/payments/" + paymentId + "/status", Map.of("status", status), 200);
    }

    /** Sets a seller's balance ({@code 0} makes its refunds fail with cause 2030). */
    public void balance(long userId, BigDecimal balance) {
        send("PUT", "/sandbox/users/" + userId + "/balance", Map.of("balance", balance), 200);
    }

    private JsonNode asSeller(String method, String path, String accessToken, String idempotencyKey, Object body,
            int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                .method(method, json(body));
        if (idempotencyKey != null) {
            request.header("X-Idempotency-Key", idempotencyKey);
        }
        return read(expect(method + " " + path.replaceFirst("\\?.*", ""), exchange(request), expectedStatus));
    }

    // --- Mercado Libre (docs/sandbox/mercadolibre.md) ---------------------------------------------------------------

    /** A new user of a role ({@code seller} or {@code buyer}) on a site ({@code MLB}, {@code MLA}, {@code MLM}, ...). */
    public long newUser(String role, String siteId) {
        return post("/sandbox/users", Map.of("role", role, "site_id", siteId), 201).get("id").asLong();
    }

    /**
     * A buyer buys one item from a seller on Mercado Libre ({@code POST /sandbox/mercadolibre/orders}): in Mercado
     * Pago's mandatory flow ({@code payment_required}, hidden from the seller, only {@code created_orders} sent) or not
     * ({@code confirmed}).
     *
     * @param siteId the site, or {@code null} for the seller's
     * @param condition {@code new} or {@code used} (in MLA and MLM a new item makes Mercado Pago mandatory)
     * @param mandatory whether Mercado Pago is mandatory, or {@code null} for the site's rule
     * @return the order (seller's view)
     */
    public JsonNode createMercadoLibreOrder(long sellerId, long buyerId, String siteId, String title,
            BigDecimal unitPrice, String condition, Boolean mandatory) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", title);
        item.put("quantity", 1);
        item.put("unit_price", unitPrice);
        item.put("condition", condition);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seller_id", sellerId);
        body.put("buyer_id", buyerId);
        if (siteId != null) {
            body.put("site_id", siteId);
        }
        body.put("items", List.of(item));
        if (mandatory != null) {
            body.put("mercadopago_mandatory", mandatory);
        }
        return post("/sandbox/mercadolibre/orders", body, 201);
    }

    /** A Mercado Libre order as the sandbox has it now. */
    public JsonNode mercadoLibreOrder(long orderId) {
        return get("/sandbox/mercadolibre/orders/" + orderId);
    }

    /**
     * The buyer pays (part of) a Mercado Libre order with a test card.
     *
     * @param amount the amount, or {@code null} for what is left to pay
     * @param outcome {@code approved}, {@code rejected} or {@code in_process}
     * @return {@code {"payment", "order"}}
     */
    public JsonNode payMercadoLibreOrder(long orderId, BigDecimal amount, String outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (amount != null) {
            body.put("amount", amount);
        }
        body.put("outcome", outcome);
        return post("/sandbox/mercadolibre/orders/" + orderId + "/payments", body, 201);
    }

    /** Refund to account money (Mexico, seed 001): the order stays {@code paid} with tag {@code unfulfilled}. */
    public JsonNode refundMercadoLibreOrderToAccountMoney(long orderId) {
        return post("/sandbox/mercadolibre/orders/" + orderId + "/refund-to-account-money", Map.of(), 200);
    }

    /** Cancels a Mercado Libre order for a reason ({@code out_of_stock}, {@code buyer_request}, ...). */
    public JsonNode cancelMercadoLibreOrder(long orderId, String reason) {
        return post("/sandbox/mercadolibre/orders/" + orderId + "/cancel", Map.of("reason", reason), 200);
    }

    /** Where the marketplace application receives the Mercado Libre feed, and which topics it follows. */
    public JsonNode mercadoLibreFeed() {
        return get("/sandbox/applications/" + marketplaceApplication().clientId() + "/mercadolibre");
    }

    /** Points the marketplace application's Mercado Libre feed at a callback URL, for these topics. */
    public JsonNode mercadoLibreFeed(String callbackUrl, List<String> topics) {
        return send("PATCH", "/sandbox/applications/" + marketplaceApplication().clientId() + "/mercadolibre",
                Map.of("callback_url", callbackUrl, "topics", topics), 200);
    }

    // --- Point (docs/sandbox/point.md) ------------------------------------------------------------------------------

    /** What the device simulator can do to what is queued on a device ({@link #actOnDevice}). */
    public enum DeviceAction {
        PICK_UP("pick-up"),
        START_PROCESSING("start-processing"),
        PROCESS("process"),
        CONFIRMATION_REQUIRED("confirmation-required"),
        ERROR("error"),
        ABANDON("abandon"),
        CANCEL("cancel"),
        RESTART("restart");

        private final String path;

        DeviceAction(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }

    /**
     * A seller's Point integrator as the Integration API answers it to that token ({@code GET
     * /point/integration-api/integrators}): {@code token}, {@code webhook}, {@code is_valid_webhook}.
     */
    public JsonNode pointIntegrator(String accessToken) {
        return read(expect("GET /point/integration-api/integrators", exchange(HttpRequest.newBuilder(
                URI.create(url + "/point/integration-api/integrators")).header("Authorization",
                        "Bearer "
                                + accessToken)
                .GET()),
                200));
    }

    /** Registers the integrator webhook of the token's seller ({@code PATCH .../integrators}), expecting 204. */
    public void registerPointWebhook(String accessToken, String webhook) {
        expect("PATCH /point/integration-api/integrators", exchange(HttpRequest.newBuilder(
                URI.create(url + "/point/integration-api/integrators")).header("Authorization",
                        "Bearer "
                                + accessToken)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("webhook", webhook)
                        .toString()))),
                204);
    }

    /**
     * Has the sandbox challenge the token's seller's registered webhook ({@code POST .../integrators/check}) and
     * answers what it answered: 204 when the challenge passed, 400 {@code webhook_validation_failed} otherwise.
     */
    public HttpResponse<String> checkPointWebhook(String accessToken) {
        return exchange(HttpRequest.newBuilder(URI.create(url + "/point/integration-api/integrators/check"))
                .header("Authorization", "Bearer " + accessToken)
                .header("X-Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Every integrator, with its token, scope, user and last check ({@code GET /sandbox/point/integrators}). */
    public JsonNode pointIntegrators() {
        return get("/sandbox/point/integrators");
    }

    /**
     * A seller's devices as the control API shows them: the API's fields plus {@code pending_operating_mode} and
     * {@code queued} ({@code {"kind","id","state"}} or {@code null}).
     */
    public List<JsonNode> pointDevices(long userId) {
        List<JsonNode> devices = new ArrayList<>();
        get("/sandbox/point/devices?user_id=" + userId).forEach(devices::add);
        return devices;
    }

    /** One device as the control API shows it. */
    public JsonNode pointDevice(String deviceId) {
        return get("/sandbox/point/devices/" + encode(deviceId));
    }

    /** The seller's device in the given operating mode ({@code PDV} or {@code STANDALONE}): its id. */
    public String pointDevice(long userId, String operatingMode) {
        return pointDevices(userId).stream().filter(d -> operatingMode.equals(d.path("operating_mode").asText()))
                .map(d -> d.path("id").asText()).findFirst()
                .orElseThrow(() -> new IllegalStateException("seller " + userId + " has no " + operatingMode
                        + " device"));
    }

    /**
     * A new device for a seller ({@code POST /sandbox/users/{id}/point-devices}): at a new point of sale of a new
     * store, {@code PDV}; answers it.
     */
    public JsonNode addPointDevice(long userId) {
        return post("/sandbox/users/" + userId + "/point-devices", Map.of(), 201);
    }

    /**
     * The device simulator acts on what is queued on the device ({@code POST /sandbox/point/devices/{id}/{action}}),
     * expecting 200; answers {@code {"kind","resource","device"}}.
     *
     * @param body {@code {"outcome": "approved"|"rejected"|"reversed"|"error", "payment_type"}} or empty
     */
    public JsonNode actOnDevice(String deviceId, DeviceAction action, Map<String, Object> body) {
        return post("/sandbox/point/devices/" + encode(deviceId) + "/" + action.path(), body, 200);
    }

    /** The same with no body. */
    public JsonNode actOnDevice(String deviceId, DeviceAction action) {
        return actOnDevice(deviceId, action, Map.of());
    }

    /** Whether the sandbox notifies intents' intermediate states too ({@code PUT /sandbox/point/settings}). */
    public void notifyPointIntermediateStates(boolean notify) {
        send("PUT", "/sandbox/point/settings", Map.of("notify_intermediate_states", notify), 200);
    }

    // --- Webhooks ---------------------------------------------------------------------------------------------------

    /**
     * A notification emitted by hand ({@code POST /sandbox/webhooks/test}).
     *
     * @param notificationId the notification's {@code id}
     * @param deliveries its deliveries (two when a duplicate fault fired)
     */
    public record EmittedNotification(String notificationId, List<WebhookDelivery> deliveries) {

        /** The first delivery. */
        public WebhookDelivery delivery() {
            return deliveries.get(0);
        }
    }

    /**
     * Emits a notification of any type to the marketplace application through the sandbox's real queue, signing,
     * retries and fault rules ({@code POST /sandbox/webhooks/test}).
     */
    public EmittedNotification emit(String type, String action, String dataId, long userId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", marketplaceApplication().clientId());
        body.put("type", type);
        body.put("action", action);
        body.put("data_id", dataId);
        body.put("user_id", userId);
        JsonNode answer = post("/sandbox/webhooks/test", body, 201);
        List<WebhookDelivery> deliveries = new ArrayList<>();
        answer.path("deliveries").forEach(json -> deliveries.add(WebhookDelivery.from(json)));
        return new EmittedNotification(answer.path("notification_id").asText(), List.copyOf(deliveries));
    }

    /** One delivery. */
    public WebhookDelivery delivery(String deliveryId) {
        return WebhookDelivery.from(get("/sandbox/webhooks/deliveries/" + deliveryId));
    }

    /**
     * The deliveries that match, newest first, every page.
     *
     * @param type a notification type, or {@code null} for any
     * @param status a status, or {@code null} for any
     * @param dataId a resource id, or {@code null} for any
     * @param userId a seller, or {@code null} for any
     */
    public List<WebhookDelivery> deliveries(String type, String status, String dataId, Long userId) {
        String filter = filter(type, status, dataId, userId);
        List<WebhookDelivery> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode page = get("/sandbox/webhooks/deliveries?limit=1000&offset=" + offset + filter);
            page.path("results").forEach(json -> all.add(WebhookDelivery.from(json)));
            offset += page.path("results").size();
            if (page.path("results").isEmpty() || offset >= page.at("/paging/total").asInt()) {
                return all;
            }
        }
    }

    /** Every delivery of the given status ({@code null}: any), newest first. */
    public List<WebhookDelivery> deliveries(String status) {
        return deliveries(null, status, null, null);
    }

    /** How many deliveries have the given status ({@code null}: any). */
    public int deliveryCount(String status) {
        return get("/sandbox/webhooks/deliveries?limit=1" + filter(null, status, null, null)).at("/paging/total")
                .asInt();
    }

    /** Makes every pending delivery due now and releases held out-of-order batches. */
    public void flush() {
        post("/sandbox/webhooks/flush", Map.of(), 200);
    }

    /** Waits until the delivery is no longer pending and returns it. */
    public WebhookDelivery awaitFinished(String deliveryId, Duration timeout) {
        return await(() -> delivery(deliveryId), delivery -> !delivery.isPending(), timeout,
                "delivery " + deliveryId + " still pending");
    }

    /**
     * Waits for the newest delivery of a notification type about a resource or a seller to finish, and returns it.
     *
     * @param dataId the resource id, or {@code null} for any
     * @param userId the seller, or {@code null} for any
     */
    public WebhookDelivery awaitDeliveryOf(String type, String dataId, Long userId, Duration timeout) {
        String query = "/sandbox/webhooks/deliveries?limit=1" + filter(type, null, dataId, userId);
        JsonNode newest = await(() -> get(query).path("results"),
                results -> !results.isEmpty() && !"pending".equals(results.get(0).path("status").asText()), timeout,
                "no finished " + type + " delivery about " + (dataId == null ? "seller " + userId : dataId));
        return WebhookDelivery.from(newest.get(0));
    }

    /** The body of the newest notification of this type and action the sandbox made for this seller. */
    public JsonNode lastNotification(String type, String action, long userId) {
        for (WebhookDelivery delivery : deliveries(type, null, null, userId)) {
            if (action.equals(delivery.action())) {
                return delivery.notification();
            }
        }
        throw new IllegalStateException("no " + type + " " + action + " notification for seller " + userId);
    }

    // --- Clock and faults -------------------------------------------------------------------------------------------

    /** The sandbox clock's now. */
    public Instant now() {
        return OffsetDateTime.parse(get("/sandbox/clock").path("now").asText()).toInstant();
    }

    /**
     * Moves the sandbox clock forward (never back), to whole seconds: token and code expiry, capture and refund
     * windows, and the webhook retry ladder, whose retries that fall due are sent at once.
     */
    public void advanceClock(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only moves forward: " + by);
        }
        post("/sandbox/clock", Map.of("advance_seconds", by.toSeconds()), 200);
    }

    /** Adds a fault rule (docs/sandbox/faults.md), e.g. {@code Map.of("kind", "error", "path", "/users/me")}. */
    public JsonNode fault(Map<String, Object> rule) {
        return post("/sandbox/faults", rule, 201);
    }

    /** Whether the fault rule is still there (a rule with {@code times} is removed once it fired that often). */
    public boolean hasFault(String id) {
        return exchange(HttpRequest.newBuilder(URI.create(url + "/sandbox/faults/" + id)).GET()).statusCode() == 200;
    }

    /**
     * How many {@code refresh_token} grants the sandbox gave the marketplace application for this seller
     * ({@code GET /sandbox/grants}).
     */
    public long refreshGrants(long userId) {
        JsonNode grants = get("/sandbox/grants?client_id=" + marketplaceApplication().clientId() + "&user_id="
                + userId);
        return grants.isEmpty() ? 0 : grants.get(0).path("refresh_token").asLong();
    }

    /** Deletes every fault rule. */
    public void clearFaults() {
        send("DELETE", "/sandbox/faults", null, 200);
    }

    // --- Plain calls ------------------------------------------------------------------------------------------------

    /** {@code GET} a control path, expecting 200. */
    public JsonNode get(String path) {
        return read(expect("GET " + path, exchange(HttpRequest.newBuilder(URI.create(url + path)).GET()), 200));
    }

    /** {@code POST} a JSON body (a map, a record or a {@link JsonNode}) to a path, expecting the given status. */
    public JsonNode post(String path, Object body, int expectedStatus) {
        return send("POST", path, body, expectedStatus);
    }

    private JsonNode send(String method, String path, Object body, int expectedStatus) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json").method(method, json(body)));
        return read(expect(method + " " + path, response, expectedStatus));
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON body: " + body.getClass(), e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox at " + url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the sandbox", e);
        }
    }

    private static String expect(String call, HttpResponse<String> response, int expectedStatus) {
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(call + " answered " + response.statusCode() + " (expected "
                    + expectedStatus + "): " + response.body());
        }
        return response.body();
    }

    private static JsonNode read(String body) {
        if (body == null || body.isEmpty()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox answered something that is not JSON", e);
        }
    }

    private static <T> T await(java.util.function.Supplier<T> poll, Predicate<T> done, Duration timeout,
            String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = poll.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + " after " + timeout);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the sandbox", e);
            }
        }
    }

    private static String filter(String type, String status, String dataId, Long userId) {
        StringBuilder filter = new StringBuilder();
        if (type != null) {
            filter.append("&type=").append(encode(type));
        }
        if (status != null) {
            filter.append("&status=").append(encode(status));
        }
        if (dataId != null) {
            filter.append("&data_id=").append(encode(dataId));
        }
        if (userId != null) {
            filter.append("&user_id=").append(userId);
        }
        return filter.toString();
    }

    /** The decoded query parameters of a URL, in order. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return query;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            query.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                    equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
