package dev.mpmarketplace.sandbox.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Starts the components of the local run as separate processes, waits until each accepts connections, watches them,
 * and stops them in reverse order: on Ctrl-C (the JVM's shutdown hook), on {@code ./marketplace down} from another
 * terminal (SIGTERM to this process), or when one of them dies.
 * <p>
 * Every process gets a pid file under {@code run/}, so {@code down} can still stop them if this supervisor itself
 * was killed outright.
 */
public final class Supervisor {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final LocalRun localRun;
    private final List<Component> components;
    private final PrintStream out;
    private final List<Running> running = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;

    record Running(Component component, Process process) {
    }

    public Supervisor(LocalRun localRun, List<Component> components, PrintStream out) {
        this.localRun = localRun;
        this.components = components;
        this.out = out;
    }

    /**
     * Starts every component and blocks until the set is stopped.
     *
     * @param onReady runs once all components accept connections (creating Kafka topics, printing endpoints)
     * @return the process exit code: 0 after a requested stop, 1 when a component died
     */
    public int up(Runnable onReady) throws IOException, InterruptedException {
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

        for (Component component : components) {
            Process process = start(component);
            running.add(new Running(component, process));
            awaitReady(component, process);
        }
        onReady.run();

        CompletableFuture<?>[] exits = running.stream().map(r -> r.process().onExit())
                .toArray(CompletableFuture[]::new);
        CompletableFuture.anyOf(exits).join();
        if (stopping) {
            return 0;
        }
        running.stream().filter(r -> !r.process().isAlive()).findFirst().ifPresent(dead -> out.printf(
                "%s exited unexpectedly (exit code %d); see %s. Stopping the rest.%n", dead.component().title(),
                dead.process().exitValue(), logFile(dead.component())));
        return 1;
    }

    /** Stops a set started by {@code up} in another process, and anything it left behind. */
    public boolean down() throws IOException {
        boolean found = false;
        Optional<ProcessHandle> supervisor = livePid(localRun.supervisorPidFile());
        if (supervisor.isPresent()) {
            found = true;
            out.println("Stopping the local run (pid " + supervisor.get().pid() + ")...");
            supervisor.get().destroy();
            awaitExit(supervisor.get(), STOP_TIMEOUT.multipliedBy(components.size() + 1));
        }
        // Whatever outlived its supervisor (killed with SIGKILL, say) is stopped one by one.
        for (Component component : reversed(components)) {
            Optional<ProcessHandle> orphan = livePid(pidFile(component));
            if (orphan.isPresent()) {
                found = true;
                out.println("Stopping " + component.title() + " left behind (pid " + orphan.get().pid() + ")");
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

    /** Prints one line per component and returns whether all of them are up. */
    public boolean status() {
        boolean allUp = true;
        Optional<ProcessHandle> supervisor = livePid(localRun.supervisorPidFile());
        out.println(supervisor.map(p -> "Local run is up (supervisor pid " + p.pid() + ")")
                .orElse("Local run is not up"));
        for (Component component : components) {
            Optional<ProcessHandle> process = livePid(pidFile(component));
            boolean listening = process.isPresent() && accepts(component.readinessPort());
            allUp &= listening;
            out.printf("  %-22s %-8s %-12s %s%n", component.title(),
                    listening ? "up" : process.isPresent() ? "starting" : "down",
                    process.map(p -> "pid " + p.pid()).orElse(""), component.endpoint());
        }
        return allUp && supervisor.isPresent();
    }

    /** Whether a supervisor is running for this local run. */
    public boolean isUp() {
        return livePid(localRun.supervisorPidFile()).isPresent();
    }

    private void checkPortsFree() {
        for (Component component : components) {
            for (int port : component.ports()) {
                if (!portFree(port)) {
                    throw new LaunchException("port " + port + " (" + component.title() + ") is already in use;"
                            + " stop what uses it, or choose another port (see ./marketplace help)");
                }
            }
        }
    }

    private Process start(Component component) throws IOException {
        List<String> command = new ArrayList<>();
        // In a session of its own, a component does not see the terminal's Ctrl-C: this supervisor stops the
        // components itself, in reverse start order.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx" + component.maxHeapMb() + "m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(component.mainClass());
        command.addAll(component.args());

        Path log = logFile(component);
        Files.writeString(log, "=== " + component.title() + " started by the marketplace launcher at " + Instant.now()
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(component.env());
        Process process = builder.start();
        Files.writeString(pidFile(component), Long.toString(process.pid()));
        out.printf("Starting %-22s pid %d, log %s%n", component.title(), process.pid(),
                relative(log));
        return process;
    }

    private void awaitReady(Component component, Process process) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LaunchException(component.title() + " exited during start-up (exit code "
                        + process.exitValue() + "). Last lines of " + logFile(component) + ":"
                        + System.lineSeparator() + tail(logFile(component), 20));
            }
            if (accepts(component.readinessPort())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new LaunchException(component.title() + " did not accept connections on port "
                + component.readinessPort() + " within " + START_TIMEOUT.toSeconds() + " s; see " + logFile(component));
    }

    private void stopAll() {
        stopping = true;
        List<Running> started;
        synchronized (running) {
            started = new ArrayList<>(running);
        }
        for (Running r : reversed(started)) {
            if (r.process().isAlive()) {
                out.println("Stopping " + r.component().title() + "...");
            }
            stop(r.process().toHandle());
            try {
                Files.deleteIfExists(pidFile(r.component()));
            } catch (IOException e) {
                out.println("could not delete " + pidFile(r.component()) + ": " + e.getMessage());
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

    /** SIGTERM, then SIGKILL after the stop timeout; the same for any descendant that outlives it. */
    private static void stop(ProcessHandle process) {
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

    Path logFile(Component component) {
        return localRun.logs().resolve(component.name() + ".log");
    }

    private static Path relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
