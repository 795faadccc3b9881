package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every overlay runs every service of the catalog, hardened, with its companions, scaled as the service allows. */
class WorkloadTest {

    static Stream<Path> overlays() {
        return Repository.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadKeepsTheRules(Path overlay) {
        assertThat(WorkloadRules.violations(Rendered.of(overlay))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceOfTheCatalogRunsWithItsServiceAccountServiceDisruptionBudgetAndNetworkPolicy(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        Set<String> deployments = rendered.ofKind("Deployment").map(Rendered::nameOf).collect(Collectors.toSet());
        assertThat(deployments).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(PlatformService.values()).map(PlatformService::serviceName).toList());
        for (String name : deployments) {
            JsonNode pod = rendered.find("Deployment", name).orElseThrow().at("/spec/template/spec");
            assertThat(pod.path("serviceAccountName").asText()).as(name).isEqualTo(name);
            for (String kind : List.of("ServiceAccount", "Service", "PodDisruptionBudget", "NetworkPolicy")) {
                assertThat(rendered.find(kind, name)).as("%s %s in %s", kind, name, rendered.name()).isPresent();
            }
            assertThat(
                    rendered.find("Service", name).orElseThrow().at("/spec/selector/app.kubernetes.io~1name").asText())
                    .isEqualTo(name);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyServicesThatMayScaleOutHaveAnAutoscalerAndTheAutoscalerAloneSetsTheirReplicas(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        rendered.ofKind("HorizontalPodAutoscaler").forEach(hpa -> {
            String target = hpa.at("/spec/scaleTargetRef/name").asText();
            PlatformService service = PlatformService.named(target).orElseThrow();
            assertThat(service.scalesOut()).as("%s may scale out", target).isTrue();
            assertThat(hpa.at("/spec/minReplicas").asInt()).as("%s min replicas", target).isGreaterThanOrEqualTo(2);
            assertThat(rendered.find("Deployment", target).orElseThrow().at("/spec/replicas").isMissingNode())
                    .as("%s: a replica count in the Deployment would fight the autoscaler on every apply", target)
                    .isTrue();
        });
        for (PlatformService service : PlatformService.values()) {
            if (!service.scalesOut()) {
                assertThat(rendered.find("HorizontalPodAutoscaler", service.serviceName())).isEmpty();
            }
        }
    }

    @Test
    void productionRunsEveryServiceTwiceAtLeastAndFromOneRegistry() {
        Rendered prod = Rendered.of(Repository.deployDir().resolve("overlays/prod"));
        for (PlatformService service : PlatformService.values()) {
            JsonNode deployment = prod.find("Deployment", service.serviceName()).orElseThrow();
            int replicas = prod.find("HorizontalPodAutoscaler", service.serviceName())
                    .map(h -> h.at("/spec/minReplicas").asInt()).orElse(deployment.at("/spec/replicas").asInt(1));
            assertThat(replicas).as(service.serviceName()).isGreaterThanOrEqualTo(2);
        }
        Set<String> registries = prod.ofKind("Deployment")
                .map(d -> d.at("/spec/template/spec/containers/0/image").asText())
                .map(image -> image.substring(0, image.lastIndexOf('/'))).collect(Collectors.toSet());
        assertThat(registries).as("one registry for every image (an images: line per service in the overlay)")
                .hasSize(1);
    }

    @Test
    void aMissingProbeIsAViolation() {
        Rendered broken = broken(container -> container.remove("readinessProbe"));
        assertThat(WorkloadRules.violations(broken)).singleElement()
                .satisfies(v -> assertThat(v).contains("readinessProbe must GET /q/health/ready"));
    }

    @Test
    void privilegeEscalationAndAWritableRootFilesystemAreViolations() {
        Rendered broken = broken(container -> {
            ((ObjectNode) container.get("securityContext")).put("allowPrivilegeEscalation", true);
            ((ObjectNode) container.get("securityContext")).remove("readOnlyRootFilesystem");
        });
        assertThat(WorkloadRules.violations(broken)).hasSize(2);
    }

    @Test
    void aSecretWrittenAsAValueIsAViolation() {
        Rendered broken = broken(container -> ((com.fasterxml.jackson.databind.node.ArrayNode) container.get("env"))
                .addObject().put("name", "LINKING_MERCADOPAGO_CLIENT_SECRET").put("value", "not-a-real-secret"));
        assertThat(WorkloadRules.violations(broken))
                .anySatisfy(v -> assertThat(v).contains("must come from a secretKeyRef"));
    }

    @Test
    void aGracePeriodShorterThanTheDrainIsAViolation() {
        Rendered broken = Rendered.of(Repository.deployDir().resolve("base")).copy();
        ObjectNode pod = (ObjectNode) broken.find("Deployment", "seller-linking-service").orElseThrow()
                .at("/spec/template/spec");
        pod.put("terminationGracePeriodSeconds", 20);
        assertThat(WorkloadRules.violations(broken)).singleElement()
                .satisfies(v -> assertThat(v).contains("terminationGracePeriodSeconds 20"));
    }

    private static Rendered broken(java.util.function.Consumer<ObjectNode> change) {
        Rendered copy = Rendered.of(Repository.deployDir().resolve("base")).copy();
        change.accept((ObjectNode) copy.find("Deployment", "seller-linking-service").orElseThrow()
                .at("/spec/template/spec/containers/0"));
        return copy;
    }
}
