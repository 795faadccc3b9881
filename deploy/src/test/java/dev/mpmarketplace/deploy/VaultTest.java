package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Vault as the issue states it: seller-linking-service writes sellers' tokens, payment-service, point-service and
 * order-projection-service read them; point-service writes the Point integrator keys and ingest reads only those (provisional path); nobody else gets
 * anything. Each service logs in with Kubernetes auth under a role named after it, bound to its own service account.
 */
class VaultTest {

    private static final Pattern PATH = Pattern.compile("path \"([^\"]+)\" \\{\\s*capabilities = \\[([^]]*)]\\s*}");

    static Stream<Path> overlays() {
        return Repository.overlays().stream();
    }

    @Test
    void thePoliciesGrantWhatTheArchitectureSaysAndNothingElse() throws IOException {
        Map<String, Map<String, Set<String>>> policies = policies();
        assertThat(policies.keySet()).containsExactlyInAnyOrder("notification-ingest-service", "seller-linking-service",
                "payment-service", "point-service", "order-projection-service");
        assertThat(holders(policies, "secret/data/sellers/*", "update")).containsExactly("seller-linking-service");
        assertThat(holders(policies, "secret/data/sellers/*", "create")).containsExactly("seller-linking-service");
        assertThat(holders(policies, "secret/metadata/sellers/*", "delete")).containsExactly("seller-linking-service");
        assertThat(holders(policies, "secret/data/sellers/*", "read")).containsExactlyInAnyOrder(
                "seller-linking-service", "payment-service", "point-service", "order-projection-service");
        assertThat(holders(policies, "secret/data/point-integrators/*", "update")).containsExactly("point-service");
        assertThat(holders(policies, "secret/data/point-integrators/*", "read")).containsExactlyInAnyOrder(
                "point-service", "notification-ingest-service");
        assertThat(policies.get("notification-ingest-service")).containsOnlyKeys("secret/data/point-integrators/*");
        assertThat(policies.get("order-projection-service")).containsOnlyKeys("secret/data/sellers/*");
        policies.forEach((service, paths) -> paths.forEach((path, capabilities) -> {
            assertThat(path).as(service).isIn("secret/data/sellers/*", "secret/metadata/sellers/*",
                    "secret/data/point-integrators/*");
            assertThat(capabilities).as("%s on %s", service, path).doesNotContain("sudo", "list", "deny", "patch");
        }));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aServiceLogsInToVaultIfAndOnlyIfItHasAPolicyAsItsOwnServiceAccountWithATokenForVault(Path overlay)
            throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Set<String> withPolicy = policies().keySet();
        rendered.ofKind("Deployment").forEach(deployment -> {
            String name = Rendered.nameOf(deployment);
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            var role = rendered.environment(container, "QUARKUS_VAULT_AUTHENTICATION_KUBERNETES_ROLE");
            boolean tokenVolume = Rendered.elements(pod.path("volumes")).anyMatch(v -> Rendered
                    .elements(v.at("/projected/sources"))
                    .anyMatch(s -> "vault".equals(s.at("/serviceAccountToken/audience")
                            .asText())));
            boolean uses = PlatformService.named(name).orElseThrow().usesVault();
            assertThat(withPolicy.contains(name)).as("%s has a policy", name).isEqualTo(uses);
            assertThat(role).as("%s Vault role", name).isEqualTo(uses
                    ? java.util.Optional.of(name)
                    : java.util.Optional.empty());
            assertThat(tokenVolume).as("%s mounts a Vault token", name).isEqualTo(uses);
            if (uses) {
                String tokenPath = rendered
                        .environment(container, "QUARKUS_VAULT_AUTHENTICATION_KUBERNETES_JWT_TOKEN_PATH")
                        .orElseThrow();
                assertThat(Rendered.elements(container.path("volumeMounts"))
                        .anyMatch(m -> tokenPath.equals(m.path("mountPath").asText() + "/token")))
                        .as("%s mounts the token where Quarkus reads it", name).isTrue();
                assertThat(pod.path("serviceAccountName").asText()).isEqualTo(name);
            }
        });
    }

    @Test
    void theConfigurationScriptBindsEachRoleToTheServiceAccountOfItsNameForVaultTokens() throws IOException {
        String script = Files.readString(Repository.deployDir().resolve("vault/configure-vault.sh"));
        assertThat(script).contains("service=\"$(basename \"$policy\" .hcl)\"")
                .contains("vault write \"auth/kubernetes/role/$service\"")
                .contains("bound_service_account_names=\"$service\"").contains("audience=vault")
                .contains("token_policies=\"mp-marketplace-$service\"")
                .contains("vault policy write \"mp-marketplace-$service\" \"$policy\"");
    }

    @Test
    void everyBuiltServiceEmbeddingQuarkusVaultHasVaultAccess() {
        for (PlatformService service : PlatformService.values()) {
            ServiceSources.of(service).filter(s -> s.embeds("quarkus-vault"))
                    .ifPresent(s -> assertThat(service.usesVault()).as(service.serviceName()).isTrue());
        }
    }

    static Map<String, Map<String, Set<String>>> policies() throws IOException {
        Map<String, Map<String, Set<String>>> policies = new TreeMap<>();
        try (var files = Files.list(Repository.deployDir().resolve("vault/policies"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".hcl")).toList()) {
                Map<String, Set<String>> paths = new TreeMap<>();
                String text = Files.readString(file).replaceAll("(?m)^#.*$", "");
                Matcher matcher = PATH.matcher(text);
                while (matcher.find()) {
                    Set<String> capabilities = new TreeSet<>();
                    for (String capability : matcher.group(2).split(",")) {
                        capabilities.add(capability.strip().replace("\"", ""));
                    }
                    paths.put(matcher.group(1), capabilities);
                }
                assertThat(text.replaceAll(PATH.pattern(), "").strip()).as("%s: nothing but path blocks", file)
                        .isEmpty();
                policies.put(file.getFileName().toString().replace(".hcl", ""), paths);
            }
        }
        return policies;
    }

    private static Set<String> holders(Map<String, Map<String, Set<String>>> policies, String path, String capability) {
        Set<String> holders = new TreeSet<>();
        policies.forEach((service, paths) -> {
            if (paths.getOrDefault(path, Set.of()).contains(capability)) {
                holders.add(service);
            }
        });
        return holders;
    }
}
