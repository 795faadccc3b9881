package dev.mpmarketplace.sandbox.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.sandbox.launcher.LaunchException;
import dev.mpmarketplace.sandbox.launcher.LocalRun;
import dev.mpmarketplace.sandbox.launcher.LocalService;
import dev.mpmarketplace.sandbox.launcher.Supervisor;
import dev.mpmarketplace.sandbox.launcher.demo.DemoHttp.Answer;

/**
 * {@code ./marketplace demo}: the whole platform shown working, as the marketplace and the people around it use it.
 * Everything goes through the services' public APIs (with tokens of the local run's key, as
 * {@code ./marketplace token} prints them), the pages a person sees (in headless Chromium) and the sandbox's control
 * API where a person at a terminal or Mercado Pago itself would act; every notification travels the real way
 * (sandbox, signed webhook, notification-ingest-service, Kafka, the services). Each step prints what the platform now
 * shows and checks it; the run ends with a summary and exit code 1 when any check failed.
 * <p>
 * When no local run is up, the demo starts one ({@code ./marketplace up}, its output in
 * {@code <home>/demo-up.log}) and stops it at the end.
 */
public final class Demo {

    /** How long one notification may take from the sandbox to the service's answer. */
    private static final Duration FLOW = Duration.ofSeconds(60);
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    /** A published Mastercard test card of Brazil (reference section 9); the cardholder name decides the outcome. */
    private static final String TEST_CARD = "5031433215406351";
    private static final String TOKEN_SUBJECT = "marketplace-demo";

    private final LocalRun localRun;
    private final PrintStream out;
    private final DemoReport report;
    private final DemoHttp http = new DemoHttp();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TopicWatch topics;
    private DemoBrowser browser;
    private ApiTokenIssuer issuer;

    // What the steps learn and hand on.
    private String clientId;
    private long sellerA;
    private long sellerB;
    private long buyerB;
    private String sellerAOwnToken;

    private Demo(LocalRun localRun, PrintStream out) {
        this.localRun = localRun;
        this.out = out;
        this.report = new DemoReport(out);
    }

    /** Runs the demo against the local run (started first if it is not up); 0 when every check passed, else 1. */
    public static int run(LocalRun localRun, PrintStream out) throws IOException, InterruptedException {
        Instant begin = Instant.now();
        Process started = null;
        if (!new Supervisor(localRun, List.of(), out, false).isUp()) {
            started = startLocalRun(localRun, out);
        } else {
            out.println("Using the local run that is up (" + localRun.home() + ").");
        }
        Demo demo = new Demo(localRun, out);
        try {
            demo.runSteps();
        } finally {
            if (started != null) {
                out.println();
                out.println("Stopping the local run the demo started...");
                started.destroy();
                if (!started.waitFor(90, TimeUnit.SECONDS)) {
                    started.destroyForcibly();
                }
                out.println("Stopped.");
            }
        }
        demo.report.summary(Duration.between(begin, Instant.now()), localRun.logs());
        return demo.report.passed() ? 0 : 1;
    }

    /** {@code ./marketplace up} as a child process, until it says it is ready; its output in demo-up.log. */
    private static Process startLocalRun(LocalRun localRun, PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(localRun.home());
        Path log = localRun.home().resolve("demo-up.log");
        out.println("No local run is up: starting one (./marketplace up, output in " + log + ")...");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.mpmarketplace.sandbox.launcher.Marketplace", "up");
        Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(up::destroy, "demo-stop-local-run"));
        Instant deadline = Instant.now().plus(UP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.readString(log);
            if (output.contains("Ctrl-C stops everything")) {
                out.println("The local run is up.");
                return up;
            }
            if (!up.isAlive()) {
                throw new LaunchException("the local run did not start (exit " + up.exitValue() + "):\n" + output);
            }
            Thread.sleep(500);
        }
        up.destroy();
        throw new LaunchException("the local run was not ready within " + UP_TIMEOUT.toMinutes() + " minutes; see "
                + log);
    }

    private void runSteps() throws InterruptedException {
        try (TopicWatch watch = new TopicWatch("127.0.0.1:" + localRun.kafkaPort(), Topic.allNames());
                DemoBrowser chromium = new DemoBrowser()) {
            topics = watch;
            browser = chromium;
            report.step("set-up: the local run, its sandbox and the topics");
            try {
                setUp();
            } catch (Exception e) {
                report.abandoned(e.getMessage());
                return;
            }
            step("Seller A links through the consent page in headless Chromium", this::linkSellerInBrowser);
            step("Seller B (Mexico) links; the consent is given through the sandbox's control API", this::linkSellerB);
            step("A buyer pays a preference with a marketplace fee on the checkout page (Chromium)",
                    this::payPreferenceInBrowser);
            step("An API payment with an application fee, then a partial refund", this::apiPaymentAndRefund);
            step("A Point intent, processed on a simulated device", this::pointIntent);
            step("A Mercado Libre order paid with two payments (one card rejected), refunded to account money",
                    this::mercadoLibreOrder);
            step("Seller A revokes the application", this::revokeSellerA);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(String title, Step step) {
        report.step(title);
        try {
            step.run();
        } catch (DemoException e) {
            report.abandoned(e.getMessage());
        } catch (Exception e) {
            report.abandoned(e.toString());
        }
    }

    // --- Set-up -------------------------------------------------------------------------------------------------------

    private void setUp() throws Exception {
        issuer = ApiTokenIssuer.local(ApiSigningKey.read(localRun.signingKey()));
        topics.awaitPositioned(Duration.ofSeconds(60));
        report.show("watching " + Topic.allNames().size() + " topics on 127.0.0.1:" + localRun.kafkaPort()
                + " from their ends");
        JsonNode application = http.get(sandbox("/sandbox/applications"), null).expect(200).json().get(0);
        clientId = application.path("client_id").asText();
        String webhookUrl = application.path("webhook_url").asText();
        String feedUrl = http.get(sandbox("/sandbox/applications/" + clientId + "/mercadolibre"), null).expect(200)
                .text("callback_url");
        report.show("sandbox application " + clientId + ": webhooks to " + webhookUrl + ", Mercado Libre feed to "
                + feedUrl);
        String ingest = localRun.url(LocalService.named("notification-ingest-service"));
        report.check("the sandbox signs its webhooks to notification-ingest-service",
                webhookUrl.equals(ingest + "/webhooks/mercadopago"), webhookUrl);
        report.check("the Mercado Libre feed goes to notification-ingest-service",
                (ingest + "/webhooks/mercadolibre").equals(feedUrl), feedUrl);
        for (LocalService service : LocalService.ALL) {
            // A local run still starting (up in another terminal) is waited for.
            boolean ready;
            try {
                ready = DemoHttp.await(service.module() + " ready", UP_TIMEOUT, last -> {
                    try {
                        Answer answer = http.get(localRun.readinessUrl(service), null);
                        last.append(answer.status());
                        return answer.status() == 200 ? Optional.of(true) : Optional.empty();
                    } catch (DemoException notListening) {
                        last.append(notListening.getMessage());
                        return Optional.empty();
                    }
                });
            } catch (DemoException e) {
                report.check(service.module() + " is ready", false, e.getMessage());
                continue;
            }
            report.check(service.module() + " is ready", ready, null);
        }
    }

    // --- 1. Seller A in the browser -------------------------------------------------------------------------------------

    private void linkSellerInBrowser() throws InterruptedException {
        int mark = topics.mark();
        JsonNode seller = http.post(sandbox("/sandbox/users"), null,
                Map.of("role", "seller", "nickname", "DEMO_SELLER_A_" + run), null).expect(201).json();
        sellerA = seller.path("id").asLong();
        sellerAOwnToken = seller.path("access_token").asText();
        String reference = "demo-seller-a-" + run;
        String linkUrl = linking("/sellers/links", reference);
        report.show("seller-linking-service gave a single-use link URL; Chromium opens it as seller " + sellerA);
        browser.open(linkUrl, "select#user_id");
        report.check("the link leads to the sandbox's consent page",
                browser.currentUrl().startsWith(localRun.sandboxUrl() + "/authorization?"), browser.currentUrl());
        browser.select("select#user_id", Long.toString(sellerA));
        browser.click("button#approve");
        browser.waitFor("h1#linked");
        report.check("after approving, the browser lands on the success page",
                browser.currentUrl().endsWith("/sellers/link/success"), browser.currentUrl());
        expectLinked(sellerA, reference, mark);
    }

    /** What the platform shows of a seller that just linked: LINKED, the events and the mp-connect notification. */
    private void expectLinked(long seller, String reference, int mark) throws InterruptedException {
        String token = token(Roles.SELLERS_READ);
        JsonNode shown = DemoHttp.await("seller " + seller + " LINKED", FLOW, last -> {
            Answer answer = http.get(url("seller-linking-service", "/sellers/" + seller), token);
            last.append(answer.body());
            return answer.status() == 200 && "LINKED".equals(answer.text("status"))
                    ? Optional.of(answer.json())
                    : Optional.empty();
        });
        report.show("GET /sellers/" + seller + ": status " + shown.path("status").asText() + ", reference "
                + shown.path("reference").asText() + ", token expires " + shown.path("token_expires_at").asText("?"));
        report.check("seller-linking-service shows the seller LINKED under its reference",
                reference.equals(shown.path("reference").asText()), shown.toString());
        awaitEvent(mark, Topic.SELLER_EVENTS, Long.toString(seller), "linked",
                "a seller linked event on sellers.events");
        awaitEvent(mark, Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS, Long.toString(seller), "",
                "the signed mp-connect webhook (application.authorized) reached Kafka through ingest");
        showEvents(mark, Long.toString(seller));
    }

    // --- 2. Seller B, Mexico, by the control API ---------------------------------------------------------------------

    private void linkSellerB() throws Exception {
        int mark = topics.mark();
        sellerB = http.post(sandbox("/sandbox/users"), null,
                Map.of("role", "seller", "site_id", "MLM", "nickname", "DEMO_SELLER_B_" + run), null).expect(201)
                .json().path("id").asLong();
        buyerB = http.post(sandbox("/sandbox/users"), null,
                Map.of("role", "buyer", "site_id", "MLM", "nickname", "DEMO_BUYER_B_" + run), null).expect(201)
                .json().path("id").asLong();
        String reference = "demo-seller-b-" + run;
        String linkUrl = linking("/sellers/links", reference);
        // The seller's browser follows the link to the consent page; the sandbox's control API approves as the seller
        // would, with the consent page's own parameters (state, PKCE challenge, redirect URI).
        String consent = location(linkUrl);
        report.check("the link leads to the sandbox's consent page",
                consent.startsWith(localRun.sandboxUrl() + "/authorization?"), consent);
        Map<String, String> query = query(URI.create(consent).getRawQuery());
        Map<String, Object> approval = new HashMap<>();
        approval.put("client_id", query.get("client_id"));
        approval.put("user_id", sellerB);
        approval.put("redirect_uri", query.get("redirect_uri"));
        approval.put("state", query.get("state"));
        approval.put("code_challenge", query.get("code_challenge"));
        approval.put("code_challenge_method", query.get("code_challenge_method"));
        String redirect = http.post(sandbox("/sandbox/authorizations"), null, approval, null).expect(200, 201)
                .text("redirect_to");
        report.show(
                "the sandbox approved for seller " + sellerB + " (MLM); the browser follows to " + pathOf(redirect));
        int landed = http.get(redirect, null).status();
        report.check("the OAuth callback accepted the code", landed == 302, "answered " + landed);
        expectLinked(sellerB, reference, mark);
    }

    // --- 3. Checkout Pro in the browser ------------------------------------------------------------------------------

    private void payPreferenceInBrowser() throws Exception {
        requireSeller(sellerA, "seller A");
        int mark = topics.mark();
        Map<String, Object> item = Map.of("title", "Demo T-shirt", "quantity", 2, "unit_price", new BigDecimal("50.00"),
                "currency_id", "BRL");
        Map<String, Object> preference = Map.of("seller_id", sellerA, "items", List.of(item), "marketplace_fee",
                new BigDecimal("10.00"), "payer", Map.of("email", "buyer-" + run + "@example.com"));
        JsonNode created = http.post(url("payment-service", "/preferences"), token(Roles.PAYMENTS_WRITE), preference,
                "demo-preference-" + run).expect(201).json();
        String preferenceId = created.path("id").asText();
        report.show("POST /preferences: " + preferenceId + ", state " + created.path("state").asText()
                + ", marketplace_fee " + created.path("mercadopago").path("marketplace_fee").asText());
        report.check("the preference was created at Mercado Pago with the marketplace fee",
                "created".equals(created.path("state").asText())
                        && new BigDecimal("10").compareTo(created.path("mercadopago").path("marketplace_fee")
                                .decimalValue()) == 0,
                created.toString());

        browser.open(created.path("sandbox_init_point").asText(), "input#card_number");
        browser.type("input#card_number", TEST_CARD);
        browser.type("input#expiration", "11/30");
        browser.type("input#security_code", "123");
        browser.type("input#cardholder_name", "APRO");
        browser.type("input#email", "buyer-" + run + "@example.com");
        browser.click("button#pay");
        browser.waitFor("#status");
        String pageStatus = browser.text("#status");
        report.show("the checkout page says: " + pageStatus + " (" + browser.text("#status_detail") + ")");
        report.check("the buyer's payment was approved on the checkout page", "approved".equals(pageStatus),
                pageStatus);

        String readToken = token(Roles.PAYMENTS_READ);
        String paymentId = DemoHttp.await("the checkout payment at payment-service", FLOW, last -> {
            Answer answer = http.get(url("payment-service", "/preferences/" + preferenceId), readToken);
            last.append(answer.body());
            JsonNode payments = answer.json().path("payments");
            return payments.isArray() && !payments.isEmpty()
                    ? Optional.of(payments.get(0).asText())
                    : Optional.empty();
        });
        JsonNode payment = awaitPaymentStatus(paymentId, "approved");
        showPayment(payment);
        report.check("payment-service linked the payment to the preference (origin external)",
                preferenceId.equals(payment.path("preference_id").asText())
                        && "external".equals(payment.path("origin").asText()),
                payment.toString());
        report.check("the marketplace fee became the payment's application fee (10.00)",
                new BigDecimal("10").compareTo(payment.path("application_fee").decimalValue()) == 0,
                payment.path("application_fee").asText());
        awaitEvent(mark, Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS, payment.path("mercadopago_payment_id").asText(), "",
                "the signed payment webhook reached Kafka through ingest");
        awaitEvent(mark, Topic.PAYMENT_EVENTS, paymentId, "status-changed", "payment-service published the status");
        showEvents(mark, paymentId, payment.path("mercadopago_payment_id").asText());
    }

    // --- 4. API payment and partial refund ------------------------------------------------------------------------------

    private void apiPaymentAndRefund() throws Exception {
        requireSeller(sellerA, "seller A");
        int mark = topics.mark();
        // The buyer's browser tokenizes the card (MercadoPago.js does this with the seller's key; here with the
        // seller's own credentials from the sandbox), the marketplace's backend pays with the token.
        Map<String, Object> card = Map.of("card_number", TEST_CARD, "expiration_month", 11, "expiration_year", 2030,
                "security_code", "123", "cardholder", Map.of("name", "APRO", "identification",
                        Map.of("type", "CPF", "number", "12345678909")));
        String cardToken = http.post(localRun.sandboxUrl() + "/v1/card_tokens", sellerAOwnToken, card, null)
                .expect(201).text("id");
        Map<String, Object> request = new HashMap<>();
        request.put("seller_id", sellerA);
        request.put("transaction_amount", new BigDecimal("250.00"));
        request.put("currency_id", "BRL");
        request.put("token", cardToken);
        request.put("description", "Demo order " + run);
        request.put("installments", 1);
        request.put("payment_method_id", "master");
        request.put("payer", Map.of("email", "buyer-" + run + "@example.com"));
        request.put("application_fee", new BigDecimal("25.00"));
        JsonNode created = http.post(url("payment-service", "/payments"), token(Roles.PAYMENTS_WRITE), request,
                "demo-payment-" + run).expect(201).json();
        String paymentId = created.path("id").asText();
        report.show("POST /payments: " + paymentId + " " + created.path("status").asText() + " ("
                + created.path("status_detail").asText() + "), application_fee "
                + created.path("application_fee").asText());
        report.check("the payment was approved with its application fee (25.00)",
                "approved".equals(created.path("status").asText()) && new BigDecimal("25")
                        .compareTo(created.path("application_fee").decimalValue()) == 0,
                created.toString());

        JsonNode refund = http.post(url("payment-service", "/payments/" + paymentId + "/refunds"),
                token(Roles.PAYMENTS_WRITE), Map.of("amount", new BigDecimal("100.00")), "demo-refund-" + run)
                .expect(201).json();
        report.show("POST /payments/" + paymentId + "/refunds {amount: 100.00}: " + DemoHttp.abbreviated(
                refund.toString()));
        JsonNode payment = DemoHttp.await("the partial refund on the payment", FLOW, last -> {
            Answer answer = http.get(url("payment-service", "/payments/" + paymentId), token(Roles.PAYMENTS_READ));
            last.append(answer.body());
            return answer.json().path("refunds").size() == 1 ? Optional.of(answer.json()) : Optional.empty();
        });
        showPayment(payment);
        report.check("the payment shows one refund of 100.00 and stays approved",
                new BigDecimal("100").compareTo(payment.path("refunds").get(0).path("amount").decimalValue()) == 0
                        && "approved".equals(payment.path("status").asText()),
                payment.toString());
        awaitEvent(mark, Topic.PAYMENT_EVENTS, paymentId, "refunded", "a payment refunded event on payments.events");
        showEvents(mark, paymentId);
    }

    // --- 5. Point --------------------------------------------------------------------------------------------------------

    private void pointIntent() throws Exception {
        requireSeller(sellerA, "seller A");
        int mark = topics.mark();
        String operate = token(Roles.POINT_OPERATE);
        String read = token(Roles.POINT_READ);
        http.put(url("point-service", "/sellers/" + sellerA + "/point"), operate,
                Map.of("enabled", true, "adapter", "INTEGRATION_API")).expect(200);
        JsonNode setUp = DemoHttp.await("the integrator webhook REGISTERED", FLOW, last -> {
            Answer answer = http.get(url("point-service", "/sellers/" + sellerA + "/point"), read);
            last.append(answer.body());
            return "REGISTERED".equals(answer.text("registration")) ? Optional.of(answer.json()) : Optional.empty();
        });
        report.show("PUT /sellers/" + sellerA + "/point: Integration API, integrator webhook "
                + setUp.path("registration").asText() + " at " + pathOf(setUp.path("webhook_url").asText()));
        report.check("Mercado Pago's challenge of the integrator webhook passed through ingest", true, null);
        JsonNode devices = http.get(url("point-service", "/sellers/" + sellerA + "/devices?refresh=true"), read)
                .expect(200).json().path("devices");
        String device = null;
        for (JsonNode candidate : devices) {
            if ("PDV".equals(candidate.path("operating_mode").asText())) {
                device = candidate.path("id").asText();
            }
        }
        if (device == null) {
            throw new DemoException("seller A has no device in PDV mode: " + devices);
        }
        Map<String, Object> request = Map.of("seller_id", sellerA, "device_id", device, "amount",
                new BigDecimal("75.50"), "description", "Demo counter sale", "external_reference", "demo-point-" + run);
        JsonNode intent = http.post(url("point-service", "/intents"), operate, request, "demo-intent-" + run)
                .expect(201).json();
        String intentId = intent.path("id").asText();
        report.show("POST /intents on device " + device + ": " + intentId + " " + intent.path("state").asText());

        // The person at the terminal: the device picks the intent up, the buyer taps a card, it is approved.
        JsonNode processed = http.post(sandbox("/sandbox/point/devices/" + device + "/process"), null,
                Map.of("outcome", "approved"), null).expect(200, 201).json();
        report.show("the simulated device processed it: " + processed.path("resource").path("state").asText());
        JsonNode finished = DemoHttp.await("the intent FINISHED at point-service", FLOW, last -> {
            Answer answer = http.get(url("point-service", "/intents/" + intentId), read);
            last.append(answer.body());
            return "FINISHED".equals(answer.text("state")) ? Optional.of(answer.json()) : Optional.empty();
        });
        for (JsonNode change : finished.path("timeline")) {
            report.show(String.format("  timeline  %-12s -> %-12s %-18s %s", change.path("from").asText("-"),
                    change.path("to").asText(), change.path("source").asText(), change.path("at").asText()));
        }
        report.check("point-service shows the intent FINISHED with an approved payment",
                "approved".equals(finished.path("payment").path("status").asText()), finished.toString());
        report.check("the FINISHED state came from a notification (through ingest), not from the demo",
                containsSource(finished.path("timeline"), "NOTIFICATION"), finished.path("timeline").toString());
        awaitEvent(mark, Topic.POINT_INTENT_EVENTS, intentId, "finished",
                "point-intent.finished on point-intents.events");
        awaitEvent(mark, Topic.MERCADOPAGO_POINT_NOTIFICATIONS, "", "",
                "the integrator webhook's notification reached Kafka through ingest");
        showEvents(mark, intentId, device);
    }

    private static boolean containsSource(JsonNode timeline, String source) {
        for (JsonNode change : timeline) {
            if (source.equals(change.path("source").asText())) {
                return true;
            }
        }
        return false;
    }

    // --- 6. Mercado Libre --------------------------------------------------------------------------------------------------

    private void mercadoLibreOrder() throws Exception {
        requireSeller(sellerB, "seller B");
        int mark = topics.mark();
        Map<String, Object> order = Map.of("seller_id", sellerB, "buyer_id", buyerB, "items",
                List.of(Map.of("title", "Demo headphones", "quantity", 1, "unit_price", new BigDecimal("591.00"))));
        JsonNode created = http.post(sandbox("/sandbox/mercadolibre/orders"), null, order, null).expect(201).json();
        String orderId = created.path("id").asText();
        report.show("the buyer ordered on Mercado Libre: order " + orderId + " " + created.path("status").asText());
        JsonNode rejected = http.post(sandbox("/sandbox/mercadolibre/orders/" + orderId + "/payments"), null,
                Map.of("outcome", "rejected"), null).expect(201).json().path("payment");
        JsonNode approved = http.post(sandbox("/sandbox/mercadolibre/orders/" + orderId + "/payments"), null,
                Map.of("outcome", "approved"), null).expect(201).json().path("payment");
        report.show("first card " + rejected.path("status").asText() + " (" + rejected.path("status_detail").asText()
                + "), second card " + approved.path("status").asText());

        String read = token(Roles.ORDERS_READ);
        JsonNode paid = awaitOrder(orderId, read, o -> "paid".equals(o.path("status").asText())
                && o.path("payments").size() == 2);
        showOrder(paid, read);
        report.check("order-projection-service shows the order paid with two payments, one rejected",
                statuses(paid).containsAll(List.of("approved", "rejected")), paid.toString());
        report.check("paid amount 591.00",
                new BigDecimal("591").compareTo(paid.path("paid_amount").decimalValue()) == 0,
                paid.path("paid_amount").asText());

        int refundMark = topics.mark();
        http.post(sandbox("/sandbox/mercadolibre/orders/" + orderId + "/refund-to-account-money"), null, null, null)
                .expect(200);
        report.show("the seller refunded the order to the buyer's account money");
        JsonNode refunded = awaitOrder(orderId, read, o -> o.path("tags").toString().contains("unfulfilled"));
        showOrder(refunded, read);
        report.check("the order stays paid, tagged unfulfilled, its payment tagged refund_account_money",
                "paid".equals(refunded.path("status").asText())
                        && refunded.path("payments").toString().contains("refund_account_money"),
                refunded.toString());
        awaitEvent(mark, Topic.MERCADOLIBRE_ORDER_NOTIFICATIONS, orderId, "",
                "the Mercado Libre feed reached Kafka through ingest");
        awaitEvent(refundMark, Topic.ORDER_EVENTS, refunded.path("id").asText(), "",
                "order-projection-service published the change on orders.events");
        showEvents(mark, orderId, refunded.path("id").asText());
    }

    private JsonNode awaitOrder(String mercadolibreOrderId, String token, java.util.function.Predicate<JsonNode> done) {
        return DemoHttp.await("order " + mercadolibreOrderId + " at order-projection-service", FLOW, last -> {
            Answer list = http.get(url("order-projection-service", "/sellers/" + sellerB + "/orders"), token);
            last.append(list.body());
            for (JsonNode candidate : list.json().path("orders")) {
                if (mercadolibreOrderId.equals(candidate.path("mercadolibre_order_id").asText())) {
                    Answer one = http.get(url("order-projection-service", "/orders/" + candidate.path("id").asText()),
                            token);
                    last.setLength(0);
                    last.append(one.body());
                    return done.test(one.json()) ? Optional.of(one.json()) : Optional.empty();
                }
            }
            return Optional.empty();
        });
    }

    private static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("payments").forEach(p -> statuses.add(p.path("status").asText()));
        return statuses;
    }

    private void showOrder(JsonNode order, String token) {
        report.show("GET /orders/" + order.path("id").asText() + ": " + order.path("status").asText() + ", paid "
                + order.path("paid_amount").asText() + " " + order.path("currency_id").asText() + ", tags "
                + order.path("tags"));
        for (JsonNode payment : order.path("payments")) {
            report.show("  payment " + payment.path("mercadopago_payment_id").asText() + " " + payment.path("status")
                    .asText() + " " + payment.path("transaction_amount").asText() + " tags " + payment.path("tags"));
        }
        JsonNode timeline = http.get(url("order-projection-service", "/orders/" + order.path("id").asText()
                + "/timeline"), token).expect(200).json().path("entries");
        for (JsonNode entry : timeline) {
            report.show(String.format("  timeline %2d %-11s %-28s %-14s -> %-14s (%s)", entry.path("seq").asInt(),
                    entry.path("kind").asText(), entry.path("subject").asText(""), entry.path("from").asText("-"),
                    entry.path("to").asText("-"), entry.path("cause").path("topic").asText("")));
        }
    }

    // --- 7. Revocation ------------------------------------------------------------------------------------------------------

    private void revokeSellerA() throws Exception {
        requireSeller(sellerA, "seller A");
        int mark = topics.mark();
        JsonNode revoked = http.post(sandbox("/sandbox/users/" + sellerA + "/revocations"), null,
                Map.of("client_id", clientId), null).expect(200).json();
        report.show("seller A revoked the application at Mercado Pago (" + revoked.path("revoked_tokens").asText()
                + " tokens died)");
        String token = token(Roles.SELLERS_READ);
        JsonNode seller = DemoHttp.await("seller A UNLINKED", FLOW, last -> {
            Answer answer = http.get(url("seller-linking-service", "/sellers/" + sellerA), token);
            last.append(answer.body());
            return "UNLINKED".equals(answer.text("status")) ? Optional.of(answer.json()) : Optional.empty();
        });
        report.show("GET /sellers/" + sellerA + ": " + seller.path("status").asText() + " since "
                + seller.path("unlinked_at").asText("?"));
        report.check("seller-linking-service shows seller A UNLINKED", true, null);
        awaitEvent(mark, Topic.MERCADOPAGO_CONNECT_NOTIFICATIONS, Long.toString(sellerA), "",
                "the signed mp-connect webhook (application.deauthorized) reached Kafka through ingest");
        awaitEvent(mark, Topic.SELLER_EVENTS, Long.toString(sellerA), "unlinked",
                "a seller unlinked event on sellers.events");
        Answer refused = DemoHttp.await("payment-service refusing seller A", FLOW, last -> {
            Answer answer = http.post(url("payment-service", "/preferences"), token(Roles.PAYMENTS_WRITE),
                    Map.of("seller_id", sellerA, "items", List.of(Map.of("title", "After revocation", "quantity", 1,
                            "unit_price", 1, "currency_id", "BRL"))),
                    "demo-after-revocation-" + run + "-" + UUID.randomUUID());
            last.append(answer.body());
            return answer.status() == 409 ? Optional.of(answer) : Optional.empty();
        });
        report.check("payment-service now refuses seller A (409 seller-not-linked)",
                refused.body().contains("seller-not-linked"), refused.body());
        showEvents(mark, Long.toString(sellerA));
    }

    // --- Helpers ---------------------------------------------------------------------------------------------------------

    private JsonNode awaitPaymentStatus(String paymentId, String status) {
        String read = token(Roles.PAYMENTS_READ);
        return DemoHttp.await("payment " + paymentId + " " + status, FLOW, last -> {
            Answer answer = http.get(url("payment-service", "/payments/" + paymentId), read);
            last.append(answer.body());
            return status.equals(answer.text("status")) ? Optional.of(answer.json()) : Optional.empty();
        });
    }

    private void showPayment(JsonNode payment) {
        report.show("GET /payments/" + payment.path("id").asText() + ": " + payment.path("status").asText() + " ("
                + payment.path("status_detail").asText() + "), " + payment.path("transaction_amount").asText() + " "
                + payment.path("currency_id").asText() + ", application_fee " + payment.path("application_fee")
                        .asText()
                + ", refunded " + payment.path("transaction_amount_refunded").asText("0"));
        for (JsonNode change : payment.path("timeline")) {
            report.show(String.format("  timeline  %-10s %-26s %-20s %s", change.path("status").asText(),
                    change.path("status_detail").asText(), change.path("source").asText(),
                    change.path("observed_at").asText()));
        }
    }

    private void awaitEvent(int mark, Topic topic, String needle, String typeContains, String what)
            throws InterruptedException {
        boolean seen = topics.await(mark, e -> e.topic().equals(topic.topicName()) && e.mentions(needle)
                && (typeContains.isEmpty() || (e.type() != null && e.type().contains(typeContains))), FLOW);
        report.check(what, seen, "nothing on " + topic.topicName() + " mentioning " + needle);
    }

    private void showEvents(int mark, String... needles) {
        List<TopicWatch.Event> events = topics.since(mark, List.of(needles));
        report.show("records on the topics (" + events.size() + "):");
        events.forEach(e -> report.show("  " + e.line()));
    }

    private void requireSeller(long seller, String name) {
        if (seller == 0) {
            throw new DemoException(name + " is not linked (an earlier step failed)");
        }
    }

    /** Starts a link for {@code reference} as the marketplace's backend: the single-use URL. */
    private String linking(String path, String reference) {
        return http.post(url("seller-linking-service", path), token(Roles.SELLERS_ADMIN),
                Map.of("reference", reference), null).expect(201).text("url");
    }

    private String location(String url) {
        java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
        try {
            return plain.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location")
                    .orElseThrow(() -> new DemoException("no redirect from the link URL"));
        } catch (IOException e) {
            throw new DemoException("GET link URL failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String pathOf(String url) {
        try {
            return URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** A token of the local run's key with these roles, as {@code ./marketplace token <roles>} prints it. */
    private String token(String... roles) {
        return issuer.issue(TOKEN_SUBJECT, List.of(roles));
    }

    private String url(String module, String path) {
        return localRun.url(LocalService.named(module)) + path;
    }

    private String sandbox(String path) {
        return localRun.sandboxUrl() + path;
    }
}
