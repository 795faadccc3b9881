package dev.mpmarketplace.ingest.support;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

import dev.mpmarketplace.testing.mercadopago.SandboxControl;

/**
 * Gives the service under test the webhook secret of the sandbox's seeded application, which exists only once the
 * sandbox runs (it is random per sandbox and never written in the repository).
 * <p>
 * SmallRye Config runs a {@link ConfigSourceFactory} when it builds the application's configuration, after the test
 * resources started and with their properties visible; this one reads {@code mercadopago.sandbox-url} (set by
 * {@code @WithMercadoPagoSandbox}), asks the sandbox for its marketplace application ({@link SandboxControl}), and
 * provides
 * {@code ingest.mercadopago.webhook-secret}. So the service reads its secret the way it does in production, from
 * configuration at start-up, with no test-only code path.
 * <p>
 * {@code ingest-test.sandbox-secret-as=previous} (set by a test profile) provides the sandbox's secret as
 * {@code ingest.mercadopago.previous-webhook-secret} instead, with a random current secret: the state of a service
 * in the middle of a rotation. Without a sandbox, a random secret is provided, so tests can sign their own requests
 * with the configured value.
 */
public class SandboxWebhookSecretConfigSourceFactory implements ConfigSourceFactory {

    static final String SANDBOX_URL = "mercadopago.sandbox-url";
    static final String SECRET_AS = "ingest-test.sandbox-secret-as";
    static final String CURRENT = "ingest.mercadopago.webhook-secret";
    static final String PREVIOUS = "ingest.mercadopago.previous-webhook-secret";

    private static final Map<String, String> SECRETS_BY_SANDBOX = new ConcurrentHashMap<>();
    private static final String RANDOM_SECRET = randomSecret();

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue sandboxUrl = context.getValue(SANDBOX_URL);
        Map<String, String> properties = new HashMap<>();
        if (sandboxUrl == null || sandboxUrl.getValue() == null) {
            properties.put(CURRENT, RANDOM_SECRET);
        } else {
            String sandboxSecret = SECRETS_BY_SANDBOX.computeIfAbsent(sandboxUrl.getValue(),
                    SandboxWebhookSecretConfigSourceFactory::seededApplicationSecret);
            ConfigValue secretAs = context.getValue(SECRET_AS);
            if (secretAs != null && "previous".equals(secretAs.getValue())) {
                properties.put(CURRENT, RANDOM_SECRET);
                properties.put(PREVIOUS, sandboxSecret);
            } else {
                properties.put(CURRENT, sandboxSecret);
            }
        }
        return List.of(new MapBackedConfigSource("sandbox-webhook-secret", properties, 275) {
            private static final long serialVersionUID = 1L;
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    private static String seededApplicationSecret(String sandboxUrl) {
        return new SandboxControl(sandboxUrl).marketplaceApplication().webhookSecret();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
