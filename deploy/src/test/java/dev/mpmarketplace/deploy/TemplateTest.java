package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service template, made into a service as docs/deploy.md says, renders and keeps every rule: the template cannot
 * rot while the five services are maintained by hand.
 */
class TemplateTest {

    @Test
    void aServiceMadeFromTheTemplateIsValidAndKeepsTheRules(@TempDir Path work) throws IOException {
        Path template = Repository.deployDir().resolve("templates/service");
        Path service = work.resolve("example-service");
        Files.createDirectories(service);
        try (Stream<Path> files = Files.list(template)) {
            for (Path file : files.toList()) {
                Files.writeString(service.resolve(file.getFileName()), Files.readString(file)
                        .replace("SERVICE_NAME", "example-service").replace("DATABASE_NAME", "example"));
            }
        }
        copy(Repository.deployDir().resolve("base/platform"), work.resolve("platform"));
        Files.writeString(work.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                labels:
                  - pairs:
                      app.kubernetes.io/part-of: mp-marketplace
                    includeTemplates: true
                resources:
                  - platform
                  - example-service
                """);
        Rendered rendered = Rendered.parse("template", Kustomize.build(work));

        assertThat(rendered.ofKind("Deployment").map(Rendered::nameOf)).containsExactly("example-service");
        assertThat(SchemaValidationTest.problems(rendered)).isEmpty();
        assertThat(WorkloadRules.violations(rendered)).isEmpty();
        assertThat(rendered.objects()).allSatisfy(o -> assertThat(o.toString()).doesNotContain("SERVICE_NAME",
                "DATABASE_NAME"));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
