package dev.mpmarketplace.ingest.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.mpmarketplace.ingest.config.IngestConfig;

/** The real {@link IngestConfig} mapping over given properties, for unit tests of the use cases. */
final class TestConfig {

    private TestConfig() {
    }

    /** Properties as {@code key, value, key, value...}; the webhook secret defaults to a test value. */
    static IngestConfig of(String... keyValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put("ingest.mercadopago.webhook-secret", "unit-test-secret-not-real");
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                // Quarkus's converters, so "3S", "5M" and "16M" read as they do in the application.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withDefaultValues(properties)
                .build();
        return config.getConfigMapping(IngestConfig.class);
    }
}
