package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxMain;

/**
 * The command behind {@code ./marketplace}: runs the platform's infrastructure on one machine with embedded
 * defaults, no container engine needed.
 */
public final class Marketplace {

    /** The databases of the services that own one (the ingest service holds none). */
    static final List<String> SERVICE_DATABASES = List.of("seller_linking", "payment", "point", "order_projection");

    /** Where the sandbox's seeded application sends webhooks: the local notification-ingest-service. */
    static final String INGEST_WEBHOOK_URL = "http://127.0.0.1:8081/webhooks/mercadopago";
    /** The seeded application's redirect URL: the local seller-linking-service. */
    static final String LINKING_REDIRECT_URI = "http://127.0.0.1:8082/oauth/callback";

    static final String USAGE = """
            usage: ./marketplace <command>

              up       start Kafka, PostgreSQL, the Vault dev server and the Mercado Pago sandbox in the foreground;
                       Ctrl-C stops them all
              down     stop a local run started with 'up' (from another terminal)
              status   show which processes of the local run are up; exit code 0 only when all are
              reset    delete the local run's data (target/marketplace/data); only while it is down
              sandbox [--port N]
                       run only the Mercado Pago sandbox in the foreground (default port 18080)
              help     show this text

            Logs go to target/marketplace/logs/, data to target/marketplace/data/ (kept between runs).
            Ports (environment variables, defaults): MARKETPLACE_KAFKA_PORT=19092,
            MARKETPLACE_KAFKA_CONTROLLER_PORT=19093, MARKETPLACE_POSTGRES_PORT=15432, MARKETPLACE_VAULT_PORT=18200,
            MARKETPLACE_SANDBOX_PORT=18080.
            With VAULT_ADDR set, that Vault is used and no Vault dev server is started.
            """;

    private Marketplace() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(args, LocalRun.fromEnvironment(System.getenv()), System.out);
        } catch (LaunchException e) {
            System.err.println("marketplace: " + e.getMessage());
            exit = 1;
        } catch (IOException e) {
            System.err.println("marketplace: " + e);
            exit = 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = 1;
        }
        System.exit(exit);
    }

    static int run(String[] args, LocalRun localRun, PrintStream out) throws IOException, InterruptedException {
        if (args.length >= 1 && args[0].equals("sandbox")) {
            return sandbox(args, localRun);
        }
        if (args.length != 1) {
            System.err.print(USAGE);
            return 2;
        }
        boolean starting = args[0].equals("up");
        List<Component> components = components(localRun, starting);
        Supervisor supervisor = new Supervisor(localRun, components, out);
        switch (args[0]) {
            case "up" :
                return supervisor.up(() -> onReady(localRun, components, out));
            case "down" :
                if (!supervisor.down()) {
                    out.println("The local run is not up.");
                } else {
                    out.println("The local run is down.");
                }
                return 0;
            case "status" :
                return supervisor.status() ? 0 : 3;
            case "reset" :
                if (supervisor.isUp()) {
                    throw new LaunchException("the local run is up; stop it with ./marketplace down before a reset");
                }
                deleteRecursively(localRun.data());
                out.println("Deleted " + localRun.data());
                return 0;
            case "help", "-h", "--help" :
                out.print(USAGE);
                return 0;
            default :
                System.err.print("marketplace: unknown command '" + args[0] + "'\n\n" + USAGE);
                return 2;
        }
    }

    /** {@code sandbox [--port N]}: the Mercado Pago sandbox alone, in this process, until Ctrl-C. */
    private static int sandbox(String[] args, LocalRun localRun) throws InterruptedException {
        int port = localRun.sandboxPort();
        if (args.length == 3 && args[1].equals("--port")) {
            try {
                port = Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                throw new LaunchException("--port needs a number, not '" + args[2] + "'");
            }
        } else if (args.length != 1) {
            System.err.print("marketplace: usage: ./marketplace sandbox [--port N]\n");
            return 2;
        }
        MercadoPagoSandboxMain.main(new String[]{"--port", Integer.toString(port), "--data-dir",
                localRun.data().resolve("mercadopago").toString(), "--ingest-url", INGEST_WEBHOOK_URL,
                "--redirect-uri", LINKING_REDIRECT_URI});
        return 0;
    }

    /**
     * The processes of the local run, in start order.
     *
     * @param starting whether they are about to be started: only then is the Vault root token read or created
     */
    static List<Component> components(LocalRun localRun, boolean starting) throws IOException {
        List<Component> components = new ArrayList<>();
        List<String> postgresArgs = new ArrayList<>(List.of(Integer.toString(localRun.postgresPort()),
                localRun.data().resolve("postgres").toString()));
        postgresArgs.addAll(SERVICE_DATABASES);
        components.add(new Component("postgres", "PostgreSQL", List.of(localRun.postgresPort()),
                PostgresServerMain.class.getName(), postgresArgs, 64, Map.of(),
                "postgresql://127.0.0.1:" + localRun.postgresPort() + " (user postgres; databases "
                        + String.join(", ", SERVICE_DATABASES) + ")"));
        components.add(new Component("kafka", "Kafka broker (KRaft)",
                List.of(localRun.kafkaPort(), localRun.kafkaControllerPort()), KafkaBrokerMain.class.getName(),
                List.of(Integer.toString(localRun.kafkaPort()), Integer.toString(localRun.kafkaControllerPort()),
                        localRun.data().resolve("kafka").toString()),
                512, Map.of(), "127.0.0.1:" + localRun.kafkaPort() + " (bootstrap servers)"));
        if (localRun.externalVault() == null) {
            Path tokenFile = localRun.data().resolve("vault/root-token");
            components.add(new Component("vault", "Vault dev server", List.of(localRun.vaultPort()),
                    "dev.mpmarketplace.sandbox.vault.VaultDevServerMain",
                    List.of("--port", Integer.toString(localRun.vaultPort()), "--data-dir",
                            localRun.data().resolve("vault").toString()),
                    64, starting ? Map.of("VAULT_DEV_ROOT_TOKEN_ID", rootToken(tokenFile)) : Map.of(),
                    "http://127.0.0.1:" + localRun.vaultPort() + " (token in " + tokenFile + ")"));
        }
        components.add(new Component("mercadopago-sandbox", "Mercado Pago sandbox", List.of(localRun.sandboxPort()),
                MercadoPagoSandboxMain.class.getName(),
                List.of("--port", Integer.toString(localRun.sandboxPort()), "--data-dir",
                        localRun.data().resolve("mercadopago").toString(), "--ingest-url", INGEST_WEBHOOK_URL,
                        "--redirect-uri", LINKING_REDIRECT_URI),
                256, Map.of(), "http://127.0.0.1:" + localRun.sandboxPort()
                        + " (API, consent and checkout pages; control API under /sandbox, docs/sandbox.md)"));
        return components;
    }

    private static void onReady(LocalRun localRun, List<Component> components, PrintStream out) {
        createTopics(localRun.kafkaPort());
        out.println();
        out.println("The marketplace local run is up:");
        for (Component component : components) {
            out.printf("  %-22s %s%n", component.title(), component.endpoint());
        }
        if (localRun.externalVault() != null) {
            out.printf("  %-22s %s (VAULT_ADDR)%n", "Vault", localRun.externalVault());
        }
        out.println("  Kafka topics: " + Topic.values().length + " platform topics (docs/asyncapi.yaml)");
        out.println("Logs: " + localRun.logs() + "  Data: " + localRun.data());
        out.println("Ctrl-C stops everything (or ./marketplace down from another terminal).");
    }

    private static void createTopics(int kafkaPort) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        try (Admin admin = Admin.create(properties)) {
            var existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = Topic.allNames().stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, 3, (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new LaunchException("could not create the Kafka topics: " + e.getMessage());
        }
    }

    /**
     * The Vault dev server's root token for this local run, created on first use and kept (owner-readable only) with
     * the data, so that services and tools keep working across restarts. It is passed to the server through its
     * environment, never on a command line that {@code ps} would show.
     */
    private static String rootToken(Path tokenFile) throws IOException {
        if (Files.isRegularFile(tokenFile)) {
            return Files.readString(tokenFile).trim();
        }
        Files.createDirectories(tokenFile.getParent());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "hvs.dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(tokenFile, token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
