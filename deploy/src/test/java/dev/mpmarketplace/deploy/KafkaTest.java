package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.Topic.Kind;

/** Every topic of libs/events has its KafkaTopic; every service has a KafkaUser allowed exactly what it does. */
class KafkaTest {

    static Stream<Path> overlays() {
        return Repository.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicOfLibsEventsHasOneKafkaTopicLaidOutByItsKind(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, JsonNode> byTopic = rendered.ofKind("KafkaTopic")
                .collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(), t -> t));
        assertThat(byTopic.keySet()).containsExactlyInAnyOrderElementsOf(Topic.allNames());
        for (Topic topic : Topic.values()) {
            JsonNode spec = byTopic.get(topic.topicName()).get("spec");
            TopicPolicy policy = TopicPolicy.of(topic.kind());
            assertThat(spec.path("partitions").asInt()).as(topic.topicName()).isEqualTo(policy.partitions());
            assertThat(spec.at("/config/retention.ms").asLong()).isEqualTo(policy.retention().toMillis());
            assertThat(spec.at("/config/cleanup.policy").asText()).isEqualTo("delete");
            int replicas = spec.path("replicas").asInt();
            int minInSync = spec.at("/config/min.insync.replicas").asInt();
            assertThat(minInSync).as("%s: min.insync.replicas within replicas", topic.topicName()).isBetween(1,
                    replicas);
            if (replicas > 1) {
                assertThat(minInSync).as("%s: acks=all survives one broker, not a lone replica", topic.topicName())
                        .isEqualTo(replicas - 1);
            }
        }
    }

    @Test
    void productionKeepsThreeReplicasTwoInSync() {
        Rendered.of(Repository.deployDir().resolve("overlays/prod")).ofKind("KafkaTopic").forEach(t -> {
            assertThat(t.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(t.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyKafkaObjectBelongsToTheClusterTheServicesConnectTo(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        Set<String> clusters = Stream.concat(rendered.ofKind("KafkaTopic"), rendered.ofKind("KafkaUser"))
                .map(o -> o.at("/metadata/labels/strimzi.io~1cluster").asText()).collect(Collectors.toSet());
        assertThat(clusters).hasSize(1);
        String cluster = clusters.iterator().next();
        rendered.ofKind("Deployment").forEach(deployment -> {
            String name = Rendered.nameOf(deployment);
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            assertThat(rendered.environment(container, "KAFKA_BOOTSTRAP_SERVERS").orElseThrow())
                    .as(name).startsWith(cluster + "-kafka-bootstrap");
            assertThat(secretRef(container, "KAFKA_SASL_JAAS_CONFIG")).as(name).isEqualTo(name + "/sasl.jaas.config");
            assertThat(secretRef(container, "KAFKA_SSL_TRUSTSTORE_CERTIFICATES")).as(name)
                    .isEqualTo(cluster + "-cluster-ca-cert/ca.crt");
            assertThat(rendered.find("KafkaUser", name)).as("KafkaUser %s", name).isPresent();
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceMayTouchExactlyTheTopicsAndGroupsOfItsCatalogEntry(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        assertThat(rendered.ofKind("KafkaUser").map(Rendered::nameOf)).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PlatformService.values()).map(PlatformService::serviceName).toList());
        for (PlatformService service : PlatformService.values()) {
            JsonNode user = rendered.find("KafkaUser", service.serviceName()).orElseThrow();
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            Map<String, Set<String>> topics = acls(user, "topic");
            assertThat(topics).as(service.serviceName()).isEqualTo(GeneratedFiles.topicOperations(service));
            Map<String, Set<String>> groups = acls(user, "group");
            Set<String> expectedGroups = new TreeSet<>();
            if (!service.reads().isEmpty()) {
                expectedGroups.add("literal " + service.serviceName());
            }
            if (service.readsSellerTokenInvalidations()) {
                expectedGroups.add("prefix " + PlatformService.SELLER_TOKENS_GROUP_PREFIX);
            }
            assertThat(groups.keySet()).as(service.serviceName()).containsExactlyInAnyOrderElementsOf(expectedGroups);
            assertThat(user.at("/spec/authorization/acls").findValues("type").stream().map(JsonNode::asText))
                    .as("%s: only allow rules, on topics and groups", service.serviceName())
                    .allMatch(t -> Set.of("topic", "group").contains(t));
        }
    }

    /** Who writes what, as the architecture says it, whatever the catalog says. */
    @Test
    void writersAreThoseTheArchitectureNames() {
        Map<Topic, Set<String>> writers = new TreeMap<>();
        for (PlatformService service : PlatformService.values()) {
            service.writes().forEach(t -> writers.computeIfAbsent(t, x -> new TreeSet<>()).add(service.serviceName()));
        }
        for (Topic topic : Topic.values()) {
            Set<String> who = writers.getOrDefault(topic, Set.of());
            switch (topic.kind()) {
                case RAW_NOTIFICATION -> assertThat(who).as(topic.topicName())
                        .containsExactly("notification-ingest-service");
                case DOMAIN_EVENT -> assertThat(who).as(topic.topicName()).hasSize(1);
                // Commands come from the marketplace's backends, not from the platform.
                case COMMAND -> assertThat(who).as(topic.topicName()).isEmpty();
                case DEAD_LETTER -> assertThat(who).as(topic.topicName())
                        .containsExactly(topic.topicName().replace(".dead-letter", ""));
                // A fact log is its service's alone.
                case FACT_LOG -> assertThat(who).as(topic.topicName())
                        .containsExactly(topic.topicName().replace(".facts", ""));
            }
        }
        assertThat(writers.keySet()).containsAll(Topic.ofKind(Kind.DOMAIN_EVENT));
    }

    /** For each service in the repository, its channels agree with its catalog entry and its KafkaUser. */
    @Test
    void theChannelsOfEveryBuiltServiceStayInsideItsCatalogEntry() {
        int checked = 0;
        for (PlatformService service : PlatformService.values()) {
            var sources = ServiceSources.of(service);
            if (service.status() == PlatformService.Status.BUILT) {
                assertThat(sources).as("%s is BUILT but has no application.properties", service.serviceName())
                        .isPresent();
            }
            if (sources.isEmpty()) {
                continue;
            }
            checked++;
            assertThat(service.reads()).as("%s reads", service.serviceName())
                    .containsAll(sources.get().incomingTopics());
            assertThat(service.writes()).as("%s writes", service.serviceName())
                    .containsAll(sources.get().outgoingTopics());
            assertThat(sources.get().consumerGroups()).as("%s consumer groups", service.serviceName())
                    .allMatch(g -> g.equals(service.serviceName()));
            assertThat(service.readsSellerTokenInvalidations())
                    .as("%s runs libs/seller-tokens' invalidation consumer", service.serviceName())
                    .isEqualTo(sources.get().readsSellerTokenInvalidations());
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    private static Map<String, Set<String>> acls(JsonNode user, String type) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            assertThat(acl.path("type").asText("allow")).isEqualTo("allow");
            if (!type.equals(acl.at("/resource/type").asText())) {
                continue;
            }
            String pattern = acl.at("/resource/patternType").asText("literal");
            String key = "topic".equals(type)
                    ? acl.at("/resource/name").asText()
                    : pattern + " " + acl.at("/resource/name").asText();
            if ("topic".equals(type)) {
                assertThat(pattern).as("topic ACLs name one topic").isEqualTo("literal");
            }
            acls.computeIfAbsent(key, k -> new TreeSet<>())
                    .addAll(Rendered.elements(acl.get("operations")).map(JsonNode::asText).toList());
        }
        return acls;
    }

    static String secretRef(JsonNode container, String variable) {
        for (JsonNode env : container.path("env")) {
            if (variable.equals(env.path("name").asText())) {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                return ref.path("name").asText() + "/" + ref.path("key").asText();
            }
        }
        return "(none)";
    }

}
