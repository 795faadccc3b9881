package dev.mpmarketplace.sandbox.launcher.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.sandbox.launcher.LocalRun;
import dev.mpmarketplace.sandbox.launcher.LocalRunPorts;
import dev.mpmarketplace.sandbox.launcher.LocalService;
import dev.mpmarketplace.sandbox.launcher.SecretScanner;

/**
 * One {@code ./marketplace up} (the script, the packaged launcher and services, free ports, a temporary home), some
 * real traffic in it (a seller linked through OAuth, a signed webhook delivered), then {@link ApiFuzzer} over every
 * operation of every service, and {@link SecretScanner} over every log the run wrote: no 5xx, every error a problem,
 * no stack trace and no secret in any answer, no secret in any log. The build fuzzes with one fixed seed
 * ({@link #BUILD_SEED}), so that a red build is a change's doing, never a new draw; {@code -Dfuzz.seed=N} runs
 * another, and {@code sandbox/launcher/fuzz.sh} a new one each time: what a new seed finds is fixed with a test of
 * its own in the service (as the NUL in a search parameter, found by a CI run's seed, was).
 */
class ApiFuzzIT {

    /** The seed of the build's run (the one that first found the NUL in point-service's search). */
    static final long BUILD_SEED = 28_274_504_964_443L;

    private static final Path SCRIPT = Path.of("../../marketplace").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int PER_OPERATION = Integer.getInteger("fuzz.per-operation", 40);

    private static Path home;
    private static Map<String, String> env;
    private static LocalRun localRun;
    private static Process up;

    @BeforeAll
    static void startTheLocalRun() throws Exception {
        // Under target/, kept after the run: the logs a failure points at. Named by a UUID, which the secret scanner
        // knows, not by createTempDirectory's random number: that one appears in every log line naming a path, and one
        // time in twenty its 19 digits pass the Luhn check and were reported as a card number.
        home = Files.createDirectories(Path.of("target", "api-fuzz-" + UUID.randomUUID())).toAbsolutePath();
        env = LocalRunPorts.environment(home);
        localRun = LocalRun.fromEnvironment(env);
        up = command("up").redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(up.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    if (line.startsWith("Ctrl-C stops everything")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new AssertionError("up ended before it was ready: " + output));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        ready.get(5, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stopTheLocalRun() throws Exception {
        if (up != null && up.isAlive()) {
            Process down = command("down").redirectErrorStream(true).start();
            down.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            down.waitFor(3, TimeUnit.MINUTES);
            if (!up.waitFor(2, TimeUnit.MINUTES)) {
                up.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void noOperationOfAnyServiceAnswers5xxAStackTraceOrASecretAndNoLogHoldsOne() throws Exception {
        ApiTokenIssuer issuer = ApiTokenIssuer.local(ApiSigningKey.read(localRun.signingKey()));
        long seller = sandboxUser("SELLER_ONE");
        linkSeller(seller, issuer.issue("api-fuzz-it", List.of(Roles.SELLERS_ADMIN)));
        deliverPaymentNotification(seller);
        awaitLinkedEverywhere(seller, issuer);

        RunSecrets before = RunSecrets.read(localRun);
        assertThat(before.linkedSellers()).as("the linked seller's tokens are in Vault").contains(seller);
        long seed = Long.getLong("fuzz.seed", BUILD_SEED);
        System.out.println("ApiFuzzIT: seed " + seed + " (-Dfuzz.seed=" + seed + " repeats this run)");
        ApiFuzzer fuzzer = new ApiFuzzer(new SecretScanner(before.values()),
                roles -> issuer.issue("api-fuzz-it", roles), new FuzzHints().seller(seller), seed, PER_OPERATION);
        Instant start = Instant.now();
        ApiFuzzer.Report report = fuzzer.run(ApiFuzzer.targets(localRun));
        System.out.println("ApiFuzzIT: " + report.summary() + " in " + Duration.between(start, Instant.now())
                .toMillis() + " ms");
        System.out.println(report.operationList());
        report.failures().forEach(System.out::println);

        RunSecrets after = RunSecrets.read(localRun);
        SecretScanner scanner = new SecretScanner(after.values()).with(before.values()).with(fuzzer.mintedTokens());
        List<SecretScanner.Finding> leaks = scanner.scanDirectory(localRun.logs());
        leaks.forEach(leak -> System.out.println("ApiFuzzIT: LEAK " + leak));

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(report.operations()).as("every service documents operations")
                .hasSize(LocalService.ALL.size()).allSatisfy((service, names) -> assertThat(names).as(service)
                        .isNotEmpty());
        softly.assertThat(report.operations().get("notification-ingest-service")).as("the webhooks, public")
                .contains("POST /webhooks/mercadopago", "POST /webhooks/mercadolibre",
                        "POST /webhooks/point/{sellerId}");
        softly.assertThat(report.operations().get("seller-linking-service")).as("the OAuth callback and landing pages")
                .contains("GET /oauth/callback", "GET /sellers/link/{token}", "GET /sellers/link/success");
        softly.assertThat(report.failures()).as("broken answers (seed %d)", seed).isEmpty();
        softly.assertThat(leaks).as("secrets in the logs under %s", localRun.logs()).isEmpty();
        softly.assertAll();
    }

    // --- Real traffic before the fuzz, so that the logs hold what a working run writes -----------------------------

    /** The seller links as the marketplace's backend and the seller do, the consent given through the control API. */
    private static void linkSeller(long seller, String adminToken) throws Exception {
        String linking = localRun.url(LocalService.named("seller-linking-service"));
        HttpResponse<String> invitation = HTTP.send(HttpRequest.newBuilder(URI.create(linking + "/sellers/links"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reference\":\"fuzz-seller\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(invitation.statusCode()).as(invitation.body()).isEqualTo(201);
        HttpResponse<String> followed = get(FuzzInputs.JSON.readTree(invitation.body()).get("url").asText());
        URI consent = URI.create(followed.headers().firstValue("Location").orElseThrow());
        ObjectNode approval = FuzzInputs.JSON.createObjectNode().put("user_id", seller);
        for (String pair : consent.getRawQuery().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            String name = URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8);
            if (List.of("client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")
                    .contains(name)) {
                approval.put(name, URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
            }
        }
        JsonNode approved = post(localRun.sandboxUrl() + "/sandbox/authorizations", approval);
        HttpResponse<String> landed = get(approved.get("redirect_to").asText());
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
    }

    /**
     * Until payment-service has the seller's link event (the outbox relays it within seconds), so that inputs naming
     * the seller reach past its "not linked" check.
     */
    private static void awaitLinkedEverywhere(long seller, ApiTokenIssuer issuer) throws Exception {
        String token = issuer.issue("api-fuzz-it", Roles.ALL);
        Instant deadline = Instant.now().plusSeconds(60);
        for (String url : List.of(localRun.url(LocalService.named("payment-service")) + "/sellers/" + seller
                + "/customers?email=buyer@example.com")) {
            int status = 0;
            while (Instant.now().isBefore(deadline)) {
                status = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 409) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(status).as("%s once the seller is linked", url).isEqualTo(200);
        }
    }

    /** A signed payment notification from the sandbox's emitter, delivered to ingest. */
    private static void deliverPaymentNotification(long seller) throws Exception {
        String clientId = FuzzInputs.JSON.readTree(get(localRun.sandboxUrl() + "/sandbox/applications").body()).get(0)
                .get("client_id").asText();
        JsonNode emitted = post(localRun.sandboxUrl() + "/sandbox/webhooks/test", FuzzInputs.JSON.createObjectNode()
                .put("client_id", clientId).put("type", "payment").put("action", "payment.created")
                // Eleven digits, as Mercado Pago's payment ids: a 13-to-19-digit id could pass for a card number.
                .put("data_id", Long.toString(10_000_000_000L + Math.floorMod(System.nanoTime(), 90_000_000_000L)))
                .put("user_id", seller));
        String delivery = emitted.get("deliveries").get(0).get("id").asText();
        Instant deadline = Instant.now().plusSeconds(30);
        String status = "pending";
        while (status.equals("pending") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            status = FuzzInputs.JSON.readTree(get(localRun.sandboxUrl() + "/sandbox/webhooks/deliveries/" + delivery)
                    .body()).get("status").asText();
        }
        assertThat(status).isEqualTo("delivered");
    }

    private static long sandboxUser(String nickname) throws Exception {
        for (JsonNode user : FuzzInputs.JSON.readTree(get(localRun.sandboxUrl() + "/sandbox/users").body())) {
            if (user.get("nickname").asText().equals(nickname)) {
                return user.get("id").asLong();
            }
        }
        throw new AssertionError("no sandbox user " + nickname);
    }

    private static JsonNode post(String url, JsonNode body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isBetween(200, 201);
        return FuzzInputs.JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ProcessBuilder command(String command) {
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString(), command);
        builder.environment().putAll(env);
        builder.environment().remove("VAULT_ADDR");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

}
