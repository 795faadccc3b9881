package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Every object of every overlay is valid against its Kubernetes or Strimzi schema, and the validator is strict. */
class SchemaValidationTest {

    static Stream<Path> overlays() {
        return Repository.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectOfTheOverlayIsValidAgainstItsSchema(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        assertThat(rendered.objects()).as("objects rendered from %s", rendered.name()).hasSizeGreaterThan(40);
        assertThat(problems(rendered)).as("schema violations in %s", rendered.name()).isEmpty();
    }

    @Test
    void theBaseIsValidToo() {
        assertThat(problems(Rendered.of(Repository.deployDir().resolve("base")))).isEmpty();
    }

    @Test
    void aFieldNoSchemaDeclaresIsRefused() {
        ObjectNode deployment = deployment();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("livenessProb", container.remove("livenessProbe"));
        assertThat(Schemas.load().validate(deployment)).anySatisfy(p -> assertThat(p).contains("livenessProb"));
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        ObjectNode deployment = deployment();
        ((ObjectNode) deployment.at("/spec/template/spec")).put("terminationGracePeriodSeconds", "forty");
        assertThat(Schemas.load().validate(deployment)).anySatisfy(
                p -> assertThat(p).contains("terminationGracePeriodSeconds"));
    }

    @Test
    void aPortMayBeANameOrANumberAndAQuantityAStringOrANumber() {
        ObjectNode deployment = deployment();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        ((ObjectNode) container.at("/livenessProbe/httpGet")).put("port", 9000);
        ((ObjectNode) container.at("/resources/limits")).put("cpu", 2);
        assertThat(Schemas.load().validate(deployment)).isEmpty();
        ((ObjectNode) container.at("/livenessProbe/httpGet")).put("port", true);
        assertThat(Schemas.load().validate(deployment)).isNotEmpty();
    }

    @Test
    void aKafkaTopicBreakingStrimzisSchemaIsRefused() {
        ObjectNode topic = Rendered.of(Repository.deployDir().resolve("base")).ofKind("KafkaTopic").findFirst()
                .orElseThrow().deepCopy();
        ((ObjectNode) topic.get("spec")).put("partitions", 0);
        ((ObjectNode) topic.get("spec")).put("replica", 3);
        assertThat(Schemas.load().validate(topic)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void anApiVersionOrKindWithoutSchemaIsRefused() {
        ObjectNode topic = Rendered.of(Repository.deployDir().resolve("base")).ofKind("KafkaTopic").findFirst()
                .orElseThrow().deepCopy();
        topic.put("apiVersion", "kafka.strimzi.io/v1beta2");
        assertThat(Schemas.load().validate(topic)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("no schema for kafka.strimzi.io/v1beta2 KafkaTopic"));
    }

    private static ObjectNode deployment() {
        return Rendered.of(Repository.deployDir().resolve("base")).find("Deployment", "seller-linking-service")
                .orElseThrow().deepCopy();
    }

    static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : rendered.objects()) {
            for (String problem : Schemas.load().validate(object)) {
                problems.add(Rendered.id(object) + " " + problem);
            }
        }
        return problems;
    }
}
