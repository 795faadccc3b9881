package dev.mpmarketplace.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Validates rendered objects the way {@code kubectl apply --validate=strict} and the API server would, offline: against
 * the Kubernetes OpenAPI definitions and the Strimzi CRD schemas kept in {@code deploy/schemas/} (their sources and
 * versions in deploy/schemas/README.md). Like kubeconform's strict mode, a field no schema declares is an error (the API
 * server rejects it with strict field validation, or drops it silently without), except under
 * {@code x-kubernetes-preserve-unknown-fields}. Two OpenAPI formats become JSON Schema types: {@code int-or-string}
 * and the resource quantity accept a string or a number, as the API server does.
 */
final class Schemas {

    static final String KUBERNETES = "kubernetes-1.30";
    static final String STRIMZI = "strimzi-1.2.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private static Schemas instance;

    private final ObjectNode definitions;
    /** "apiVersion kind" → definition name. */
    private final Map<String, String> kinds = new ConcurrentHashMap<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    static synchronized Schemas load() {
        if (instance == null) {
            instance = new Schemas(Repository.deployDir().resolve("schemas"));
        }
        return instance;
    }

    private Schemas(Path dir) {
        try {
            definitions = (ObjectNode) JSON.readTree(dir.resolve(KUBERNETES).resolve("definitions.json").toFile())
                    .get("definitions");
            for (Iterator<Map.Entry<String, JsonNode>> it = definitions.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> definition = it.next();
                for (JsonNode gvk : definition.getValue().path("x-kubernetes-group-version-kind")) {
                    String group = gvk.path("group").asText();
                    String apiVersion = group.isEmpty()
                            ? gvk.path("version").asText()
                            : group + "/" + gvk.path("version").asText();
                    kinds.put(apiVersion + " " + gvk.path("kind").asText(), definition.getKey());
                }
                strict(definition.getValue(), false);
            }
            definitions.putObject(INT_OR_STRING).set("type", JSON.createArrayNode().add("string").add("integer"));
            definitions.putObject(QUANTITY).set("type", JSON.createArrayNode().add("string").add("number"));
            try (var crds = Files.list(dir.resolve(STRIMZI))) {
                for (Path crd : crds.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    addCustomResource(Rendered.YAML.readTree(crd.toFile()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addCustomResource(JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean()) {
                continue;
            }
            ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
            strict(schema, true);
            ((ObjectNode) schema.path("properties")).putObject("metadata").put("$ref", "#/definitions/" + OBJECT_META);
            String apiVersion = group + "/" + version.path("name").asText();
            String name = "crd." + apiVersion.replace('/', '.') + "." + kind;
            definitions.set(name, schema);
            kinds.put(apiVersion + " " + kind, name);
        }
    }

    /**
     * Makes a schema strict in place: an object schema with declared properties allows no others; for CRD schemas,
     * {@code nullable} becomes a null type and {@code x-kubernetes-int-or-string} a string-or-integer type.
     */
    private static void strict(JsonNode node, boolean openApiV3) {
        if (node instanceof ObjectNode schema) {
            if (schema.has("properties") && !schema.has("additionalProperties")
                    && !schema.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
                schema.put("additionalProperties", false);
            }
            if (openApiV3 && schema.path("x-kubernetes-int-or-string").asBoolean()) {
                schema.remove("type");
                schema.set("type", JsonNodeFactory.instance.arrayNode().add("string").add("integer"));
            }
            if (openApiV3 && schema.path("nullable").asBoolean() && schema.path("type").isTextual()) {
                ArrayNode types = JsonNodeFactory.instance.arrayNode().add(schema.get("type").asText()).add("null");
                schema.set("type", types);
            }
            schema.remove("nullable");
            schema.fields().forEachRemaining(field -> {
                // Property names (under "properties") are not schemas themselves; their values are.
                if (field.getKey().equals("properties")) {
                    field.getValue().forEach(property -> strict(property, openApiV3));
                } else {
                    strict(field.getValue(), openApiV3);
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(item -> strict(item, openApiV3));
        }
    }

    /** Whether a schema is known for the object's apiVersion and kind. */
    Optional<String> definitionFor(JsonNode object) {
        return Optional.ofNullable(kinds.get(object.path("apiVersion").asText() + " " + object.path("kind").asText()));
    }

    /** Every violation of the object's schema; one entry when no schema is known for its kind. */
    List<String> validate(JsonNode object) {
        Optional<String> definition = definitionFor(object);
        if (definition.isEmpty()) {
            return List.of("no schema for " + object.path("apiVersion").asText() + " " + object.path("kind").asText()
                    + " in deploy/schemas (add the kind to a refresh script there and run it)");
        }
        Schema schema = compiled.computeIfAbsent(definition.get(), this::compile);
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(object)) {
            problems.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return problems;
    }

    private Schema compile(String definition) {
        ObjectNode root = JSON.createObjectNode();
        root.set("definitions", definitions);
        root.putArray("allOf").addObject().put("$ref", "#/definitions/" + definition);
        return registry.getSchema(SchemaLocation.of("https://mpmarketplace.dev/deploy/schemas/" + definition), root);
    }
}
