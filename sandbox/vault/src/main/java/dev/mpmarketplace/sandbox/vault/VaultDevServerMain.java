package dev.mpmarketplace.sandbox.vault;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link VaultDevServer} as a process, for the local run of the platform.
 *
 * <pre>
 * java -cp ... dev.mpmarketplace.sandbox.vault.VaultDevServerMain [--host HOST] [--port PORT] [--token TOKEN]
 *     [--data-dir DIR] [--mount NAME]...
 * </pre>
 *
 * Prints {@code Vault dev server listening on http://HOST:PORT} once ready and stops cleanly on SIGTERM or SIGINT.
 * Exits with 1 when the server cannot start (e.g. the port is in use) and with 2 on a usage error.
 */
public final class VaultDevServerMain {

    static final String TOKEN_ENV = "VAULT_DEV_ROOT_TOKEN_ID";
    static final String DATA_FILE_NAME = "vault-kv.json";
    static final String USAGE = "Usage: java -cp <classpath> " + VaultDevServerMain.class.getName()
            + " [--host HOST] [--port PORT] [--token TOKEN] [--data-dir DIR] [--mount NAME]...\n"
            + "  --host HOST     address to listen on (default 127.0.0.1)\n"
            + "  --port PORT     TCP port, 0 for a free one (default 18200)\n"
            + "  --token TOKEN   root token (default: $" + TOKEN_ENV + ", else a random one)\n"
            + "  --data-dir DIR  keep the KV state in DIR/" + DATA_FILE_NAME + " across restarts (default: memory)\n"
            + "  --mount NAME    path of a KV version 2 mount; repeatable (default: secret)";

    private VaultDevServerMain() {
    }

    public static void main(String[] args) {
        VaultDevServerOptions options;
        try {
            options = parse(args, System.getenv());
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                System.out.println(USAGE);
                return;
            }
            System.err.println("vault dev server: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        VaultDevServer server;
        try {
            if (options.dataFile() != null) {
                Files.createDirectories(options.dataFile().toAbsolutePath().getParent());
            }
            server = VaultDevServer.start(options);
        } catch (IOException e) {
            System.err.println("vault dev server: cannot create the data directory: " + e);
            System.exit(1);
            return;
        } catch (IllegalStateException e) {
            System.err.println("vault dev server: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "vault-dev-server-shutdown"));
        announce(System.out, server);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one line a launcher waits for; never the token. */
    static void announce(PrintStream out, VaultDevServer server) {
        out.println("Vault dev server listening on " + server.url());
        out.flush();
    }

    /**
     * Reads the command line into options.
     *
     * @throws UsageException on an unknown flag or a bad value; with a {@code null} message for {@code --help}
     */
    static VaultDevServerOptions parse(String[] args, Map<String, String> env) {
        String host = "127.0.0.1";
        int port = 18200;
        String envToken = env.get(TOKEN_ENV);
        String token = envToken != null && !envToken.isBlank() ? envToken : null;
        Path dataDir = null;
        Set<String> mounts = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException(null);
            }
            String flag = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                flag = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!Set.of("--host", "--port", "--token", "--data-dir", "--mount").contains(flag)) {
                throw new UsageException("unknown argument '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = port(value);
                case "--token" -> token = value;
                case "--data-dir" -> dataDir = Path.of(value);
                default -> mounts.add(value);
            }
        }
        try {
            VaultDevServerOptions options = VaultDevServerOptions.defaults().withHost(host).withPort(port);
            if (token != null) {
                options = options.withRootToken(token);
            }
            if (!mounts.isEmpty()) {
                options = options.withKvMounts(mounts);
            }
            if (dataDir != null) {
                options = options.withDataFile(dataDir.resolve(DATA_FILE_NAME));
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65_535) {
                throw new UsageException("--port must be between 0 and 65535, was " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number, was '" + value + "'");
        }
    }

    /** A command line the program cannot run with. */
    static final class UsageException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
