package dev.mpmarketplace.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules every workload of a rendered overlay keeps, as a list of violations (empty: all kept). Kept apart from the
 * tests so that a test can break a rendered object and show that the rule notices.
 */
final class WorkloadRules {

    /** Probes: the Quarkus SmallRye Health endpoints on the management interface. */
    static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started", "readinessProbe",
            "/q/health/ready", "livenessProbe", "/q/health/live");
    /** Margin between the end of the drain and the kill, for the JVM's own exit. */
    static final Duration EXIT_MARGIN = Duration.ofSeconds(10);
    /** An environment variable whose name says it holds a secret must come from a Secret. */
    static final Pattern SECRET_NAME = Pattern
            .compile(".*(SECRET|PASSWORD|JAAS_CONFIG|CLIENT_TOKEN|INTEGRATOR_TOKEN).*");

    private WorkloadRules() {
    }

    static List<String> violations(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        rendered.ofKind("Secret").forEach(s -> problems.add(Rendered.id(s) + ": a Secret in the manifests (its value "
                + "would be in the repository); reference it with secretKeyRef and create it in the cluster"));
        rendered.ofKind("ConfigMap").forEach(c -> c.path("data").fieldNames().forEachRemaining(key -> {
            if (SECRET_NAME.matcher(key).matches()) {
                problems.add(Rendered.id(c) + ": " + key + " looks like a secret but is in a ConfigMap");
            }
        }));
        rendered.ofKind("Deployment").forEach(d -> deployment(rendered, d, problems));
        return problems;
    }

    private static void deployment(Rendered rendered, ObjectNode deployment, List<String> problems) {
        String id = rendered.name() + " " + Rendered.id(deployment);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        if (!pod.path("automountServiceAccountToken").isBoolean()
                || pod.path("automountServiceAccountToken").asBoolean()) {
            problems.add(id + ": automountServiceAccountToken must be false (no Kubernetes API access)");
        }
        if (!pod.path("securityContext").path("runAsNonRoot").asBoolean()) {
            problems.add(id + ": pod securityContext.runAsNonRoot must be true");
        }
        if (!"RuntimeDefault".equals(pod.path("securityContext").path("seccompProfile").path("type").asText())) {
            problems.add(id + ": pod seccompProfile must be RuntimeDefault");
        }
        if (pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean()) {
            problems.add(id + ": shares a host namespace");
        }
        JsonNode containers = pod.path("containers");
        if (containers.isEmpty()) {
            problems.add(id + ": no container");
        }
        for (JsonNode container : containers) {
            String where = id + " container " + container.path("name").asText();
            probes(container, where, problems);
            resources(container, where, problems);
            securityContext(container, where, problems);
            secrets(container, where, problems);
            image(container, where, problems);
            shutdown(rendered, deployment, pod, container, where, problems);
        }
    }

    private static void probes(JsonNode container, String where, List<String> problems) {
        PROBES.forEach((probe, path) -> {
            JsonNode httpGet = container.path(probe).path("httpGet");
            if (!path.equals(httpGet.path("path").asText())) {
                problems.add(where + ": " + probe + " must GET " + path);
            } else if (!"management".equals(httpGet.path("port").asText()) && httpGet.path("port").asInt() != 9000) {
                problems.add(where + ": " + probe + " must use the management port, not " + httpGet.path("port"));
            }
        });
    }

    private static void resources(JsonNode container, String where, List<String> problems) {
        JsonNode resources = container.path("resources");
        for (String required : List.of("requests/memory", "requests/cpu", "limits/memory", "limits/cpu")) {
            if (resources.at("/" + required).isMissingNode()) {
                problems.add(where + ": resources." + required.replace('/', '.') + " missing");
            }
        }
    }

    private static void securityContext(JsonNode container, String where, List<String> problems) {
        JsonNode security = container.path("securityContext");
        if (!security.path("allowPrivilegeEscalation").isBoolean()
                || security.path("allowPrivilegeEscalation").asBoolean()) {
            problems.add(where + ": allowPrivilegeEscalation must be false");
        }
        if (!security.path("readOnlyRootFilesystem").asBoolean()) {
            problems.add(where + ": readOnlyRootFilesystem must be true");
        }
        if (security.path("privileged").asBoolean()) {
            problems.add(where + ": privileged");
        }
        if (!Rendered.elements(security.path("capabilities").path("drop")).anyMatch(c -> "ALL".equals(c.asText()))) {
            problems.add(where + ": capabilities must drop ALL");
        }
        if (security.has("runAsNonRoot") && !security.path("runAsNonRoot").asBoolean()) {
            problems.add(where + ": runAsNonRoot overridden to false");
        }
        if (security.path("runAsUser").isInt() && security.path("runAsUser").asInt() == 0) {
            problems.add(where + ": runs as root");
        }
    }

    private static void secrets(JsonNode container, String where, List<String> problems) {
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (SECRET_NAME.matcher(name).matches() && !env.path("valueFrom").has("secretKeyRef")) {
                problems.add(where + ": " + name + " must come from a secretKeyRef");
            }
        }
    }

    private static void image(JsonNode container, String where, List<String> problems) {
        String image = container.path("image").asText();
        String tag = image.contains("@")
                ? "digest"
                : image.substring(image.lastIndexOf('/') + 1).replaceFirst("^[^:]*:?", "");
        if (tag.isEmpty() || tag.equals("latest")) {
            problems.add(where + ": image " + image + " needs a version tag or a digest");
        }
    }

    /**
     * Graceful shutdown: the preStop pause, then Quarkus's shutdown timeout (which must cover the service's drain),
     * then a margin, all inside terminationGracePeriodSeconds.
     */
    private static void shutdown(Rendered rendered, ObjectNode deployment, JsonNode pod, JsonNode container,
            String where, List<String> problems) {
        Duration preStop = Duration.ofSeconds(container.path("lifecycle").path("preStop").path("sleep").path("seconds")
                .asLong(0));
        if (preStop.isZero()) {
            problems.add(where + ": preStop must pause (sleep) so endpoints stop routing before the shutdown");
        }
        Duration shutdown = rendered.environment(container, "QUARKUS_SHUTDOWN_TIMEOUT").map(Rendered::quarkusDuration)
                .orElse(Duration.ZERO);
        Duration drain = PlatformService.named(Rendered.nameOf(deployment)).map(PlatformService::drain)
                .orElse(Duration.ofSeconds(10));
        if (shutdown.compareTo(drain) < 0) {
            problems.add(
                    where + ": QUARKUS_SHUTDOWN_TIMEOUT " + shutdown + " is shorter than the service's drain " + drain);
        }
        Duration grace = Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong(30));
        Duration needed = preStop.plus(shutdown).plus(EXIT_MARGIN);
        if (grace.compareTo(needed) < 0) {
            problems.add(where + ": terminationGracePeriodSeconds " + grace.toSeconds() + " < preStop "
                    + preStop.toSeconds()
                    + " s + shutdown timeout " + shutdown.toSeconds() + " s + " + EXIT_MARGIN.toSeconds() + " s");
        }
    }
}
