package dev.mpmarketplace.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.mpmarketplace.events.Topic;

/**
 * What a service's own sources say about it, for checking the catalog against them: the topics its channels name and
 * the consumer groups they use ({@code application.properties}), and whether it embeds quarkus-vault or the seller
 * token library ({@code pom.xml}). Empty for a service that is not in the repository yet.
 */
record ServiceSources(PlatformService service, Properties properties, String pom) {

    private static final Pattern TOPIC_REFERENCE = Pattern.compile("\\$\\{(marketplace\\.topic\\.[a-z-]+)}");

    static Optional<ServiceSources> of(PlatformService service) {
        Path module = Repository.root().resolve(service.serviceName());
        Path properties = module.resolve("src/main/resources/application.properties");
        if (!Files.exists(properties)) {
            return Optional.empty();
        }
        try (var reader = Files.newBufferedReader(properties)) {
            Properties loaded = new Properties();
            loaded.load(reader);
            return Optional.of(new ServiceSources(service, loaded, Files.readString(module.resolve("pom.xml"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Topics of the incoming channels (the service's own consumer groups). */
    Set<Topic> incomingTopics() {
        return topics("mp\\.messaging\\.incoming\\.[^.]+\\.topic");
    }

    /** Topics of the outgoing channels and of the incoming channels' dead-letter queues. */
    Set<Topic> outgoingTopics() {
        Set<Topic> topics = topics("mp\\.messaging\\.outgoing\\.[^.]+\\.topic");
        topics.addAll(topics("mp\\.messaging\\.incoming\\.[^.]+\\.dead-letter-queue\\.topic"));
        return topics;
    }

    /** The consumer groups its incoming channels name. */
    Set<String> consumerGroups() {
        Set<String> groups = new TreeSet<>();
        properties.stringPropertyNames().stream()
                .filter(k -> k.matches("mp\\.messaging\\.incoming\\.[^.]+\\.group\\.id"))
                .forEach(k -> groups.add(properties.getProperty(k)));
        return groups;
    }

    boolean embeds(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    /**
     * Whether it runs libs/seller-tokens' cache invalidation consumer (a consumer group per process): it embeds the
     * library and does not switch the library's channel off (seller-linking-service writes the tokens and does).
     */
    boolean readsSellerTokenInvalidations() {
        return embeds("seller-tokens") && !"false".equals(
                properties.getProperty("mp.messaging.incoming.seller-token-invalidations.enabled"));
    }

    boolean hasDatasource() {
        return properties.containsKey("quarkus.datasource.db-kind");
    }

    /** The database name at the end of the JDBC URL of the local run (the cluster's comes from the Deployment). */
    Optional<String> databaseName() {
        String url = properties.getProperty("quarkus.datasource.jdbc.url");
        return url == null
                ? Optional.empty()
                : Optional.of(url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", ""));
    }

    private Set<Topic> topics(String keyPattern) {
        Set<Topic> topics = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (!key.matches(keyPattern)) {
                continue;
            }
            Matcher reference = TOPIC_REFERENCE.matcher(properties.getProperty(key));
            if (!reference.matches()) {
                throw new IllegalStateException(service.serviceName() + ": " + key + " names a topic without "
                        + "${marketplace.topic.*}: " + properties.getProperty(key));
            }
            topics.add(java.util.Arrays.stream(Topic.values()).filter(t -> t.configKey().equals(reference.group(1)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("unknown topic key " + reference.group(1))));
        }
        return topics;
    }
}
