package dev.mpmarketplace.sandbox.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts the components of the local run as separate processes, a stage at a time (all components of a stage at
 * once), waits until each is ready, watches them, and stops them in reverse order: on Ctrl-C (the JVM's shutdown
 * hook), on {@code ./marketplace down} from another terminal (SIGTERM to this process), or when one of them dies.
 * <p>
 * Every process gets a pid file under {@code run/}, so {@code down} can still stop them if this supervisor itself
 * was killed outright.
 */
public final class Supervisor {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final int LOG_TAIL_LINES = 25;
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** What {@code status} and the start-up table show for a process. */
    public enum State {
        READY,
        STARTING,
        DOWN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final LocalRun localRun;
    private final List<Component> components;
    private final PrintStream out;
    private final boolean verbose;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();
    private final List<Running> running = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;

    record Running(Component component, Process process, Instant startedAt) {
    }

    /**
     * @param components every component of the local run, in start order: their ports are checked before anything
     *            starts, and {@code down} and {@code status} look at all of them
     * @param verbose whether to say what is started and stopped, and when each component got ready
     */
    public Supervisor(LocalRun localRun, List<Component> components, PrintStream out, boolean verbose) {
        this.localRun = localRun;
        this.components = List.copyOf(components);
        this.out = out;
        this.verbose = verbose;
    }

    /**
     * Makes this process the supervisor of the local run: refuses when another one is up or a port is taken, then
     * writes the pid file and installs the hook that stops everything on exit.
     */
    public void claim() throws IOException {
        Optional<ProcessHandle> existing = livePid(localRun.supervisorPidFile());
        if (existing.isPresent()) {
            throw new LaunchException("the local run is already up (pid " + existing.get().pid()
                    + "); stop it with ./marketplace down");
        }
        checkPortsFree();
        Files.createDirectories(localRun.logs());
        Files.createDirectories(localRun.data());
        Files.createDirectories(localRun.run());
        Files.writeString(localRun.supervisorPidFile(), Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "marketplace-stop"));
    }

    /**
     * Starts the given components all at once and waits until every one is ready.
     *
     * @throws LaunchException naming the first that exits or does not get ready in time, with the end of its log
     */
    public void start(List<Component> stage) throws IOException, InterruptedException {
        List<Running> started = new ArrayList<>();
        for (Component component : stage) {
            Running r = new Running(component, launch(component), Instant.now());
            running.add(r);
            started.add(r);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        List<Running> waiting = new ArrayList<>(started);
        while (!waiting.isEmpty()) {
            for (Running r : List.copyOf(waiting)) {
                if (!r.process().isAlive()) {
                    throw new LaunchException(r.component().name() + " exited during start-up (exit code "
                            + r.process().exitValue() + "). " + logTail(r.component()));
                }
                if (isReady(r.component())) {
                    waiting.remove(r);
                    if (verbose) {
                        out.printf("%s ready after %d ms%n", r.component().name(),
                                Duration.between(r.startedAt(), Instant.now()).toMillis());
                    }
                }
            }
            if (!waiting.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    Component late = waiting.get(0).component();
                    throw new LaunchException(late.name() + " was not ready within " + START_TIMEOUT.toSeconds()
                            + " s (" + late.readinessUrl().map(URI::toString).orElse("port " + late.firstPort())
                            + "). " + logTail(late));
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Blocks until the local run is stopped or one of its processes dies.
     *
     * @return the process exit code: 0 after a requested stop, 1 when a component died
     */
    public int supervise() {
        CompletableFuture<?>[] exits = running.stream().map(r -> r.process().onExit())
                .toArray(CompletableFuture[]::new);
        CompletableFuture.anyOf(exits).join();
        if (stopping) {
            return 0;
        }
        running.stream().filter(r -> !r.process().isAlive()).findFirst().ifPresent(dead -> out.printf(
                "%s exited unexpectedly (exit code %d). %s%nStopping the rest.%n", dead.component().name(),
                dead.process().exitValue(), logTail(dead.component())));
        return 1;
    }

    /** Stops a set started by {@code up} in another process, and anything it left behind. */
    public boolean down() throws IOException {
        boolean found = false;
        Optional<ProcessHandle> supervisor = livePid(localRun.supervisorPidFile());
        if (supervisor.isPresent()) {
            found = true;
            if (verbose) {
                out.println("Stopping the local run (pid " + supervisor.get().pid() + ")...");
            }
            supervisor.get().destroy();
            awaitExit(supervisor.get(), STOP_TIMEOUT.multipliedBy(components.size() + 1));
        }
        // Whatever outlived its supervisor (killed with SIGKILL, say) is stopped one by one.
        for (Component component : reversed(components)) {
            Optional<ProcessHandle> orphan = livePid(pidFile(component));
            if (orphan.isPresent()) {
                found = true;
                out.println("Stopping " + component.name() + " left behind (pid " + orphan.get().pid() + ")");
                stop(orphan.get());
            }
            Files.deleteIfExists(pidFile(component));
        }
        Optional<ProcessHandle> postmaster = livePid(localRun.data().resolve("postgres/postmaster.pid"));
        if (postmaster.isPresent()) {
            found = true;
            out.println("Stopping PostgreSQL server left behind (pid " + postmaster.get().pid() + ")");
            stop(postmaster.get());
        }
        Files.deleteIfExists(localRun.supervisorPidFile());
        return found;
    }

    /**
     * Each component's state, in start order. A service started by hand ({@code ./marketplace run}) has no pid file
     * here, and counts as ready when its readiness probe says so.
     */
    public Map<Component, State> states() {
        Map<Component, State> states = new LinkedHashMap<>();
        for (Component component : components) {
            boolean supervised = livePid(pidFile(component)).isPresent();
            boolean ready = (supervised || component.readinessUrl().isPresent()) && isReady(component);
            states.put(component, ready ? State.READY : supervised ? State.STARTING : State.DOWN);
        }
        return states;
    }

    /** The pid of a running component, if any. */
    public Optional<Long> pid(Component component) {
        return livePid(pidFile(component)).map(ProcessHandle::pid);
    }

    /** Whether a supervisor is running for this local run. */
    public boolean isUp() {
        return livePid(localRun.supervisorPidFile()).isPresent();
    }

    /** Whether the component is ready: its readiness URL answers 200, or else its first port accepts connections. */
    public boolean isReady(Component component) {
        if (component.readinessUrl().isEmpty()) {
            return accepts(component.firstPort());
        }
        try {
            HttpRequest probe = HttpRequest.newBuilder(component.readinessUrl().get()).timeout(PROBE_TIMEOUT).GET()
                    .build();
            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The log file, relative to the working directory when it is below it. */
    public Path logFile(Component component) {
        Path log = localRun.logs().resolve(component.name() + ".log");
        Path cwd = Path.of("").toAbsolutePath();
        return log.startsWith(cwd) ? cwd.relativize(log) : log;
    }

    private void checkPortsFree() {
        for (Component component : components) {
            for (int port : component.ports()) {
                if (!portFree(port)) {
                    throw new LaunchException("port " + port + " (" + component.name() + ") is already in use;"
                            + " stop what uses it, or choose another port (see ./marketplace help)");
                }
            }
        }
    }

    private Process launch(Component component) throws IOException {
        List<String> command = new ArrayList<>();
        // In a session of its own, a component does not see the terminal's Ctrl-C: this supervisor stops the
        // components itself, in reverse start order.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + component.maxHeapMb() + "m");
        command.add("-XX:+UseSerialGC");
        command.addAll(component.javaArguments());

        Path log = localRun.logs().resolve(component.name() + ".log");
        Files.writeString(log, "=== " + component.name() + " started by the marketplace launcher at " + Instant.now()
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        component.directory().ifPresent(directory -> builder.directory(directory.toFile()));
        builder.environment().putAll(component.env());
        Process process = builder.start();
        Files.writeString(pidFile(component), Long.toString(process.pid()));
        if (verbose) {
            out.printf("Starting %-28s pid %d, log %s%n", component.name(), process.pid(), logFile(component));
        }
        return process;
    }

    private void stopAll() {
        stopping = true;
        List<Running> started;
        synchronized (running) {
            started = new ArrayList<>(running);
        }
        // The services first, all at once: none depends on another, and each needs seconds to stop (its Kafka
        // consumers leave their groups one by one); then the infrastructure, in the reverse order of its start.
        List<Running> services = started.stream().filter(r -> isService(r.component())).toList();
        List<Thread> stoppers = new ArrayList<>();
        for (Running r : services) {
            Thread stopper = new Thread(() -> stopOne(r), "marketplace-stop-" + r.component().name());
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Running r : reversed(started)) {
            if (!isService(r.component())) {
                stopOne(r);
            }
        }
        try {
            Files.deleteIfExists(localRun.supervisorPidFile());
        } catch (IOException e) {
            out.println("could not delete " + localRun.supervisorPidFile() + ": " + e.getMessage());
        }
        if (!started.isEmpty()) {
            out.println("Stopped.");
        }
    }

    private static boolean isService(Component component) {
        return LocalService.ALL.stream().anyMatch(service -> service.module().equals(component.name()));
    }

    private void stopOne(Running r) {
        if (verbose && r.process().isAlive()) {
            out.println("Stopping " + r.component().name() + "...");
        }
        stop(r.process().toHandle());
        try {
            Files.deleteIfExists(pidFile(r.component()));
        } catch (IOException e) {
            out.println("could not delete " + pidFile(r.component()) + ": " + e.getMessage());
        }
    }

    /** SIGTERM, then SIGKILL after the stop timeout; the same for any descendant that outlives it. */
    static void stop(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!awaitExit(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            awaitExit(process, Duration.ofSeconds(5));
        }
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroy();
                if (!awaitExit(descendant, STOP_TIMEOUT)) {
                    descendant.destroyForcibly();
                }
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The live process whose pid the file holds, if the file exists and the process is still a launcher's. */
    static Optional<ProcessHandle> livePid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst()
                    .map(String::trim)
                    .filter(line -> line.matches("\\d+"))
                    .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .filter(Supervisor::isRunning)
                    // A pid can be reused after a reboot; only a java or postgres process can be ours.
                    .filter(p -> p.info().command().map(c -> c.endsWith("java") || c.endsWith("postgres"))
                            .orElse(true));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a process is alive and not a zombie: PostgreSQL's postmaster is re-parented to init when it detaches,
     * and stays visible as a zombie until init reaps it.
     */
    static boolean isRunning(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            // The state follows the command name, which is in parentheses and may itself contain spaces.
            return line.charAt(line.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            return false;
        }
        return !accepts(port);
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path pidFile(Component component) {
        return localRun.run().resolve(component.name() + ".pid");
    }

    /** "Last lines of LOG:" and those lines (JSON records made readable), to say why a component failed. */
    private String logTail(Component component) {
        Path log = localRun.logs().resolve(component.name() + ".log");
        String tail;
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = LogLines.readable(all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
            tail = String.join(System.lineSeparator(), last.subList(Math.max(0, last.size() - LOG_TAIL_LINES),
                    last.size()));
        } catch (IOException | UncheckedIOException e) {
            tail = "(log not readable: " + e.getMessage() + ")";
        }
        return "Last lines of " + logFile(component) + ":" + System.lineSeparator() + tail;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
