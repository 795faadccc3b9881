package dev.mpmarketplace.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Exposes every {@link Topic} as a configuration property ({@code marketplace.topic.<name>=<topic name>}), so that
 * channel configuration can say {@code ${marketplace.topic.seller-events}} instead of repeating a topic name.
 * <p>
 * Its ordinal is low (50): an operator can still override a single topic name with an environment variable, for
 * instance to prefix topics per environment.
 */
public final class TopicConfigSource implements ConfigSource {

    private static final Map<String, String> PROPERTIES = Arrays.stream(Topic.values())
            .collect(Collectors.toUnmodifiableMap(Topic::configKey, Topic::topicName));

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "marketplace-topics";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
