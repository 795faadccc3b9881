package dev.mpmarketplace.linking.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One seller-linking-service process started from the packaged application ({@code target/quarkus-app/quarkus-run.jar},
 * as a container would), configured through its environment, its output in a log file of its own. Stopped with
 * SIGTERM ({@link #terminate()}) as Kubernetes does, or killed when a test ends ({@link #close()}).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path APPLICATION = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final String bearer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(String name, Process process, int port, int managementPort, Path log, String bearer) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.bearer = bearer;
    }

    /**
     * Starts the packaged service on {@code port} (and a free management port) with {@code environment} added to
     * this JVM's.
     *
     * @param bearer the {@code Authorization} header value of every request this object sends
     */
    public static ServiceProcess start(String name, int port, Map<String, String> environment, Path logDirectory,
            String bearer) {
        if (!Files.isRegularFile(APPLICATION)) {
            throw new IllegalStateException(
                    APPLICATION + " is missing: run `package` first (Failsafe runs *IT after it)");
        }
        int managementPort = freePort();
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx320m",
                    "-XX:TieredStopAtLevel=1", "-jar", APPLICATION.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
            return new ServiceProcess(name, builder.start(), port, managementPort, log, bearer);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** A free port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the service answers ready on its management interface. */
    public void awaitReady(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(40));
            }
            try {
                if (send(managementUrl() + "/q/health/ready", "GET").statusCode() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " not ready within " + atMost + ":\n" + tail(40));
    }

    private String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** A request to the service's API, with the bearer token. */
    public HttpResponse<String> request(String method, String path) {
        return send("http://127.0.0.1:" + port + path, method);
    }

    /** The same, without waiting. */
    public CompletableFuture<HttpResponse<String>> requestAsync(String method, String path) {
        return http.sendAsync(builder("http://127.0.0.1:" + port + path, method).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text of {@code /q/metrics}. */
    public String metrics() {
        HttpResponse<String> response = send(managementUrl() + "/q/metrics", "GET");
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + " /q/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** The sum of the samples whose line starts with {@code prefix} (a metric name, maybe with some labels). */
    public static double sum(String metrics, String prefix) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** SIGTERM, as Kubernetes stops a pod. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit; answers how long that took. */
    public Duration awaitExit(Duration atMost) {
        long started = System.nanoTime();
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(name + " did not exit within " + atMost);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything the process wrote. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String tail(int lines) {
        List<String> all = List.of(log().split("\n"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private HttpResponse<String> send(String url, String method) {
        try {
            return http.send(builder(url, method).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder builder(String url, String method) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer).method(method, HttpRequest.BodyPublishers.noBody());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
