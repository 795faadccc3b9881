package dev.mpmarketplace.testing.vault;

import java.util.Map;
import java.util.Set;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

import dev.mpmarketplace.sandbox.vault.VaultDevServer;
import dev.mpmarketplace.sandbox.vault.VaultDevServerOptions;

/**
 * The Quarkus test resource behind {@link WithVaultDevServer}. A test that stops the server
 * ({@link InjectVaultDevServer}) restarts it in a {@code finally}: the application and the next test share it.
 */
public class VaultDevServerResource implements QuarkusTestResourceConfigurableLifecycleManager<WithVaultDevServer> {

    private String mount = "secret";
    private VaultDevServer server;

    @Override
    public void init(WithVaultDevServer annotation) {
        mount = annotation.mount();
    }

    @Override
    public Map<String, String> start() {
        String realVault = System.getenv("VAULT_ADDR");
        if (realVault != null && !realVault.isBlank()) {
            String token = System.getenv("VAULT_TOKEN");
            if (token == null || token.isBlank()) {
                throw new IllegalStateException("VAULT_ADDR is set, so tests use that Vault: set VAULT_TOKEN too");
            }
            return properties(realVault, token);
        }
        server = VaultDevServer.start(VaultDevServerOptions.defaults().withKvMounts(Set.of(mount)));
        return properties(server.url(), server.rootToken());
    }

    private Map<String, String> properties(String url, String token) {
        return Map.of(
                "quarkus.vault.url", url,
                "quarkus.vault.authentication.client-token", token,
                "quarkus.vault.kv-secret-engine-version", "2",
                "quarkus.vault.kv-secret-engine-mount-path", mount);
    }

    /**
     * Gives the server to the test's {@link InjectVaultDevServer} field, so it can {@link VaultDevServer#stop()} and
     * {@link VaultDevServer#restart()} it; {@code null} when the tests run against a real Vault ({@code VAULT_ADDR}).
     */
    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectVaultDevServer.class, VaultDevServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
