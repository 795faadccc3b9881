package dev.mpmarketplace.sandbox.launcher;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local run keeps its files and which ports it uses, read from the environment with the defaults of the
 * design's "Local run" table.
 * <ul>
 * <li>{@code MARKETPLACE_HOME}: the directory for {@code logs/}, {@code data/} and {@code run/}; default
 * {@code target/marketplace} under the working directory.</li>
 * <li>{@code MARKETPLACE_KAFKA_PORT} (19092), {@code MARKETPLACE_KAFKA_CONTROLLER_PORT} (19093),
 * {@code MARKETPLACE_POSTGRES_PORT} (15432), {@code MARKETPLACE_VAULT_PORT} (18200),
 * {@code MARKETPLACE_SANDBOX_PORT} (18080).</li>
 * <li>{@code VAULT_ADDR}: when set, that Vault is used and no Vault dev server is started.</li>
 * </ul>
 *
 * @param home the local run's directory
 * @param kafkaPort the broker's client port
 * @param kafkaControllerPort the KRaft controller's port
 * @param postgresPort PostgreSQL's port
 * @param vaultPort the Vault dev server's port
 * @param sandboxPort the Mercado Pago sandbox's port
 * @param externalVault the address of a real Vault to use instead of the dev server, or {@code null}
 */
public record LocalRun(Path home, int kafkaPort, int kafkaControllerPort, int postgresPort, int vaultPort,
        int sandboxPort, String externalVault) {

    /** The local run configured by the given environment. */
    public static LocalRun fromEnvironment(Map<String, String> env) {
        String vaultAddr = env.get("VAULT_ADDR");
        return new LocalRun(
                Path.of(env.getOrDefault("MARKETPLACE_HOME", "target/marketplace")).toAbsolutePath().normalize(),
                port(env, "MARKETPLACE_KAFKA_PORT", 19092),
                port(env, "MARKETPLACE_KAFKA_CONTROLLER_PORT", 19093),
                port(env, "MARKETPLACE_POSTGRES_PORT", 15432),
                port(env, "MARKETPLACE_VAULT_PORT", 18200),
                port(env, "MARKETPLACE_SANDBOX_PORT", 18080),
                vaultAddr == null || vaultAddr.isBlank() ? null : vaultAddr);
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
