package dev.mpmarketplace.linking.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * Gives the service under test the client id and secret of the sandbox's seeded marketplace application, which exist
 * only once the sandbox runs (random per sandbox, never written in the repository): the service reads them from
 * configuration at start-up, as in production.
 */
public class SandboxApplicationConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue sandboxUrl = context.getValue("mercadopago.sandbox-url");
        if (sandboxUrl == null || sandboxUrl.getValue() == null) {
            return List.of();
        }
        JsonNode application = seededApplication(sandboxUrl.getValue());
        return List.of(new MapBackedConfigSource("sandbox-application", Map.of(
                "linking.mercadopago.client-id", application.get("client_id").asText(),
                "linking.mercadopago.client-secret", application.get("client_secret").asText()), 275) {
            private static final long serialVersionUID = 1L;
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    private static JsonNode seededApplication(String sandboxUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(sandboxUrl + "/sandbox/applications"))
                            .timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode application : new ObjectMapper().readTree(response.body())) {
                for (JsonNode redirect : application.path("redirect_uris")) {
                    if (redirect.asText().endsWith("/oauth/callback")) {
                        return application;
                    }
                }
            }
            throw new IllegalStateException("the sandbox has no application redirecting to /oauth/callback");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the sandbox's applications", e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("could not read the sandbox's applications", e);
        }
    }
}
