import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;

/**
 * The benchmark's fixtures, made through the same doors as in production:
 * <ul>
 * <li>{@code link <sandbox> <vault> <vault token> <out dir> <sellers>}: a signing key for the API (public half in
 * {@code jwt-public.pem}, a bearer token with payments:write and payments:read in {@code bearer}), and that many
 * sellers linked (consent, code exchange with PKCE, tokens written to Vault where libs/seller-tokens reads them);
 * {@code sellers.tsv}: seller id, access token, public key;</li>
 * <li>{@code tokens <sandbox> <sellers.tsv> <count> <cardholder> <out file>}: single-use card tokens made with the
 * sellers' public keys, round robin; lines: seller id, access token, card token.</li>
 * </ul>
 * Run with the service's class path (target/quarkus-app/lib/main/*). Loopback only; nothing is kept beyond the files.
 */
public class BenchSetup {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "link" -> link(args[1], args[2], args[3], Path.of(args[4]), Integer.parseInt(args[5]));
            case "tokens" -> tokens(args[1], Path.of(args[2]), Integer.parseInt(args[3]), args[4], Path.of(args[5]));
            default -> throw new IllegalArgumentException("link | tokens");
        }
    }

    static void link(String sandbox, String vault, String vaultToken, Path out, int sellers) throws Exception {
        Files.createDirectories(out);
        ApiSigningKey key = ApiSigningKey.generate();
        key.writePublicKey(out.resolve("jwt-public.pem"));
        Files.writeString(out.resolve("bearer"), ApiTokenIssuer.local(key).withLifetime(Duration.ofDays(1))
                .issue("benchmark", List.of("payments:write", "payments:read")));
        JsonNode application = null;
        for (JsonNode candidate : get(sandbox + "/sandbox/applications")) {
            if (candidate.path("redirect_uris").toString().contains("/oauth/callback")) {
                application = candidate;
            }
        }
        String clientId = application.get("client_id").asText();
        String redirectUri = application.get("redirect_uris").get(0).asText();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < sellers; i++) {
            long sellerId = post(sandbox + "/sandbox/users", "{\"role\":\"seller\"}").get("id").asLong();
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String redirect = post(sandbox + "/sandbox/authorizations", JSON.writeValueAsString(Map.of(
                    "client_id", clientId, "user_id", sellerId, "redirect_uri", redirectUri, "state", "bench-" + i,
                    "code_challenge", challenge, "code_challenge_method", "S256"))).get("redirect_to").asText();
            String code = null;
            for (String pair : URI.create(redirect).getRawQuery().split("&")) {
                if (pair.startsWith("code=")) {
                    code = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
            String form = "grant_type=authorization_code&client_id=" + enc(clientId) + "&client_secret="
                    + enc(application.get("client_secret").asText()) + "&code=" + enc(code) + "&redirect_uri="
                    + enc(redirectUri) + "&code_verifier=" + enc(verifier);
            JsonNode tokens = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(sandbox + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString())
                    .body());
            String secret = JSON.writeValueAsString(Map.of("data", Map.of(
                    "access_token", tokens.get("access_token").asText(),
                    "refresh_token", tokens.get("refresh_token").asText(),
                    "public_key", tokens.get("public_key").asText(),
                    "expires_at", OffsetDateTime.now().plusDays(180).toString())));
            HttpResponse<String> written = HTTP.send(HttpRequest.newBuilder(URI.create(vault
                    + "/v1/secret/data/sellers/" + sellerId)).header("X-Vault-Token", vaultToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(secret))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (written.statusCode() >= 300) {
                throw new IllegalStateException("Vault answered " + written.statusCode());
            }
            lines.append(sellerId).append('\t').append(tokens.get("access_token").asText()).append('\t')
                    .append(tokens.get("public_key").asText()).append('\n');
        }
        Files.writeString(out.resolve("sellers.tsv"), lines);
    }

    static void tokens(String sandbox, Path sellersFile, int count, String cardholder, Path out) throws Exception {
        List<String[]> sellers = new ArrayList<>();
        for (String line : Files.readAllLines(sellersFile)) {
            sellers.add(line.split("\t"));
        }
        String[] lines = new String[count];
        Semaphore inFlight = new Semaphore(32);
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] seller = sellers.get(i % sellers.size());
            String body = "{\"card_number\":\"5031433215406351\",\"expiration_month\":11,\"expiration_year\":2030,"
                    + "\"security_code\":\"123\",\"cardholder\":{\"name\":\"" + cardholder + "\",\"identification\":"
                    + "{\"type\":\"CPF\",\"number\":\"12345678909\"}}}";
            int index = i;
            inFlight.acquire();
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(sandbox + "/v1/card_tokens?public_key="
                    + enc(seller[2]))).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .thenAccept(response -> {
                        try {
                            lines[index] = seller[0] + "\t" + seller[1] + "\t"
                                    + JSON.readTree(response.body()).get("id").asText();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }).whenComplete((ignored, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " card tokens failed");
        }
        Files.writeString(out, String.join("\n", lines) + "\n");
    }

    static JsonNode get(String url) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static JsonNode post(String url, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
