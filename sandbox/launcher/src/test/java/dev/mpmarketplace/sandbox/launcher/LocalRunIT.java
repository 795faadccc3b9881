package dev.mpmarketplace.sandbox.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;

/**
 * Runs {@code ./marketplace} exactly as a newcomer does (the shell script, the packaged launcher and services,
 * separate processes) on free ports and a temporary home, and checks what it promises: the whole system starts and
 * says so in one table and nothing else, a seller links, a signed notification travels from the sandbox through
 * ingest into Kafka, tokens verify, data is kept between runs, a service can run on its own, and every way of
 * stopping leaves no process and no port behind.
 */
class LocalRunIT {

    private static final Path SCRIPT = Path.of("../../marketplace").toAbsolutePath().normalize();
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path home;

    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void choosePorts() {
        env.putAll(LocalRunPorts.environment(home));
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
    void theWholeSystemStartsServesAndStopsLeavingNothingBehind() throws Exception {
        Instant begin = Instant.now();
        Up first = up("up");
        Duration firstUp = Duration.between(begin, Instant.now());
        assertThat(first.output()).as("the table and nothing else").containsExactlyElementsOf(expectedTable(List.of()));
        assertThat(first.errors()).as("nothing on stderr").isEmpty();

        Result status = run("status");
        assertThat(status.exitCode()).isZero();
        for (String process : processes()) {
            assertThat(status.output()).containsPattern("(?m)^" + process + " +ready +\\d+ ");
        }
        for (LocalService service : LocalService.ALL) {
            assertThat(get(managementUrl(service) + "/q/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(managementUrl(service) + "/q/metrics").statusCode()).isEqualTo(200);
            assertThat(get(url(service) + "/q/metrics").statusCode()).as("not on the public port").isEqualTo(404);
        }
        assertThat(kafkaTopics()).containsAll(Topic.allNames());
        Path vaultTokenFile = home.resolve("data/vault/root-token");
        String vaultToken = Files.readString(vaultTokenFile).trim();
        assertThat(Files.getPosixFilePermissions(vaultTokenFile))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(vaultStatus(vaultToken)).isEqualTo(200);
        JsonNode application = JSON.readTree(get(sandboxUrl() + "/sandbox/applications").body()).get(0);
        assertThat(application.get("webhook_url").asText()).as("the webhook URL follows ingest's port")
                .isEqualTo(url(service("notification-ingest-service")) + "/webhooks/mercadopago");
        assertThat(application.get("redirect_uris").get(0).asText()).as("the redirect URL follows linking's port")
                .isEqualTo(url(service("seller-linking-service")) + "/oauth/callback");

        String apiToken = tokenWithEveryRole();
        String readOnlyToken = tokenWith(Roles.SELLERS_READ);
        long seller = sandboxUser("SELLER_ONE");
        String dataId = Long.toString(System.nanoTime());
        deliverPaymentNotification(application.get("client_id").asText(), dataId, seller);
        linkSeller(seller, "marketplace-seller-1", apiToken);
        assertThat(apiGet("/sellers/" + seller, null).statusCode()).as("the sellers API needs a token")
                .isEqualTo(401);
        assertThat(apiGet("/sellers/" + seller, readOnlyToken).statusCode()).isEqualTo(200);
        JsonNode linked = JSON.readTree(apiGet("/sellers/" + seller, apiToken).body());
        assertThat(linked.get("status").asText()).isEqualTo("LINKED");
        assertThat(linked.get("reference").asText()).isEqualTo("marketplace-seller-1");

        Result exports = run("env seller-linking-service");
        assertThat(exports.exitCode()).isZero();
        assertThat(exports.output()).contains("export QUARKUS_HTTP_PORT='" + env.get("MARKETPLACE_LINKING_PORT") + "'")
                .contains("export QUARKUS_DATASOURCE_JDBC_URL='jdbc:postgresql://127.0.0.1:"
                        + env.get("MARKETPLACE_POSTGRES_PORT") + "/seller_linking'")
                .contains("export MP_JWT_VERIFY_ISSUER='" + ApiTokenIssuer.LOCAL_ISSUER + "'");

        Result again = run("up");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.errors()).contains("already up");

        List<Long> pids = pids();
        // supervisor, PostgreSQL wrapper and postmaster, Kafka, Vault, sandbox, and every service
        assertThat(pids).hasSize(6 + LocalService.ALL.size());
        Instant downStart = Instant.now();
        assertThat(run("down").exitCode()).isZero();
        Duration down = Duration.between(downStart, Instant.now());
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).as("exit status of a process stopped by SIGTERM").isEqualTo(143);
        assertThat(first.output()).endsWith("Stopped.");
        assertNothingLeft(pids);
        assertThat(run("status").exitCode()).isEqualTo(3);

        // On existing data, without one service, which then runs on its own against the local run.
        begin = Instant.now();
        Up second = up("up --without seller-linking-service");
        Duration secondUp = Duration.between(begin, Instant.now());
        assertThat(second.output()).containsExactlyElementsOf(expectedTable(List.of("seller-linking-service")));
        assertThat(Files.readString(vaultTokenFile).trim()).isEqualTo(vaultToken);
        assertThat(verifies(apiToken)).as("the signing key is kept").isTrue();
        Path runLog = home.resolve("run-seller-linking-service.out");
        Process alone = command("run seller-linking-service").redirectErrorStream(true)
                .redirectOutput(runLog.toFile()).start();
        started.add(alone);
        awaitReady(service("seller-linking-service"), alone, runLog);
        assertThat(JSON.readTree(apiGet("/sellers/" + seller, apiToken).body()).get("status").asText())
                .as("the seller linked in the first run").isEqualTo("LINKED");
        Result withServiceRunAlone = run("status");
        assertThat(withServiceRunAlone.output()).containsPattern("(?m)^seller-linking-service +ready +- ");
        assertThat(withServiceRunAlone.exitCode()).isZero();
        assertThat(run("reset").errors()).contains("is up");

        List<Long> secondPids = pids();
        secondPids.add(alone.pid());
        alone.destroy(); // Ctrl-C in its terminal
        assertThat(alone.waitFor(60, TimeUnit.SECONDS)).isTrue();
        second.process().destroy(); // what Ctrl-C does: SIGTERM/SIGINT to the launcher, which stops the rest
        assertThat(second.process().waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertNothingLeft(secondPids);

        assertThat(run("reset").exitCode()).isZero();
        assertThat(home.resolve("data")).doesNotExist();
        List<String> secrets = List.of(vaultToken, application.get("client_secret").asText(),
                application.get("webhook_secret").asText(), apiToken);
        try (Stream<Path> logs = Files.list(home.resolve("logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                secrets.forEach(secret -> assertThat(text).as(log.toString()).doesNotContain(secret));
            }
        }
        System.out.printf("LocalRunIT: up on empty data %d ms, up on existing data (one service fewer) %d ms,"
                + " down %d ms%n", firstUp.toMillis(), secondUp.toMillis(), down.toMillis());
    }

    @Test
    void aServiceThatFailsToStartIsNamedWithTheEndOfItsLogAndEverythingStops() throws Exception {
        // A datasource user PostgreSQL does not know: every service with a database fails its migration at start;
        // the first to exit is named.
        Result result = run("up", Map.of("JAVA_TOOL_OPTIONS", "-Dquarkus.datasource.username=nobody"));

        assertThat(result.exitCode()).isEqualTo(1);
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("marketplace: (\\S+) exited during start-up")
                .matcher(result.errors());
        assertThat(named.find()).as(result.errors()).isTrue();
        String failed = named.group(1);
        assertThat(LocalService.named(failed).database()).as("%s holds a database", failed).isPresent();
        assertThat(result.errors())
                .contains("Last lines of " + home.resolve("logs/" + failed + ".log"))
                .contains("role \"nobody\" does not exist");
        assertThat(result.output()).isEqualTo("Stopped.\n");
        assertThat(home.resolve("run/marketplace.pid")).doesNotExist();
        assertPortsFree();
    }

    @Test
    void aPortInUseIsNamedAndNothingStarts() throws Exception {
        LocalService linking = service("seller-linking-service");
        int busy = Integer.parseInt(env.get(linking.managementPortVariable()));
        try (ServerSocket occupied = new ServerSocket(busy, 1, InetAddress.getLoopbackAddress())) {
            Result result = run("up");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.errors()).contains("port " + busy + " (seller-linking-service) is already in use");
        }
        assertThat(home.resolve("run/marketplace.pid")).doesNotExist();
        assertThat(home.resolve("logs")).doesNotExist();
    }

    @Test
    void sandboxCommandRunsOnlyTheMercadoPagoSandboxOnTheGivenPort() throws Exception {
        int port = LocalRunPorts.freePort();
        Process process = command("sandbox --port " + port).start();
        started.add(process);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            assertThat(first).contains("Mercado Pago sandbox listening on http://127.0.0.1:" + port);
            HttpResponse<String> users = get("http://127.0.0.1:" + port + "/sandbox/users");
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
    void wrongCommandLinesPrintUsageAndExitWithTwo() throws Exception {
        Result unknown = run("launch");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.errors()).contains("unknown command 'launch'").contains("usage: ./marketplace");
        assertThat(run("help").output()).contains("usage: ./marketplace").contains("token [role...]");

        Result role = run("token sellers:read sellers:root");
        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.errors()).contains("unknown role 'sellers:root'").contains(String.join(" ", Roles.ALL));
        assertThat(run("token").errors()).as("no local run yet").contains("./marketplace up creates it");
        assertThat(run("env payment-gateway").errors()).contains("no service 'payment-gateway'");
        assertThat(run("up --with-everything").exitCode()).isEqualTo(2);
    }

    // --- The steps a person takes -----------------------------------------------------------------------------------

    /**
     * Links a seller as the marketplace and the seller do: the backend asks for a link URL ({@code POST
     * /sellers/links} with a {@code sellers:admin} token), the seller's browser follows it to the sandbox's consent
     * page, approves, and follows the redirect back to the callback; all by plain HTTP.
     */
    private void linkSeller(long seller, String reference, String adminToken) throws Exception {
        String linking = url(service("seller-linking-service"));
        String request = JSON.createObjectNode().put("reference", reference).toString();
        HttpResponse<String> invitation = HTTP.send(HttpRequest.newBuilder(URI.create(linking + "/sellers/links"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(invitation.statusCode()).as(invitation.body()).isEqualTo(201);
        String linkUrl = JSON.readTree(invitation.body()).get("url").asText();
        assertThat(linkUrl).as("under the service's public URL").startsWith(linking + "/");

        HttpResponse<String> followed = get(linkUrl);
        assertThat(followed.statusCode()).isEqualTo(302);
        String consentUrl = followed.headers().firstValue("Location").orElseThrow();
        assertThat(consentUrl).startsWith(sandboxUrl() + "/authorization?");

        HttpResponse<String> consent = get(consentUrl);
        assertThat(consent.statusCode()).isEqualTo(200);
        Map<String, String> form = hiddenFields(consent.body());
        form.put("user_id", Long.toString(seller));
        form.put("decision", "approve");
        HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(URI.create(sandboxUrl() + "/authorization"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncoded(form))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).isEqualTo(302);
        String callback = approved.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(linking + "/oauth/callback?code=");

        HttpResponse<String> landed = get(callback);
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(302);
        assertThat(landed.headers().firstValue("Location").orElseThrow()).endsWith("/sellers/link/success");
    }

    /** A payment notification through the sandbox's webhook emitter: signed, delivered to ingest, read from Kafka. */
    private void deliverPaymentNotification(String clientId, String dataId, long seller) throws Exception {
        String request = JSON.createObjectNode().put("client_id", clientId).put("type", "payment")
                .put("action", "payment.created").put("data_id", dataId).put("user_id", seller).toString();
        HttpResponse<String> emitted = HTTP.send(HttpRequest.newBuilder(
                URI.create(sandboxUrl() + "/sandbox/webhooks/test")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(emitted.statusCode()).as(emitted.body()).isEqualTo(201);
        JsonNode delivery = JSON.readTree(emitted.body()).get("deliveries").get(0);
        assertThat(delivery.get("signed").asBoolean()).isTrue();

        JsonNode finished = delivery;
        Instant deadline = Instant.now().plusSeconds(30);
        while (finished.get("status").asText().equals("pending") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            finished = JSON.readTree(get(sandboxUrl() + "/sandbox/webhooks/deliveries/" + delivery.get("id").asText())
                    .body());
        }
        assertThat(finished.get("status").asText()).as(finished.toString()).isEqualTo("delivered");

        ConsumerRecord<String, String> record = readRecord(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName(),
                seller + ":" + dataId);
        assertThat(record.value()).contains("\"data\":{\"id\":\"" + dataId + "\"}");
        assertThat(new String(record.headers().lastHeader("ce_verification").value(), StandardCharsets.UTF_8))
                .isEqualTo("valid");
    }

    /** {@code ./marketplace token}: its last line is a token signed by the local run's key, with every role. */
    private String tokenWithEveryRole() throws Exception {
        Result result = run("token");
        assertThat(result.exitCode()).isZero();
        List<String> lines = result.output().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertThat(verifies(token)).isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("iss").asText()).isEqualTo(ApiTokenIssuer.LOCAL_ISSUER);
        assertThat(claims.get("aud").asText()).isEqualTo(ApiTokenIssuer.LOCAL_AUDIENCE);
        assertThat(claims.get("groups")).extracting(JsonNode::asText).containsExactlyElementsOf(Roles.ALL);
        assertThat(claims.get("exp").asLong()).isBetween(Instant.now().plusSeconds(3500).getEpochSecond(),
                Instant.now().plusSeconds(3700).getEpochSecond());
        assertThat(Files.getPosixFilePermissions(home.resolve("data/api-auth/signing-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    /** {@code ./marketplace token <role>}: a token with that role only. */
    private String tokenWith(String role) throws Exception {
        Result result = run("token " + role);
        assertThat(result.exitCode()).isZero();
        String token = result.output().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("groups"))
                .extracting(JsonNode::asText).containsExactly(role);
        return token;
    }

    /** Whether the token's RS256 signature verifies with the public key the services are given. */
    private boolean verifies(String token) throws Exception {
        String publicKeyFile = run("env notification-ingest-service").output().lines()
                .filter(line -> line.startsWith("export MP_JWT_VERIFY_PUBLICKEY_LOCATION="))
                .map(line -> line.substring(line.indexOf('\'') + 1, line.lastIndexOf('\''))).findFirst()
                .orElseThrow();
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(ApiSigningKey.readPublicKey(Path.of(publicKeyFile)));
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    // --- Running the script ---------------------------------------------------------------------------------------

    private record Result(int exitCode, String output, String errors) {
    }

    private record Up(Process process, List<String> output, List<String> errors) {
    }

    /** Starts {@code ./marketplace up ...} and returns once it printed its last line of start-up. */
    private Up up(String command) throws Exception {
        Process process = command(command).start();
        started.add(process);
        List<String> output = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
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
                ready.completeExceptionally(new AssertionError("up ended before it was ready: " + output + errors));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        });
        Thread errorReader = new Thread(() -> read(process.getErrorStream()).lines().forEach(errors::add));
        for (Thread thread : List.of(reader, errorReader)) {
            thread.setDaemon(true);
            thread.start();
        }
        ready.get(UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return new Up(process, output, errors);
    }

    private Result run(String command) throws Exception {
        return run(command, Map.of());
    }

    private Result run(String command, Map<String, String> extraEnv) throws Exception {
        ProcessBuilder builder = command(command);
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String output = read(process.getInputStream());
        assertThat(process.waitFor(UP_TIMEOUT.toMinutes(), TimeUnit.MINUTES)).as("./marketplace " + command
                + " finished").isTrue();
        return new Result(process.exitValue(), output, errors.get());
    }

    private ProcessBuilder command(String command) {
        List<String> words = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        words.addAll(List.of(command.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(words).redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(env);
        builder.environment().remove("VAULT_ADDR");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** The start-up table: a header, one ready row per process (left-out services last), and the closing line. */
    private List<String> expectedTable(List<String> leftOut) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"process", "URL", "state", "log"});
        for (String process : processes()) {
            if (!leftOut.contains(process)) {
                rows.add(new String[]{process, processUrl(process), "ready",
                        home.resolve("logs/" + process + ".log").toString()});
            }
        }
        leftOut.forEach(process -> rows.add(new String[]{process, processUrl(process), "left out (--without)", "-"}));
        int[] widths = new int[4];
        rows.forEach(row -> {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        List<String> lines = rows.stream().map(row -> String.format("%-" + widths[0] + "s  %-" + widths[1] + "s  %-"
                + widths[2] + "s  %s", (Object[]) row)).collect(Collectors.toCollection(ArrayList::new));
        lines.add("Ctrl-C stops everything. ./marketplace status | down | token: see docs/operations.md.");
        return lines;
    }

    private List<String> processes() {
        List<String> processes = new ArrayList<>(List.of("postgres", "kafka", "vault", "mercadopago-sandbox"));
        LocalService.ALL.forEach(service -> processes.add(service.module()));
        return processes;
    }

    private String processUrl(String process) {
        return switch (process) {
            case "postgres" -> "postgresql://127.0.0.1:" + env.get("MARKETPLACE_POSTGRES_PORT");
            case "kafka" -> "127.0.0.1:" + env.get("MARKETPLACE_KAFKA_PORT");
            case "vault" -> "http://127.0.0.1:" + env.get("MARKETPLACE_VAULT_PORT");
            case "mercadopago-sandbox" -> sandboxUrl();
            default -> url(service(process));
        };
    }

    private void awaitReady(LocalService service, Process process, Path log) throws Exception {
        Instant deadline = Instant.now().plus(UP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("./marketplace run %s: %s", service.module(),
                    Files.exists(log) ? Files.readString(log) : "").isTrue();
            try {
                if (get(managementUrl(service) + "/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service.module() + " not ready: " + Files.readString(log));
    }

    // --- Looking at what runs ----------------------------------------------------------------------------------------

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
        assertPortsFree();
        assertThat(home.resolve("run/marketplace.pid")).doesNotExist();
    }

    private void assertPortsFree() {
        env.forEach((name, value) -> {
            if (name.endsWith("_PORT")) {
                assertThat(Supervisor.portFree(Integer.parseInt(value))).as(name + " freed").isTrue();
            }
        });
    }

    private List<String> kafkaTopics() throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            return new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }

    private ConsumerRecord<String, String> readRecord(String topic, String key) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "local-run-it-" + UUID.randomUUID());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic);
    }

    private int vaultStatus(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("MARKETPLACE_VAULT_PORT")
                + "/v1/auth/token/lookup-self")).header("X-Vault-Token", token).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long sandboxUser(String nickname) throws Exception {
        for (JsonNode user : JSON.readTree(get(sandboxUrl() + "/sandbox/users").body())) {
            if (user.get("nickname").asText().equals(nickname)) {
                return user.get("id").asLong();
            }
        }
        throw new AssertionError("no sandbox user " + nickname);
    }

    /** A call of seller-linking-service's API as the marketplace's backend makes it, with a bearer token (or none). */
    private HttpResponse<String> apiGet(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(service("seller-linking-service")) + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new HashMap<>();
        Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (input.find()) {
            fields.put(input.group(1), input.group(2).replace("&amp;", "&").replace("&quot;", "\"")
                    .replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">"));
        }
        return fields;
    }

    private static String formEncoded(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static LocalService service(String module) {
        return LocalService.named(module);
    }

    private String url(LocalService service) {
        return "http://127.0.0.1:" + env.get(service.portVariable());
    }

    private String managementUrl(LocalService service) {
        return "http://127.0.0.1:" + env.get(service.managementPortVariable());
    }

    private String sandboxUrl() {
        return "http://127.0.0.1:" + env.get("MARKETPLACE_SANDBOX_PORT");
    }

    private String bootstrapServers() {
        return "127.0.0.1:" + env.get("MARKETPLACE_KAFKA_PORT");
    }

}
