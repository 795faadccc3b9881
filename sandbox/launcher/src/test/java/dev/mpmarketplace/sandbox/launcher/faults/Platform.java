package dev.mpmarketplace.sandbox.launcher.faults;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;

/**
 * The marketplace's backend and the sandbox's control API, as the fault scenarios use them: bearer-token calls of the
 * services' APIs, sandbox users, and linking a seller the way seller-linking-service's flow does it (link URL,
 * consent approved through {@code POST /sandbox/authorizations}, callback).
 */
final class Platform {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final FaultableLocalRun run;
    private final String token;

    Platform(FaultableLocalRun run) throws IOException {
        this.run = run;
        this.token = ApiTokenIssuer.local(ApiSigningKey.read(run.localRun().signingKey())).issue("fault-suite",
                Roles.ALL);
    }

    /** An answer: its status and body (JSON, or {@code null} when empty or not JSON). */
    record Answer(int status, JsonNode body, String text) {
    }

    Answer api(String method, String url, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        return send(request, method, body);
    }

    /** A call of the sandbox (control API, or Mercado Pago's API with a user's token). */
    Answer sandbox(String method, String path, Object body, String accessToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(run.sandboxUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return send(request, method, body);
    }

    /** The sandbox user with this nickname: {@code id}, {@code access_token}, ... */
    JsonNode user(String nickname) {
        for (JsonNode user : sandbox("GET", "/sandbox/users", null, null).body()) {
            if (user.get("nickname").asText().equals(nickname)) {
                return user;
            }
        }
        throw new IllegalStateException("no sandbox user " + nickname);
    }

    /** Links the seller under the reference and waits until seller-linking-service says LINKED. */
    void link(long seller, String reference) throws InterruptedException {
        String linking = run.url("seller-linking-service");
        Answer invitation = api("POST", linking + "/sellers/links", Map.of("reference", reference), Map.of());
        require(invitation, 201);
        Answer followed = send(HttpRequest.newBuilder(URI.create(invitation.body().get("url").asText())), "GET", null);
        String consent = followed.text();
        Map<String, String> query = query(URI.create(consent).getRawQuery());
        Map<String, Object> approval = new HashMap<>();
        for (String name : new String[]{"client_id", "redirect_uri", "state", "code_challenge",
                "code_challenge_method"}) {
            approval.put(name, query.get(name));
        }
        approval.put("user_id", seller);
        Answer approved = sandbox("POST", "/sandbox/authorizations", approval, null);
        require(approved, 200);
        Answer callback = send(HttpRequest.newBuilder(URI.create(approved.body().get("redirect_to").asText())), "GET",
                null);
        if (callback.status() != 302) {
            throw new IllegalStateException("callback answered " + callback.status() + ": " + callback.text());
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            Answer sellerView = api("GET", linking + "/sellers/" + seller, null, Map.of());
            if (sellerView.status() == 200 && "LINKED".equals(sellerView.body().get("status").asText())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("seller " + seller + " not linked within 60 s");
    }

    static Answer require(Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.text());
        }
        return answer;
    }

    private Answer send(HttpRequest.Builder request, String method, Object body) {
        try {
            String json = body == null ? null : body instanceof String text ? text : JSON.writeValueAsString(body);
            request.method(method, json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 == 3) {
                // A redirect's target is what the caller follows: returned as the text.
                return new Answer(answer.statusCode(), null, answer.headers().firstValue("Location").orElse(""));
            }
            JsonNode parsed = null;
            try {
                parsed = answer.body().isBlank() ? null : JSON.readTree(answer.body());
            } catch (IOException notJson) {
                // an HTML page or plain text: the text is enough
            }
            return new Answer(answer.statusCode(), parsed, answer.body());
        } catch (IOException e) {
            return new Answer(0, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
