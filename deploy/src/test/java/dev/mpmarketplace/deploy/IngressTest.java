package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.deploy.PlatformService.Exposure;

/** From outside, only what is public on purpose: the webhooks, the OAuth callback and the link pages. */
class IngressTest {

    static Stream<Path> overlays() {
        return Repository.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyPublicServicesHaveAnIngressAndItRoutesOnlyTheirPublicPathsToTheirApiPort(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        assertThat(rendered.ofKind("Ingress").map(Rendered::nameOf)).containsExactlyInAnyOrderElementsOf(
                Stream.of(PlatformService.values()).filter(PlatformService::isPublic).map(PlatformService::serviceName)
                        .toList());
        for (PlatformService service : PlatformService.values()) {
            if (!service.isPublic()) {
                continue;
            }
            JsonNode ingress = rendered.find("Ingress", service.serviceName()).orElseThrow();
            assertThat(ingress.at("/spec/defaultBackend").isMissingNode()).isTrue();
            List<JsonNode> paths = Rendered.elements(ingress.at("/spec/rules"))
                    .flatMap(rule -> Rendered.elements(rule.at("/http/paths"))).toList();
            assertThat(paths).map(p -> p.path("pathType").asText() + " " + p.path("path").asText())
                    .containsExactlyInAnyOrderElementsOf(service.exposure().stream()
                            .flatMap(e -> e.publicPaths().stream()).toList());
            assertThat(paths).allSatisfy(p -> {
                assertThat(p.at("/backend/service/name").asText()).isEqualTo(service.serviceName());
                assertThat(p.at("/backend/service/port/name").asText()).isEqualTo("http");
            });
        }
        assertThat(Exposure.WEBHOOKS.publicPaths()).allMatch(p -> p.startsWith("Exact /webhooks/"));
    }
}
