package dev.mpmarketplace.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import dev.mpmarketplace.deploy.PlatformService.VaultAccess;
import dev.mpmarketplace.events.Topic;

/**
 * The files under {@code deploy/} that follow from the one topic list ({@link Topic}) and the service catalog
 * ({@link PlatformService}), so that they can never drift from them: the Strimzi {@code KafkaTopic}s, the
 * {@code KafkaUser}s with their ACLs, and the Vault policies. {@code GeneratedFilesTest} fails when a committed file
 * differs from what is generated here; {@code ./mvnw -B -pl deploy -am process-classes -Pregenerate} rewrites them.
 */
public final class GeneratedFiles {

    /** The Strimzi API version of the generated resources (the schema in deploy/schemas/strimzi-*). */
    public static final String STRIMZI_API_VERSION = "kafka.strimzi.io/v1";
    /** The Kafka cluster's name in the base; overlays patch the {@code strimzi.io/cluster} label when theirs differs. */
    public static final String KAFKA_CLUSTER = "marketplace";
    /** The KV v2 mount every secret of the platform lives under. */
    public static final String VAULT_MOUNT = "secret";
    public static final String SELLER_TOKENS_PREFIX = "sellers";
    /** Provisional: point-service is being written; docs/deploy.md says so. */
    public static final String POINT_INTEGRATOR_KEYS_PREFIX = "point-integrators";

    static final String REGENERATE = "./mvnw -B -pl deploy -am process-classes -Pregenerate";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private GeneratedFiles() {
    }

    /** Every generated file, by its path relative to {@code deploy/}. */
    public static Map<Path, String> all() {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of("base/kafka/topics.yaml"), kafkaTopics());
        files.put(Path.of("base/kafka/users.yaml"), kafkaUsers());
        for (PlatformService service : PlatformService.values()) {
            if (service.usesVault()) {
                files.put(Path.of("vault/policies/" + service.serviceName() + ".hcl"), vaultPolicy(service));
            }
        }
        return files;
    }

    /** Writes every generated file under the given {@code deploy/} directory and removes stale Vault policies. */
    public static void main(String[] args) throws IOException {
        Path deploy = Path.of(args.length > 0 ? args[0] : "deploy");
        Map<Path, String> files = all();
        try (Stream<Path> existing = Files.list(deploy.resolve("vault/policies"))) {
            for (Path stale : existing.filter(p -> !files.containsKey(deploy.relativize(p))).toList()) {
                Files.delete(stale);
            }
        } catch (java.nio.file.NoSuchFileException absent) {
            // first generation
        }
        for (Map.Entry<Path, String> file : files.entrySet()) {
            Path target = deploy.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    static String kafkaTopics() {
        List<ObjectNode> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            TopicPolicy policy = TopicPolicy.of(topic.kind());
            ObjectNode resource = resource("KafkaTopic", topic.topicName());
            labels(resource).put("mpmarketplace.dev/topic-kind", kindLabel(topic.kind()));
            ObjectNode spec = resource.putObject("spec");
            // Explicit, so that a kustomize name prefix or suffix on the resource never renames the topic.
            spec.put("topicName", topic.topicName());
            spec.put("partitions", policy.partitions());
            spec.put("replicas", TopicPolicy.REPLICAS);
            ObjectNode config = spec.putObject("config");
            config.put("cleanup.policy", TopicPolicy.CLEANUP_POLICY);
            config.put("retention.ms", policy.retention().toMillis());
            config.put("min.insync.replicas", TopicPolicy.MIN_IN_SYNC_REPLICAS);
            topics.add(resource);
        }
        return header("libs/events Topic (one KafkaTopic per topic, layout from TopicPolicy by the topic's kind)")
                + documents(topics);
    }

    static String kafkaUsers() {
        List<ObjectNode> users = new ArrayList<>();
        for (PlatformService service : PlatformService.values()) {
            ObjectNode resource = resource("KafkaUser", service.serviceName());
            labels(resource).put("app.kubernetes.io/name", service.serviceName());
            ObjectNode spec = resource.putObject("spec");
            spec.putObject("authentication").put("type", "scram-sha-512");
            ObjectNode authorization = spec.putObject("authorization");
            authorization.put("type", "simple");
            ArrayNode acls = authorization.putArray("acls");
            for (Map.Entry<String, Set<String>> topic : topicOperations(service).entrySet()) {
                acl(acls, "topic", topic.getKey(), "literal", topic.getValue());
            }
            if (!service.reads().isEmpty()) {
                acl(acls, "group", service.serviceName(), "literal", Set.of("Read"));
            }
            if (service.readsSellerTokenInvalidations()) {
                acl(acls, "group", PlatformService.SELLER_TOKENS_GROUP_PREFIX, "prefix", Set.of("Read"));
            }
            users.add(resource);
        }
        return header("the service catalog, dev.mpmarketplace.deploy.PlatformService (one KafkaUser per service,\n# "
                + "SCRAM-SHA-512, an ACL for each topic it reads or writes and for its consumer groups)")
                + documents(users);
    }

    /** Each topic the service touches, with the operations it needs there, sorted for a stable file. */
    static Map<String, Set<String>> topicOperations(PlatformService service) {
        Map<String, Set<String>> operations = new TreeMap<>();
        List<Topic> reads = new ArrayList<>(service.reads());
        if (service.readsSellerTokenInvalidations() && !reads.contains(Topic.SELLER_EVENTS)) {
            reads.add(Topic.SELLER_EVENTS);
        }
        for (Topic topic : reads) {
            operations.computeIfAbsent(topic.topicName(), t -> new TreeSet<>()).addAll(Set.of("Describe", "Read"));
        }
        for (Topic topic : service.writes()) {
            operations.computeIfAbsent(topic.topicName(), t -> new TreeSet<>()).addAll(Set.of("Describe", "Write"));
        }
        return operations;
    }

    /** The Vault policy of a service, path by path; every path is under {@value #VAULT_MOUNT}. */
    static Map<String, Set<String>> vaultGrants(PlatformService service) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (VaultAccess access : service.vault()) {
            switch (access) {
                case READ_SELLER_TOKENS -> grant(grants, data(SELLER_TOKENS_PREFIX), "read");
                case WRITE_SELLER_TOKENS -> {
                    // Check-and-set writes (create, update), reads of the pair and of its version, destruction of
                    // every version on unlinking.
                    grant(grants, data(SELLER_TOKENS_PREFIX), "create", "read", "update");
                    grant(grants, metadata(SELLER_TOKENS_PREFIX), "delete", "read");
                }
                case READ_POINT_INTEGRATOR_KEYS -> grant(grants, data(POINT_INTEGRATOR_KEYS_PREFIX), "read");
                case WRITE_POINT_INTEGRATOR_KEYS -> grant(grants, data(POINT_INTEGRATOR_KEYS_PREFIX), "create", "read",
                        "update");
            }
        }
        return grants;
    }

    static String vaultPolicy(PlatformService service) {
        StringBuilder hcl = new StringBuilder();
        hcl.append("# Vault policy of ").append(service.serviceName())
                .append(", bound to its Kubernetes auth role of the")
                .append(" same name\n# by deploy/vault/configure-vault.sh. Generated from the service catalog,")
                .append(" dev.mpmarketplace.deploy.PlatformService:\n# do not edit. Regenerate: ").append(REGENERATE)
                .append("\n# Grants: ")
                .append(service.vault().stream().map(a -> a.name().toLowerCase(Locale.ROOT).replace('_', '-')).sorted()
                        .collect(Collectors.joining(", ")))
                .append('\n');
        for (Map.Entry<String, Set<String>> grant : vaultGrants(service).entrySet()) {
            hcl.append("\npath \"").append(grant.getKey()).append("\" {\n  capabilities = [")
                    .append(grant.getValue().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")))
                    .append("]\n}\n");
        }
        return hcl.toString();
    }

    private static String data(String prefix) {
        return VAULT_MOUNT + "/data/" + prefix + "/*";
    }

    private static String metadata(String prefix) {
        return VAULT_MOUNT + "/metadata/" + prefix + "/*";
    }

    private static void grant(Map<String, Set<String>> grants, String path, String... capabilities) {
        grants.computeIfAbsent(path, p -> new TreeSet<>()).addAll(List.of(capabilities));
    }

    private static void acl(ArrayNode acls, String type, String name, String patternType, Set<String> operations) {
        ObjectNode acl = acls.addObject();
        acl.putObject("resource").put("type", type).put("name", name).put("patternType", patternType);
        ArrayNode ops = acl.putArray("operations");
        new TreeSet<>(operations).forEach(ops::add);
    }

    private static ObjectNode resource(String kind, String name) {
        ObjectNode resource = YAML.createObjectNode();
        resource.put("apiVersion", STRIMZI_API_VERSION);
        resource.put("kind", kind);
        ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", name);
        ObjectNode labels = metadata.putObject("labels");
        labels.put("strimzi.io/cluster", KAFKA_CLUSTER);
        labels.put("app.kubernetes.io/part-of", "mp-marketplace");
        return resource;
    }

    private static ObjectNode labels(ObjectNode resource) {
        return (ObjectNode) resource.get("metadata").get("labels");
    }

    private static String kindLabel(Topic.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String header(String source) {
        return "# Generated from " + source + ":\n# do not edit. Regenerate: " + REGENERATE + "\n";
    }

    private static String documents(List<ObjectNode> resources) {
        try {
            StringBuilder yaml = new StringBuilder();
            for (ObjectNode resource : resources) {
                yaml.append("---\n").append(YAML.writeValueAsString(resource));
            }
            return yaml.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
