package dev.mpmarketplace.orders.support;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

import dev.mpmarketplace.testing.mercadopago.SandboxApplication;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;

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
        SandboxApplication application = new SandboxControl(sandboxUrl.getValue()).marketplaceApplication();
        return List.of(new MapBackedConfigSource("sandbox-application", Map.of(
                "mercadopago.application.client-id", application.clientId(),
                "mercadopago.application.client-secret", application.clientSecret()), 275) {
            private static final long serialVersionUID = 1L;
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }
}
