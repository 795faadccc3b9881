package dev.mpmarketplace.orders.support;

import java.io.IOException;
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
 * Gives the service under test the sandbox's seeded marketplace application (random per sandbox, never written in the
 * repository) as {@code mercadopago.application.client-id} and {@code client-secret}: its own token reads
 * {@code /missed_feeds}, and its client id is the feed's {@code application_id}.
 */
public class SandboxApplicationConfigSourceFactory implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue sandboxUrl = context.getValue("mercadopago.sandbox-url");
        if (sandboxUrl == null || sandboxUrl.getValue() == null) {
            return List.of();
        }
        JsonNode application = marketplaceApplication(sandboxUrl.getValue());
        return List.of(new MapBackedConfigSource("sandbox-application", Map.of(
                "mercadopago.application.client-id", application.get("client_id").asText(),
                "mercadopago.application.client-secret", application.get("client_secret").asText()), 275) {
            private static final long serialVersionUID = 1L;
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    private static JsonNode marketplaceApplication(String sandboxUrl) {
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
            throw new IllegalStateException("the sandbox has no marketplace application");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the sandbox's applications", e);
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox's applications could not be read", e);
        }
    }
}
