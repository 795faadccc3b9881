package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The local run of {@code ./marketplace up}, started through the launcher's own Java API (the same components,
 * wiring, topics and signing key) on free ports, but not supervised: the fault suite kills, stops and restarts its
 * processes one by one, which {@code up} would answer by stopping everything. Each process keeps its data directory,
 * so a restarted broker, database or Vault comes back with what it held.
 */
public final class FaultableLocalRun implements AutoCloseable {

    private final LocalRun localRun;
    private final Set<String> services;
    private final Map<String, Map<String, String>> extraEnv;
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final List<Component> all = new ArrayList<>();
    private PrintStream out = System.out;
    private Supervisor supervisor;
    private ServiceWiring wiring;
    private SandboxApplication application;
    private String vaultToken;

    /**
     * @param home the run's directory (logs, data, pid files)
     * @param services the service modules to start
     * @param extraEnv per service module, variables added to (or replacing) its wiring
     */
    public FaultableLocalRun(Path home, Set<String> services, Map<String, Map<String, String>> extraEnv)
            throws IOException {
        Map<String, String> env = new HashMap<>(LocalRunPorts.environment(home));
        env.put("MARKETPLACE_ROOT", Path.of("../..").toAbsolutePath().normalize().toString());
        this.localRun = LocalRun.fromEnvironment(env);
        this.services = Set.copyOf(services);
        this.extraEnv = Map.copyOf(extraEnv);
    }

    /** Starts the infrastructure, creates the topics and the signing key, then the services; returns once ready. */
    public void start(PrintStream out) throws IOException, InterruptedException {
        this.out = out;
        Files.createDirectories(localRun.logs());
        Files.createDirectories(localRun.data());
        Files.createDirectories(localRun.run());
        vaultToken = Marketplace.rootToken(localRun.data().resolve("vault/root-token"));
        List<Component> infrastructure = Marketplace.infrastructure(localRun, vaultToken).stream()
                .map(FaultableLocalRun::fromPackagedLauncher).toList();
        infrastructure.forEach(this::remember);
        supervisor = new Supervisor(localRun, all, out, true);
        supervisor.start(infrastructure);
        Marketplace.createTopics(localRun.kafkaPort());
        Marketplace.ensureSigningKey(localRun);
        application = SandboxApplication.seeded(localRun);
        wiring = new ServiceWiring(localRun, application, vaultToken);
        List<Component> started = new ArrayList<>();
        for (LocalService service : LocalService.ALL) {
            if (services.contains(service.module())) {
                Component component = serviceComponent(service, service.module(), localRun.ports(service), Map.of());
                remember(component);
                started.add(component);
            }
        }
        supervisor = new Supervisor(localRun, all, out, true);
        supervisor.start(started);
    }

    /**
     * Starts one more replica of a running service, on ports of its own, wired like the first.
     *
     * @return the replica's process name ({@code <module>-<n>})
     */
    public String addReplica(String module, int number) throws IOException, InterruptedException {
        LocalService service = LocalService.named(module);
        LocalRun.ServicePorts ports = new LocalRun.ServicePorts(LocalRunPorts.freePort(), LocalRunPorts.freePort());
        Map<String, String> portEnv = Map.of("QUARKUS_HTTP_PORT", Integer.toString(ports.http()),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(ports.management()));
        Component replica = serviceComponent(service, module + "-" + number, ports, portEnv);
        remember(replica);
        supervisor = new Supervisor(localRun, all, out, true);
        supervisor.start(List.of(replica));
        return replica.name();
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill9(String name) {
        ProcessHandle process = process(name);
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** SIGTERM, as an orchestrator stops a pod (SIGKILL after 30 s). */
    public void stop(String name) {
        Supervisor.stop(process(name));
    }

    /** Starts a stopped or killed process again, on the same ports and data; returns once it is ready. */
    public void restart(String name) throws IOException, InterruptedException {
        supervisor.start(List.of(component(name)));
    }

    public boolean isRunning(String name) {
        return supervisor.pid(component(name)).isPresent();
    }

    public String url(String module) {
        return localRun.url(LocalService.named(module));
    }

    /** The public URL of a process started by {@link #addReplica} or of a service. */
    public String urlOf(String name) {
        return component(name).url();
    }

    /** The base URL of a service's (or replica's) management interface: health, {@code /q/metrics}. */
    public String managementUrlOf(String name) {
        return "http://127.0.0.1:" + component(name).ports().get(1);
    }

    public String sandboxUrl() {
        return localRun.sandboxUrl();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + localRun.kafkaPort();
    }

    public SandboxApplication application() {
        return application;
    }

    public LocalRun localRun() {
        return localRun;
    }

    /** The Vault dev server's root token, for a scenario that reads what the services wrote there. */
    public String vaultToken() {
        return vaultToken;
    }

    /** Stops every process it started, and PostgreSQL's server. */
    @Override
    public void close() throws IOException {
        if (supervisor != null) {
            supervisor.down();
        }
    }

    /**
     * The service's component exactly as the launcher builds it ({@link Marketplace#service}: the packaged
     * application run from its directory with the platform's JVM options), under {@code name}, on {@code ports}
     * ({@code portEnv} tells the process), with the suite's extra variables over its wiring.
     */
    private Component serviceComponent(LocalService service, String name, LocalRun.ServicePorts ports,
            Map<String, String> portEnv) {
        Component launched = Marketplace.service(localRun, wiring, service);
        Map<String, String> env = new HashMap<>(launched.env());
        env.putAll(portEnv);
        env.putAll(extraEnv.getOrDefault(service.module(), Map.of()));
        return new Component(name, List.of(ports.http(), ports.management()), launched.javaArguments(),
                launched.maxHeapMb(), Map.copyOf(env), "http://127.0.0.1:" + ports.http(),
                Optional.of(URI.create("http://127.0.0.1:" + ports.management() + "/q/health/ready")),
                launched.directory());
    }

    /**
     * The component with the packaged launcher as its class path, as {@code ./marketplace} starts it: a test's own
     * class path holds the launcher's dependencies twice (the jar's manifest and the test classpath), which the
     * embedded PostgreSQL refuses.
     */
    private static Component fromPackagedLauncher(Component component) {
        List<String> arguments = new ArrayList<>(component.javaArguments());
        int classPath = arguments.indexOf("-cp");
        if (classPath >= 0) {
            arguments.set(classPath + 1, Path.of("target/marketplace-launcher.jar").toAbsolutePath().toString());
        }
        return new Component(component.name(), component.ports(), List.copyOf(arguments), component.maxHeapMb(),
                component.env(), component.url(), component.readinessUrl());
    }

    private void remember(Component component) {
        components.put(component.name(), component);
        all.add(component);
    }

    private Component component(String name) {
        Component component = components.get(name);
        if (component == null) {
            throw new IllegalArgumentException("no process " + name + " in this run: " + components.keySet());
        }
        return component;
    }

    private ProcessHandle process(String name) {
        long pid = supervisor.pid(component(name))
                .orElseThrow(() -> new IllegalStateException(name + " is not running"));
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " is not running"));
    }

}
