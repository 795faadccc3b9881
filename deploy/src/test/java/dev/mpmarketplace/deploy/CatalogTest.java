package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The catalog, the service directories, the generated files and docs/deploy.md agree. */
class CatalogTest {

    @Test
    void theGeneratedFilesAreCommittedAsGenerated() throws IOException {
        Map<Path, String> generated = GeneratedFiles.all();
        for (Map.Entry<Path, String> file : generated.entrySet()) {
            Path committed = Repository.deployDir().resolve(file.getKey());
            assertThat(committed).as("%s is missing; run %s", file.getKey(), GeneratedFiles.REGENERATE).exists();
            assertThat(Files.readString(committed)).as("%s differs from what is generated; run %s", file.getKey(),
                    GeneratedFiles.REGENERATE).isEqualTo(file.getValue());
        }
        try (var policies = Files.list(Repository.deployDir().resolve("vault/policies"))) {
            assertThat(policies.map(p -> Repository.deployDir().relativize(p)))
                    .as("a policy of no catalog service; run %s", GeneratedFiles.REGENERATE)
                    .allMatch(generated::containsKey);
        }
    }

    @Test
    void everyServiceOfTheCatalogHasItsDirectoryListedOnceAndNothingElseIsListed() throws IOException {
        Path services = Repository.deployDir().resolve("base/services");
        JsonNode kustomization = Rendered.YAML.readTree(services.resolve("kustomization.yaml").toFile());
        Set<String> listed = Rendered.elements(kustomization.get("resources")).map(JsonNode::asText)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> catalog = Arrays.stream(PlatformService.values()).map(PlatformService::serviceName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(listed).isEqualTo(catalog);
        assertThat(kustomization.get("resources")).hasSize(catalog.size());
        try (var dirs = Files.list(services)) {
            assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(
                            catalog);
        }
    }

    @Test
    void theDatabaseOfEveryBuiltServiceIsTheOneItsDeploymentConnectsTo() {
        Rendered base = Rendered.of(Repository.deployDir().resolve("base"));
        for (PlatformService service : PlatformService.values()) {
            JsonNode container = base.find("Deployment", service.serviceName()).orElseThrow()
                    .at("/spec/template/spec/containers/0");
            var url = base.environment(container, "QUARKUS_DATASOURCE_JDBC_URL");
            assertThat(url.map(u -> u.replaceFirst(".*/", "").replaceFirst("\\?.*", ""))).as(service.serviceName())
                    .isEqualTo(service.database());
            assertThat(base.environment(container, "QUARKUS_DATASOURCE_REACTIVE_URL").isPresent())
                    .isEqualTo(service.database().isPresent());
            ServiceSources.of(service).ifPresent(sources -> {
                assertThat(sources.hasDatasource()).as(service.serviceName()).isEqualTo(service.database().isPresent());
                assertThat(sources.databaseName()).as(service.serviceName()).isEqualTo(service.database());
            });
        }
    }

    @Test
    void docsDeployNamesEveryServiceAndEverySecretAndKeyTheDeploymentsReference() throws IOException {
        String docs = Files.readString(Repository.root().resolve("docs/deploy.md"));
        for (PlatformService service : PlatformService.values()) {
            assertThat(docs).contains(service.serviceName());
        }
        for (Path overlay : Repository.overlays()) {
            Rendered.of(overlay).ofKind("Deployment").forEach(d -> d.findValues("secretKeyRef").forEach(ref -> {
                assertThat(docs).as("docs/deploy.md names Secret %s", ref.path("name").asText())
                        .contains("`" + ref.path("name").asText() + "`");
                assertThat(docs).as("docs/deploy.md names key %s of %s", ref.path("key").asText(),
                        ref.path("name").asText()).contains("`" + ref.path("key").asText() + "`");
            }));
        }
    }
}
