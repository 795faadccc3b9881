package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a local run a test starts beside any other on the machine: its own home and a free port for
 * every process, as {@code MARKETPLACE_*} variables (docs/operations.md). Free when chosen; a port another process
 * takes before the run binds it fails the run's start with that port named.
 */
public final class LocalRunPorts {

    private static final List<String> INFRASTRUCTURE = List.of("MARKETPLACE_KAFKA_PORT",
            "MARKETPLACE_KAFKA_CONTROLLER_PORT", "MARKETPLACE_POSTGRES_PORT", "MARKETPLACE_VAULT_PORT",
            "MARKETPLACE_SANDBOX_PORT");

    private LocalRunPorts() {
    }

    /** {@code MARKETPLACE_HOME} and a free port for the infrastructure and for every service and its management. */
    public static Map<String, String> environment(Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MARKETPLACE_HOME", home.toString());
        for (String port : INFRASTRUCTURE) {
            env.put(port, Integer.toString(freePort()));
        }
        for (LocalService service : LocalService.ALL) {
            env.put(service.portVariable(), Integer.toString(freePort()));
            env.put(service.managementPortVariable(), Integer.toString(freePort()));
        }
        return env;
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
