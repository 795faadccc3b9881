package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Mercado Pago sandbox's seeded application ("Marketplace (local)", the first application of
 * {@code GET /sandbox/applications}), as the services are configured with it. Its webhook URL, Mercado Libre feed URL
 * and redirect URL belong to the local run: they follow the ports of notification-ingest-service and
 * seller-linking-service, also on a sandbox whose state was kept from a run on other ports.
 *
 * @param clientId the application id
 * @param clientSecret the application secret
 * @param webhookSecret the secret that signs its webhooks
 */
public record SandboxApplication(String clientId, String clientSecret, String webhookSecret) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * Reads the seeded application of the running sandbox, first pointing its webhook URL and redirect URL at this
     * local run's services if they point elsewhere.
     */
    public static SandboxApplication seeded(LocalRun localRun) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String base = localRun.sandboxUrl() + "/sandbox/applications";
        try {
            JsonNode applications = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base)).GET()));
            if (!applications.isArray() || applications.isEmpty()) {
                throw new LaunchException("the Mercado Pago sandbox at " + localRun.sandboxUrl()
                        + " has no application; ./marketplace reset (while down) seeds it again");
            }
            JsonNode application = applications.get(0);
            String clientId = application.path("client_id").asText();
            List<String> redirectUris = JSON.convertValue(application.path("redirect_uris"),
                    JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            if (!localRun.webhookUrl().equals(application.path("webhook_url").asText())
                    || !List.of(localRun.redirectUri()).equals(redirectUris)) {
                ObjectNode change = JSON.createObjectNode().put("webhook_url", localRun.webhookUrl());
                change.putArray("redirect_uris").add(localRun.redirectUri());
                application = JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(base + "/" + clientId))
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(change.toString()))));
            }
            // Its Mercado Libre feed too (the sandbox sets it next to the webhook URL only when it seeds).
            String feed = base + "/" + clientId + "/mercadolibre";
            String feedUrl = localRun.url(LocalService.named(LocalService.WEBHOOK_RECEIVER)) + "/webhooks/mercadolibre";
            if (!feedUrl.equals(JSON.readTree(send(http, HttpRequest.newBuilder(URI.create(feed)).GET()))
                    .path("callback_url").asText())) {
                send(http, HttpRequest.newBuilder(URI.create(feed)).header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().put("callback_url", feedUrl).toString())));
            }
            return new SandboxApplication(clientId, application.path("client_secret").asText(),
                    application.path("webhook_secret").asText());
        } catch (IOException e) {
            throw new LaunchException("could not read the Mercado Pago sandbox's application at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while reading the Mercado Pago sandbox's application");
        }
    }

    private static String send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + response.uri());
        }
        return response.body();
    }

    /** Never the secrets. */
    @Override
    public String toString() {
        return "SandboxApplication[" + clientId + "]";
    }
}
