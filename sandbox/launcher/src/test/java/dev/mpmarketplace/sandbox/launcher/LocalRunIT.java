package dev.mpmarketplace.sandbox.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.events.Topic;

/**
 * Runs {@code ./marketplace} exactly as a newcomer does (the shell script, the packaged launcher, separate processes)
 * on free ports and a temporary home, and checks what it promises: real Kafka, PostgreSQL and Vault endpoints, data
 * kept between runs, a clean stop with no process left behind, and clear errors.
 */
class LocalRunIT {

    private static final Path SCRIPT = Path.of("../../marketplace").toAbsolutePath().normalize();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path home;

    private final Map<String, String> env = new HashMap<>();
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void choosePorts() throws IOException {
        env.put("MARKETPLACE_HOME", home.toString());
        env.put("MARKETPLACE_KAFKA_PORT", Integer.toString(freePort()));
        env.put("MARKETPLACE_KAFKA_CONTROLLER_PORT", Integer.toString(freePort()));
        env.put("MARKETPLACE_POSTGRES_PORT", Integer.toString(freePort()));
        env.put("MARKETPLACE_VAULT_PORT", Integer.toString(freePort()));
        env.put("MARKETPLACE_SANDBOX_PORT", Integer.toString(freePort()));
    }

    @AfterEach
    void leaveNothingRunning() throws Exception {
        for (Process process : started) {
            if (process.isAlive()) {
                run("down");
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void upStartsRealInfrastructureKeepsDataAndDownLeavesNothingBehind() throws Exception {
        Up first = up();
        assertThat(first.output()).anySatisfy(line -> assertThat(line).contains("Kafka broker (KRaft)")
                .contains("127.0.0.1:" + env.get("MARKETPLACE_KAFKA_PORT")));
        assertThat(first.output()).anySatisfy(line -> assertThat(line).contains("PostgreSQL")
                .contains("postgresql://127.0.0.1:" + env.get("MARKETPLACE_POSTGRES_PORT")));
        assertThat(first.output()).anySatisfy(line -> assertThat(line).contains("Vault dev server")
                .contains("http://127.0.0.1:" + env.get("MARKETPLACE_VAULT_PORT")));
        assertThat(first.output()).anySatisfy(line -> assertThat(line).contains("Mercado Pago sandbox")
                .contains("http://127.0.0.1:" + env.get("MARKETPLACE_SANDBOX_PORT")));

        assertThat(run("status").exitCode()).isZero();
        assertThat(kafkaTopics()).containsAll(Topic.allNames());
        Path tokenFile = home.resolve("data/vault/root-token");
        String token = Files.readString(tokenFile).trim();
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(vaultStatus("/v1/auth/token/lookup-self", token)).isEqualTo(200);
        assertThat(vaultStatus("/v1/auth/token/lookup-self", "not-the-token")).isEqualTo(403);
        String applications = sandboxGet("/sandbox/applications");
        assertThat(applications).contains("\"webhook_url\":\"http://127.0.0.1:8081/webhooks/mercadopago\"")
                .contains("http://127.0.0.1:8082/oauth/callback");
        try (Connection db = postgres("seller_linking")) {
            db.createStatement().execute("CREATE TABLE kept (note TEXT); INSERT INTO kept VALUES ('survives')");
        }

        Result second = run("up");
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.errors()).contains("already up");

        List<Long> pids = pids();
        assertThat(pids).hasSize(6); // supervisor, PostgreSQL wrapper, postmaster, Kafka, Vault, sandbox
        Result down = run("down");
        assertThat(down.exitCode()).isZero();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).as("exit status of a process stopped by SIGTERM").isEqualTo(143);
        assertThat(first.output()).contains("Stopped.");
        assertNothingLeft(pids);
        assertThat(run("status").exitCode()).isEqualTo(3);

        Up again = up();
        try (Connection db = postgres("seller_linking");
                ResultSet rows = db.createStatement().executeQuery("SELECT note FROM kept")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("survives");
        }
        assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
        assertThat(sandboxGet("/sandbox/applications")).as("the sandbox keeps its state").isEqualTo(applications);
        assertThat(run("reset").errors()).contains("is up");

        List<Long> secondPids = pids();
        again.process().destroy(); // what Ctrl-C does: SIGTERM/SIGINT to the launcher, which stops the rest
        assertThat(again.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertNothingLeft(secondPids);

        assertThat(run("reset").exitCode()).isZero();
        assertThat(home.resolve("data")).doesNotExist();
        try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(token);
            }
        }
        assertThat(first.output()).noneMatch(line -> line.contains(token));
    }

    @Test
    void aPortInUseIsNamedAndNothingStarts() throws Exception {
        int busy = Integer.parseInt(env.get("MARKETPLACE_POSTGRES_PORT"));
        try (ServerSocket occupied = new ServerSocket(busy, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result result = run("up");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errors()).contains("port " + busy + " (PostgreSQL) is already in use");
        }
        assertThat(home.resolve("run/marketplace.pid")).doesNotExist();
    }

    @Test
    void sandboxCommandRunsOnlyTheMercadoPagoSandboxOnTheGivenPort() throws Exception {
        int port = freePort();
        Process process = command("sandbox --port " + port).start();
        started.add(process);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertThat(first).contains("Mercado Pago sandbox listening on http://127.0.0.1:" + port);
            HttpResponse<String> users = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/sandbox/users")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(users.statusCode()).isEqualTo(200);
            assertThat(users.body()).contains("SELLER_ONE", "BUYER_TWO");
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Supervisor.portFree(port)).isTrue();
        assertThat(run("sandbox --port").exitCode()).isEqualTo(2);
    }

    @Test
    void unknownCommandsPrintUsageAndExitWithTwo() throws Exception {
        Result result = run("launch");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errors()).contains("unknown command 'launch'").contains("usage: ./marketplace");
        assertThat(run("help").output()).contains("usage: ./marketplace");
    }

    private record Result(int exitCode, String output, String errors) {
    }

    private record Up(Process process, List<String> output) {
    }

    private Up up() throws Exception {
        Process process = command("up").start();
        started.add(process);
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.add(line);
                    if (line.startsWith("Ctrl-C stops everything")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new AssertionError("up ended before it was ready: " + output));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        ready.get(UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new Up(process, output);
    }

    private Result run(String command) throws Exception {
        Process process = command(command).redirectErrorStream(false).start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("./marketplace " + command + " finished").isTrue();
        return new Result(process.exitValue(), output, errors.get());
    }

    private ProcessBuilder command(String command) {
        List<String> words = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        words.addAll(List.of(command.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(words)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        builder.environment().remove("VAULT_ADDR");
        return builder;
    }

    private static String read(java.io.InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(home.resolve("run"))) {
            for (Path file : files.toList()) {
                pids.add(Long.parseLong(Files.readString(file).trim()));
            }
        }
        Path postmaster = home.resolve("data/postgres/postmaster.pid");
        pids.add(Long.parseLong(Files.readAllLines(postmaster).get(0).trim()));
        return pids;
    }

    private void assertNothingLeft(List<Long> pids) {
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(Supervisor::isRunning).map(p -> p.info().toString()))
                    .as("process %d", pid).isEmpty();
        }
        for (String port : List.of("MARKETPLACE_KAFKA_PORT", "MARKETPLACE_KAFKA_CONTROLLER_PORT",
                "MARKETPLACE_POSTGRES_PORT", "MARKETPLACE_VAULT_PORT", "MARKETPLACE_SANDBOX_PORT")) {
            assertThat(Supervisor.portFree(Integer.parseInt(env.get(port)))).as(port + " freed").isTrue();
        }
        assertThat(home.resolve("run/marketplace.pid")).doesNotExist();
    }

    private List<String> kafkaTopics() throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + env.get("MARKETPLACE_KAFKA_PORT"));
        try (Admin admin = Admin.create(properties)) {
            return new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private int vaultStatus(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.get("MARKETPLACE_VAULT_PORT") + path))
                .header("X-Vault-Token", token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String sandboxGet(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.get("MARKETPLACE_SANDBOX_PORT") + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private Connection postgres(String database) throws Exception {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + env.get("MARKETPLACE_POSTGRES_PORT") + "/" + database, "postgres",
                "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
