package dev.mpmarketplace.testing.mercadopago;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An application registered in the sandbox ({@code GET /sandbox/applications}), with its secrets: a test reads them
 * from the running sandbox and never writes them down.
 *
 * @param clientId the client id (also the {@code application_id} of its notifications)
 * @param clientSecret the client secret of the OAuth token endpoint
 * @param webhookSecret the secret that signs its webhooks
 * @param redirectUris the registered OAuth redirect URLs
 * @param webhookUrl where its webhooks go, or {@code null}
 */
public record SandboxApplication(String clientId, String clientSecret, String webhookSecret,
        List<String> redirectUris, String webhookUrl) {

    static SandboxApplication from(JsonNode json) {
        List<String> redirects = new ArrayList<>();
        json.path("redirect_uris").forEach(uri -> redirects.add(uri.asText()));
        return new SandboxApplication(json.path("client_id").asText(), json.path("client_secret").asText(null),
                json.path("webhook_secret").asText(null), List.copyOf(redirects),
                json.path("webhook_url").isNull() ? null : json.path("webhook_url").asText(null));
    }

    /** The first redirect URL (the seeded application has one: the application under test's callback). */
    public String redirectUri() {
        if (redirectUris.isEmpty()) {
            throw new IllegalStateException("application " + clientId + " has no redirect URL");
        }
        return redirectUris.get(0);
    }

    /** Never the secrets. */
    @Override
    public String toString() {
        return "SandboxApplication[" + clientId + ", " + webhookUrl + "]";
    }
}
