package dev.mpmarketplace.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The objects one {@code kustomize build} produced, with the look-ups the checks need. */
record Rendered(String name, List<ObjectNode> objects) {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<Path, Rendered> CACHE = new ConcurrentHashMap<>();

    /** Renders the kustomization once per test JVM. */
    static Rendered of(Path kustomization) {
        return CACHE.computeIfAbsent(kustomization,
                k -> parse(Repository.deployDir().relativize(k).toString(), Kustomize.build(k)));
    }

    static Rendered parse(String name, String yaml) {
        try (MappingIterator<ObjectNode> documents = YAML.readerFor(ObjectNode.class).readValues(yaml)) {
            List<ObjectNode> objects = new ArrayList<>();
            while (documents.hasNext()) {
                ObjectNode object = documents.next();
                if (object != null && !object.isEmpty()) {
                    objects.add(object);
                }
            }
            return new Rendered(name, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A deep copy, for tests that break an object to show a check notices. */
    Rendered copy() {
        return new Rendered(name, objects.stream().map(ObjectNode::deepCopy).toList());
    }

    Stream<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<ObjectNode> find(String kind, String objectName) {
        return ofKind(kind).filter(o -> objectName.equals(nameOf(o))).findFirst();
    }

    /** A ConfigMap by the name it had before kustomize appended its content hash. */
    Optional<ObjectNode> configMap(String generatorName) {
        return ofKind("ConfigMap").filter(o -> nameOf(o).matches(java.util.regex.Pattern.quote(generatorName)
                + "(-[a-z0-9]{10})?")).findFirst();
    }

    /** The value a container gets for an environment variable from its ConfigMaps or a literal {@code value}. */
    Optional<String> environment(JsonNode container, String variable) {
        for (JsonNode env : container.path("env")) {
            if (variable.equals(env.path("name").asText()) && env.has("value")) {
                return Optional.of(env.get("value").asText());
            }
        }
        String found = null;
        for (JsonNode source : container.path("envFrom")) {
            String configMap = source.path("configMapRef").path("name").asText(null);
            if (configMap == null) {
                continue;
            }
            JsonNode value = find("ConfigMap", configMap).map(c -> c.path("data").path(variable))
                    .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            if (!value.isMissingNode()) {
                found = value.asText(); // later sources win, as in Kubernetes
            }
        }
        return Optional.ofNullable(found);
    }

    static String nameOf(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + nameOf(object);
    }

    static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** A Quarkus duration ({@code 20S}, {@code PT20S}, {@code 500MS}) as the config system reads it. */
    static Duration quarkusDuration(String value) {
        String v = value.strip().toUpperCase(java.util.Locale.ROOT);
        if (v.startsWith("P")) {
            return Duration.parse(v);
        }
        if (v.endsWith("MS")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        return v.endsWith("D") ? Duration.parse("P" + v) : Duration.parse("PT" + v);
    }
}
