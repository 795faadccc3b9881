package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.sandbox.launcher.demo.Demo;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxMain;

/**
 * The command behind {@code ./marketplace}: runs the platform on one machine, infrastructure (PostgreSQL, Kafka, the
 * Vault dev server, the Mercado Pago sandbox) and services, with embedded defaults and no container engine.
 */
public final class Marketplace {

    /** The heap limit of each service in the local run. */
    static final int SERVICE_HEAP_MB = 256;

    /** The subject of the tokens {@code ./marketplace token} prints. */
    static final String TOKEN_SUBJECT = "marketplace-cli";

    static final String USAGE = """
            usage: ./marketplace <command>

              up [-v] [--without <service>]...
                       build what is missing, start the infrastructure (PostgreSQL, Kafka, the Vault dev server, the
                       Mercado Pago sandbox) and then every service, wait until all are ready and print where they
                       are; Ctrl-C stops them all. -v says more; --without leaves a service out (to run it yourself)
              down     stop a local run started with 'up' (from another terminal)
              status   show each process of the local run and whether it is ready; exit code 0 only when all are
              reset    delete the local run's data (target/marketplace/data); only while it is down
              token [role...]
                       print a bearer token for the services' APIs, signed with the local run's key, valid one hour;
                       no role named: every role (%s)
              run <service>
                       run one service in the foreground, wired like 'up' does, against a running local run
                       (started with --without <service>)
              env <service>
                       print the service's environment as shell exports, for
                       eval "$(./marketplace env <service>)" && ./mvnw quarkus:dev -pl <service>
              sandbox [--port N]
                       run only the Mercado Pago sandbox in the foreground (default port 18080)
              demo     a narrated run of the whole platform against the local run (started, and stopped after,
                       when none is up): sellers link (one in headless Chromium), a checkout, an API payment and a
                       refund, a Point intent, a Mercado Libre order, a revocation; each step checked, exit code 1
                       when a check failed
              help     show this text

            Services: %s.
            Logs go to target/marketplace/logs/, data to target/marketplace/data/ (kept between runs).
            Ports (environment variables, defaults): MARKETPLACE_POSTGRES_PORT=15432, MARKETPLACE_KAFKA_PORT=19092,
            MARKETPLACE_KAFKA_CONTROLLER_PORT=19093, MARKETPLACE_VAULT_PORT=18200, MARKETPLACE_SANDBOX_PORT=18080,
            %s; each service's management interface (health, metrics, OpenAPI) on its port + 1000
            (MARKETPLACE_<service>_MANAGEMENT_PORT).
            With VAULT_ADDR (and VAULT_TOKEN) set, that Vault is used and no Vault dev server is started.
            """.formatted(String.join(" ", Roles.ALL),
            String.join(", ", LocalService.ALL.stream().map(LocalService::module).toList()),
            String.join(", ", LocalService.ALL.stream()
                    .map(s -> s.portVariable() + "=" + s.defaultPort()).toList()));

    private Marketplace() {
    }

    public static void main(String[] args) {
        boolean verbose = List.of(args).contains("-v");
        if (args.length == 0 || !args[0].equals("sandbox")) {
            // The launcher's own Kafka admin client logs its whole configuration at INFO: only problems, unless -v.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
            if (!verbose) {
                System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
            }
        }
        int exit;
        try {
            exit = run(args, LocalRun.fromEnvironment(System.getenv()), System.out);
        } catch (UsageException e) {
            System.err.println("marketplace: " + e.getMessage());
            exit = 2;
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
        String command = args.length == 0 ? "help" : args[0];
        List<String> rest = List.of(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "up" :
                return up(rest, localRun, out);
            case "down" :
                requireNoArguments(rest);
                boolean wasUp = new Supervisor(localRun, components(localRun, null, Set.of()), out, false).down();
                out.println(wasUp ? "The local run is down." : "The local run is not up.");
                return 0;
            case "status" :
                requireNoArguments(rest);
                return status(localRun, out);
            case "reset" :
                requireNoArguments(rest);
                if (new Supervisor(localRun, List.of(), out, false).isUp()) {
                    throw new LaunchException("the local run is up; stop it with ./marketplace down before a reset");
                }
                deleteRecursively(localRun.data());
                out.println("Deleted " + localRun.data());
                return 0;
            case "token" :
                return token(rest, localRun, out);
            case "env" :
                LocalService service = oneService(rest, "env");
                out.print(ServiceWiring.exports(wiringOfRunningLocalRun(localRun).env(service)));
                return 0;
            case "run" :
                return runService(oneService(rest, "run"), localRun);
            case "sandbox" :
                return sandbox(rest, localRun);
            case "demo" :
                requireNoArguments(rest);
                return Demo.run(localRun, out);
            case "help", "-h", "--help" :
                out.print(USAGE);
                return 0;
            default :
                System.err.print("marketplace: unknown command '" + command + "'\n\n" + USAGE);
                return 2;
        }
    }

    /** {@code up}: the infrastructure, then the services, then the table; blocks until stopped. */
    private static int up(List<String> options, LocalRun localRun, PrintStream out)
            throws IOException, InterruptedException {
        boolean verbose = false;
        Set<String> without = new LinkedHashSet<>();
        for (int i = 0; i < options.size(); i++) {
            switch (options.get(i)) {
                case "-v" -> verbose = true;
                case "--without" -> {
                    if (i + 1 >= options.size()) {
                        throw new UsageException("--without needs a service name");
                    }
                    without.add(LocalService.named(options.get(++i)).module());
                }
                default -> throw new UsageException("unknown option '" + options.get(i) + "' of up");
            }
        }
        List<LocalService> services = LocalService.ALL.stream().filter(s -> !without.contains(s.module())).toList();
        for (LocalService service : services) {
            if (!Files.isRegularFile(service.jar(localRun.root()))) {
                throw new LaunchException(service.module() + " is not built (" + service.jar(localRun.root())
                        + "); ./marketplace builds it, or: ./mvnw install -DskipTests -pl " + service.module()
                        + " -am");
            }
        }

        Supervisor supervisor = new Supervisor(localRun, components(localRun, null, without), out, verbose);
        supervisor.claim();
        String vaultToken = localRun.externalVault() == null
                ? rootToken(localRun.data().resolve("vault/root-token"))
                : localRun.externalVaultToken();
        List<Component> infrastructure = infrastructure(localRun, vaultToken);
        supervisor.start(infrastructure);
        createTopics(localRun.kafkaPort());
        ensureSigningKey(localRun);
        ServiceWiring wiring = new ServiceWiring(localRun, SandboxApplication.seeded(localRun), vaultToken);
        List<Component> serviceComponents = services(localRun, wiring, without);
        supervisor.start(serviceComponents);

        List<Component> started = new ArrayList<>(infrastructure);
        started.addAll(serviceComponents);
        Table table = new Table("process", "URL", "state", "log");
        for (Component component : started) {
            table.row(component.name(), component.url(), Supervisor.State.READY.toString(),
                    supervisor.logFile(component).toString());
        }
        if (localRun.externalVault() != null) {
            table.row("vault", localRun.externalVault(), "external (VAULT_ADDR)", "-");
        }
        without.forEach(module -> table.row(module, localRun.url(LocalService.named(module)),
                "left out (--without)", "-"));
        table.print(out);
        out.println("Ctrl-C stops everything. ./marketplace status | down | token: see docs/operations.md.");
        return supervisor.supervise();
    }

    private static int status(LocalRun localRun, PrintStream out) {
        Supervisor supervisor = new Supervisor(localRun, components(localRun, null, Set.of()), out, false);
        boolean up = supervisor.isUp();
        out.println(up ? "The local run is up." : "The local run is not up.");
        Table table = new Table("process", "state", "pid", "URL", "readiness");
        boolean allReady = true;
        for (Map.Entry<Component, Supervisor.State> entry : supervisor.states().entrySet()) {
            Component component = entry.getKey();
            allReady &= entry.getValue() == Supervisor.State.READY;
            table.row(component.name(), entry.getValue().toString(),
                    supervisor.pid(component).map(String::valueOf).orElse("-"), component.url(),
                    component.readinessUrl().map(URI::toString).orElse("port " + component.firstPort()));
        }
        table.print(out);
        return up && allReady ? 0 : 3;
    }

    /** {@code token [role...]}: a token signed with the local run's key, on the last (and only) line of stdout. */
    private static int token(List<String> roles, LocalRun localRun, PrintStream out) throws IOException {
        for (String role : roles) {
            if (!Roles.ALL.contains(role)) {
                throw new UsageException("unknown role '" + role + "'; the roles are " + String.join(" ", Roles.ALL));
            }
        }
        if (!Files.isRegularFile(localRun.signingKey())) {
            throw new LaunchException("the local run has no signing key yet (" + localRun.signingKey()
                    + "); ./marketplace up creates it");
        }
        ApiTokenIssuer issuer = ApiTokenIssuer.local(ApiSigningKey.read(localRun.signingKey()));
        List<String> granted = roles.isEmpty() ? Roles.ALL : List.copyOf(new LinkedHashSet<>(roles));
        System.err.println("# roles " + String.join(" ", granted) + "; valid " + issuer.lifetime().toMinutes()
                + " min; Authorization: Bearer <token>");
        out.println(issuer.issue(TOKEN_SUBJECT, granted));
        return 0;
    }

    /** {@code run <service>}: one service in the foreground, its output on the terminal, until Ctrl-C. */
    private static int runService(LocalService service, LocalRun localRun) throws IOException, InterruptedException {
        LocalRun.ServicePorts ports = localRun.ports(service);
        for (int port : List.of(ports.http(), ports.management())) {
            if (!Supervisor.portFree(port)) {
                throw new LaunchException("port " + port + " (" + service.module() + ") is already in use; if the"
                        + " local run started " + service.module() + ", start it with ./marketplace up --without "
                        + service.module());
            }
        }
        if (!Files.isRegularFile(service.jar(localRun.root()))) {
            throw new LaunchException(service.module() + " is not built (" + service.jar(localRun.root()) + ")");
        }
        ServiceWiring wiring = wiringOfRunningLocalRun(localRun);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + SERVICE_HEAP_MB + "m");
        command.add("-XX:+UseSerialGC");
        command.addAll(service.javaArguments(localRun.root()));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().directory(service.directory(localRun.root())
                .toFile());
        builder.environment().putAll(wiring.env(service));
        Process process = builder.start();
        // Ctrl-C reaches the service too (same process group); SIGTERM to this process is passed on.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Supervisor.stop(process.toHandle()), "run-stop"));
        return process.waitFor();
    }

    /** The wiring of the services, read from a local run that is up (its sandbox, its Vault token, its key). */
    private static ServiceWiring wiringOfRunningLocalRun(LocalRun localRun) throws IOException {
        if (!Supervisor.accepts(localRun.sandboxPort())) {
            throw new LaunchException("the local run is not up (no Mercado Pago sandbox on port "
                    + localRun.sandboxPort() + "); start it with ./marketplace up");
        }
        String vaultToken = localRun.externalVault() == null
                ? Files.readString(localRun.data().resolve("vault/root-token")).trim()
                : localRun.externalVaultToken();
        return new ServiceWiring(localRun, SandboxApplication.seeded(localRun), vaultToken);
    }

    /** {@code sandbox [--port N]}: the Mercado Pago sandbox alone, in this process, until Ctrl-C. */
    private static int sandbox(List<String> options, LocalRun localRun) throws InterruptedException {
        int port = localRun.sandboxPort();
        if (options.size() == 2 && options.get(0).equals("--port")) {
            try {
                port = Integer.parseInt(options.get(1));
            } catch (NumberFormatException e) {
                throw new LaunchException("--port needs a number, not '" + options.get(1) + "'");
            }
        } else if (!options.isEmpty()) {
            throw new UsageException("usage: ./marketplace sandbox [--port N]");
        }
        MercadoPagoSandboxMain.main(sandboxArguments(localRun, port).toArray(String[]::new));
        return 0;
    }

    /** Every process of the local run, in start order; without wiring (for down and status) the services have no env. */
    static List<Component> components(LocalRun localRun, ServiceWiring wiring, Set<String> without) {
        List<Component> components = new ArrayList<>(infrastructure(localRun, null));
        components.addAll(services(localRun, wiring, without));
        return components;
    }

    /**
     * PostgreSQL, Kafka, the Vault dev server (unless {@code VAULT_ADDR}) and the sandbox, started together.
     *
     * @param vaultToken the dev server's root token, passed through its environment; {@code null} for down/status
     */
    static List<Component> infrastructure(LocalRun localRun, String vaultToken) {
        String classPath = System.getProperty("java.class.path");
        List<Component> components = new ArrayList<>();
        List<String> databases = LocalService.ALL.stream().flatMap(s -> s.database().stream()).toList();
        List<String> postgres = new ArrayList<>(List.of("-cp", classPath, PostgresServerMain.class.getName(),
                Integer.toString(localRun.postgresPort()), localRun.data().resolve("postgres").toString()));
        postgres.addAll(databases);
        components.add(new Component("postgres", List.of(localRun.postgresPort()), postgres, 64, Map.of(),
                "postgresql://127.0.0.1:" + localRun.postgresPort(), Optional.empty()));
        components.add(new Component("kafka", List.of(localRun.kafkaPort(), localRun.kafkaControllerPort()),
                List.of("-cp", classPath, KafkaBrokerMain.class.getName(), Integer.toString(localRun.kafkaPort()),
                        Integer.toString(localRun.kafkaControllerPort()), localRun.data().resolve("kafka").toString()),
                512, Map.of(), "127.0.0.1:" + localRun.kafkaPort(), Optional.empty()));
        if (localRun.externalVault() == null) {
            components.add(new Component("vault", List.of(localRun.vaultPort()),
                    List.of("-cp", classPath, "dev.mpmarketplace.sandbox.vault.VaultDevServerMain", "--port",
                            Integer.toString(localRun.vaultPort()), "--data-dir",
                            localRun.data().resolve("vault").toString()),
                    64, vaultToken == null ? Map.of() : Map.of("VAULT_DEV_ROOT_TOKEN_ID", vaultToken),
                    localRun.vaultUrl(), Optional.empty()));
        }
        List<String> sandbox = new ArrayList<>(List.of("-cp", classPath, MercadoPagoSandboxMain.class.getName()));
        sandbox.addAll(sandboxArguments(localRun, localRun.sandboxPort()));
        components.add(new Component("mercadopago-sandbox", List.of(localRun.sandboxPort()), sandbox, 256, Map.of(),
                localRun.sandboxUrl(), Optional.empty()));
        return components;
    }

    /** The services of {@link LocalService#ALL} but those left out, each from its packaged jar. */
    static List<Component> services(LocalRun localRun, ServiceWiring wiring, Set<String> without) {
        return LocalService.ALL.stream().filter(service -> !without.contains(service.module()))
                .map(service -> service(localRun, wiring, service)).toList();
    }

    /**
     * One service as the local run starts it: its packaged application run from its directory with the platform's
     * JVM options ({@link LocalService#javaArguments}), its heap, its wiring ({@code wiring} {@code null}: no
     * environment, for down and status), its ports and readiness URL.
     */
    static Component service(LocalRun localRun, ServiceWiring wiring, LocalService service) {
        return new Component(service.module(),
                List.of(localRun.ports(service).http(), localRun.ports(service).management()),
                service.javaArguments(localRun.root()), SERVICE_HEAP_MB,
                wiring == null ? Map.of() : wiring.env(service), localRun.url(service),
                Optional.of(URI.create(localRun.readinessUrl(service))),
                Optional.of(service.directory(localRun.root())));
    }

    private static List<String> sandboxArguments(LocalRun localRun, int port) {
        return List.of("--port", Integer.toString(port), "--data-dir",
                localRun.data().resolve("mercadopago").toString(), "--ingest-url", localRun.webhookUrl(),
                "--redirect-uri", localRun.redirectUri());
    }

    static void createTopics(int kafkaPort) {
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

    /** The key pair that signs the local run's API tokens: created once, kept with the data (private key mode 600). */
    static void ensureSigningKey(LocalRun localRun) throws IOException {
        if (Files.isRegularFile(localRun.signingKey())) {
            ApiSigningKey key = ApiSigningKey.read(localRun.signingKey());
            if (!Files.isRegularFile(localRun.signingPublicKey())) {
                key.writePublicKey(localRun.signingPublicKey());
            }
            return;
        }
        ApiSigningKey key = ApiSigningKey.generate();
        key.writePrivateKey(localRun.signingKey());
        key.writePublicKey(localRun.signingPublicKey());
    }

    /**
     * The Vault dev server's root token for this local run, created on first use and kept (owner-readable only) with
     * the data, so that services and tools keep working across restarts. It is passed to the server through its
     * environment, never on a command line that {@code ps} would show.
     */
    static String rootToken(Path tokenFile) throws IOException {
        if (Files.isRegularFile(tokenFile)) {
            return Files.readString(tokenFile).trim();
        }
        Files.createDirectories(tokenFile.getParent());
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "hvs.dev-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, token);
        return token;
    }

    private static LocalService oneService(List<String> arguments, String command) {
        if (arguments.size() != 1) {
            throw new UsageException("usage: ./marketplace " + command + " <service>; the services are "
                    + String.join(", ", LocalService.ALL.stream().map(LocalService::module).toList()));
        }
        return LocalService.named(arguments.get(0));
    }

    private static void requireNoArguments(List<String> arguments) {
        if (!arguments.isEmpty()) {
            throw new UsageException("unexpected argument '" + arguments.get(0) + "'");
        }
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
