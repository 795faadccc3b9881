package dev.mpmarketplace.sandbox.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the local run keeps its files and which ports it uses, read from the environment with the defaults of the
 * design's "Local run" table.
 * <ul>
 * <li>{@code MARKETPLACE_HOME}: the directory for {@code logs/}, {@code data/} and {@code run/}; default
 * {@code target/marketplace} under the working directory.</li>
 * <li>{@code MARKETPLACE_ROOT}: the repository, where the service modules are; default the working directory (the
 * {@code ./marketplace} script sets it).</li>
 * <li>{@code MARKETPLACE_KAFKA_PORT} (19092), {@code MARKETPLACE_KAFKA_CONTROLLER_PORT} (19093),
 * {@code MARKETPLACE_POSTGRES_PORT} (15432), {@code MARKETPLACE_VAULT_PORT} (18200),
 * {@code MARKETPLACE_SANDBOX_PORT} (18080).</li>
 * <li>Per service ({@link LocalService#ALL}): {@code MARKETPLACE_<key>_PORT} (its default) and
 * {@code MARKETPLACE_<key>_MANAGEMENT_PORT} (the port + 1000), for example {@code MARKETPLACE_INGEST_PORT}.</li>
 * <li>{@code VAULT_ADDR} (and {@code VAULT_TOKEN}): when set, that Vault is used and no Vault dev server is
 * started.</li>
 * </ul>
 *
 * @param home the local run's directory
 * @param root the repository root
 * @param kafkaPort the broker's client port
 * @param kafkaControllerPort the KRaft controller's port
 * @param postgresPort PostgreSQL's port
 * @param vaultPort the Vault dev server's port
 * @param sandboxPort the Mercado Pago sandbox's port
 * @param externalVault the address of a real Vault to use instead of the dev server, or {@code null}
 * @param externalVaultToken the token for that Vault ({@code VAULT_TOKEN}), or {@code null}
 * @param servicePorts each service's public and management port, by module
 */
public record LocalRun(Path home, Path root, int kafkaPort, int kafkaControllerPort, int postgresPort, int vaultPort,
        int sandboxPort, String externalVault, String externalVaultToken, Map<String, ServicePorts> servicePorts) {

    /** A service's public port and the port of its management interface (health, metrics, OpenAPI). */
    public record ServicePorts(int http, int management) {
    }

    /** The local run configured by the given environment. */
    public static LocalRun fromEnvironment(Map<String, String> env) {
        Map<String, ServicePorts> services = new LinkedHashMap<>();
        for (LocalService service : LocalService.ALL) {
            int http = port(env, service.portVariable(), service.defaultPort());
            int management = port(env, service.managementPortVariable(), http + 1000);
            services.put(service.module(), new ServicePorts(http, management));
        }
        return new LocalRun(
                Path.of(env.getOrDefault("MARKETPLACE_HOME", "target/marketplace")).toAbsolutePath().normalize(),
                Path.of(env.getOrDefault("MARKETPLACE_ROOT", "")).toAbsolutePath().normalize(),
                port(env, "MARKETPLACE_KAFKA_PORT", 19092),
                port(env, "MARKETPLACE_KAFKA_CONTROLLER_PORT", 19093),
                port(env, "MARKETPLACE_POSTGRES_PORT", 15432),
                port(env, "MARKETPLACE_VAULT_PORT", 18200),
                port(env, "MARKETPLACE_SANDBOX_PORT", 18080),
                blankToNull(env.get("VAULT_ADDR")),
                blankToNull(env.get("VAULT_TOKEN")),
                Map.copyOf(services));
    }

    public Path logs() {
        return home.resolve("logs");
    }

    public Path data() {
        return home.resolve("data");
    }

    public Path run() {
        return home.resolve("run");
    }

    /** The pid file of the supervising {@code up} process. */
    public Path supervisorPidFile() {
        return run().resolve("marketplace.pid");
    }

    /** The key that signs the local run's API tokens (mode 600), and its public half, which the services get. */
    public Path signingKey() {
        return data().resolve("api-auth/signing-key.pem");
    }

    public Path signingPublicKey() {
        return data().resolve("api-auth/signing-key.pub.pem");
    }

    public ServicePorts ports(LocalService service) {
        return servicePorts.get(service.module());
    }

    /** The service's public base URL. */
    public String url(LocalService service) {
        return "http://127.0.0.1:" + ports(service).http();
    }

    /** The readiness probe on the service's management interface. */
    public String readinessUrl(LocalService service) {
        return "http://127.0.0.1:" + ports(service).management() + "/q/health/ready";
    }

    public String sandboxUrl() {
        return "http://127.0.0.1:" + sandboxPort;
    }

    public String vaultUrl() {
        return externalVault != null ? externalVault : "http://127.0.0.1:" + vaultPort;
    }

    /** Where the sandbox's seeded application sends webhooks: the local notification-ingest-service. */
    public String webhookUrl() {
        return url(LocalService.named(LocalService.WEBHOOK_RECEIVER)) + "/webhooks/mercadopago";
    }

    /** The sandbox's seeded application's redirect URL: the local seller-linking-service. */
    public String redirectUri() {
        return url(LocalService.named(LocalService.OAUTH_CALLBACK)) + "/oauth/callback";
    }

    /** Without the Vault token. */
    @Override
    public String toString() {
        return "LocalRun[home=" + home + ", root=" + root + ", kafka=" + kafkaPort + ", postgres=" + postgresPort
                + ", vault=" + vaultUrl() + ", sandbox=" + sandboxPort + ", services=" + servicePorts + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new LaunchException(name + " must be a port number between 1 and 65535, not '" + value + "'");
        }
    }
}
