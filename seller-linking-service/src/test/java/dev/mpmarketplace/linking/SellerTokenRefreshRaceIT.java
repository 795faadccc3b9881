package dev.mpmarketplace.linking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.linking.support.ServiceProcess;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;
import dev.mpmarketplace.sandbox.vault.VaultDevServer;
import dev.mpmarketplace.sandbox.vault.VaultDevServerOptions;
import dev.mpmarketplace.sellertokens.SellerSecret;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.SandboxApplication;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.postgres.EmbeddedPostgresServer;
import dev.mpmarketplace.testing.postgres.TestDatabase;

/**
 * Issue 10, as an operator would try it: two replicas of the packaged service, two processes, on one PostgreSQL, one
 * Vault and one Mercado Pago sandbox, each sweeping every 3 s with a horizon longer than a token's life (so every
 * seller is always due), {@value #TOKEN_LATENCY_MS} ms of latency on {@code /oauth/token}, {@value #SELLERS} sellers,
 * manual refreshes fired at both; then one replica stopped by SIGTERM in the middle of its refreshes while the other
 * carries on; then the other stopped too. Afterwards, for every seller: LINKED, no lease left, a working access token
 * and a current refresh token in Vault, and exactly as many refreshes granted by the sandbox as Vault writes (one
 * more grant than writes would be a lost pair, a refused one a reauthorization).
 */
class SellerTokenRefreshRaceIT {

    static final int SELLERS = 120;
    static final int TOKEN_LATENCY_MS = 400;
    static final Duration RACE = Duration.ofSeconds(50);
    static final Duration ALONE = Duration.ofSeconds(15);
    /** The Deployment's terminationGracePeriodSeconds (deploy/base/services/seller-linking-service). */
    static final Duration GRACE = Duration.ofSeconds(40);
    static final Path LOGS = Path.of("target", "refresh-race-it");
    static final ObjectMapper JSON = new ObjectMapper();

    static EmbeddedKafkaBroker broker;
    static TestDatabase database;
    static VaultDevServer vault;
    static MercadoPagoSandbox sandbox;
    static ServiceProcess a;
    static ServiceProcess b;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheSystem() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(Stream.of(Topic.values()).map(Topic::topicName).toList(), 3);
        database = EmbeddedPostgresServer.createDatabase();
        vault = VaultDevServer.start(VaultDevServerOptions.defaults().withKvMounts(Set.of("secret")));
        int portA = ServiceProcess.freePort();
        int portB = ServiceProcess.freePort();
        String callback = "http://127.0.0.1:" + portA + "/oauth/callback";
        sandbox = MercadoPagoSandbox.start(MercadoPagoSandboxOptions.defaults()
                .withSeededApplication("http://127.0.0.1:9/webhooks/mercadopago", callback));
        ApiSigningKey key = ApiSigningKey.generate();
        String bearer = "Bearer " + ApiTokenIssuer.local(key).issue("refresh-race-it",
                List.of(Roles.SELLERS_READ, Roles.SELLERS_ADMIN));
        SandboxApplication application = new SandboxControl(sandbox.url()).marketplaceApplication();

        Map<String, String> environment = new HashMap<>();
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        environment.put("QUARKUS_DATASOURCE_PASSWORD", database.password());
        environment.put("QUARKUS_VAULT_URL", vault.url());
        environment.put("QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN", vault.rootToken());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("MERCADOPAGO_BASE_URL", sandbox.url());
        environment.put("LINKING_MERCADOPAGO_AUTHORIZATION_URL", sandbox.url() + "/authorization");
        environment.put("LINKING_MERCADOPAGO_CLIENT_ID", application.clientId());
        environment.put("LINKING_MERCADOPAGO_CLIENT_SECRET", application.clientSecret());
        environment.put("LINKING_MERCADOPAGO_REDIRECT_URI", callback);
        environment.put("LINKING_LINK_PUBLIC_URL", "http://127.0.0.1:" + portA);
        environment.put("MP_JWT_VERIFY_PUBLICKEY", key.publicKeyPem());
        environment.put("MP_JWT_VERIFY_ISSUER", ApiTokenIssuer.LOCAL_ISSUER);
        environment.put("MP_JWT_VERIFY_AUDIENCES", ApiTokenIssuer.LOCAL_AUDIENCE);
        // Every seller is due at every sweep: the horizon (200 days) is longer than a token's life (180).
        environment.put("LINKING_REFRESH_EVERY", "3S");
        environment.put("LINKING_REFRESH_FIRST_SWEEP_AFTER", "1S");
        environment.put("LINKING_REFRESH_HORIZON", "200D");
        environment.put("LINKING_REFRESH_JITTER", "1S");
        // As deployed (deploy/base/services/seller-linking-service/config.env).
        environment.put("QUARKUS_SHUTDOWN_TIMEOUT", "105S");
        environment.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");

        a = ServiceProcess.start("replica-a", portA, environment, LOGS, bearer);
        b = ServiceProcess.start("replica-b", portB, environment, LOGS, bearer);
        a.awaitReady(Duration.ofSeconds(120));
        b.awaitReady(Duration.ofSeconds(120));
        RestAssured.port = portA;
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", bearer).build();
    }

    @AfterAll
    static void stopTheSystem() {
        RestAssured.reset();
        for (AutoCloseable part : new AutoCloseable[]{a, b, sandbox, vault, broker}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + part + ": " + e);
            }
        }
        if (database != null) {
            EmbeddedPostgresServer.dropDatabase(database);
        }
    }

    @Test
    void twoReplicasRefreshEverySellerOneAtATimeAndASigtermedOneLosesNoPair() throws Exception {
        SandboxControl control = new SandboxControl(sandbox.url());
        List<Long> sellers = new ArrayList<>();
        for (int i = 0; i < SELLERS; i++) {
            long sellerId = control.newSeller();
            Links.link(control, sellerId, "race-" + i);
            sellers.add(sellerId);
        }
        control.fault(Map.of("id", "slow-token", "kind", "latency", "path", "/oauth/token", "latency_ms",
                TOKEN_LATENCY_MS));

        // Manual refreshes at both replicas, ten a second, all through the race and the shutdown.
        AtomicReference<List<ServiceProcess>> targets = new AtomicReference<>(List.of(a, b));
        ConcurrentMap<String, AtomicInteger> manual = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        ScheduledExecutorService firing = Executors.newSingleThreadScheduledExecutor();
        firing.scheduleAtFixedRate(() -> {
            List<ServiceProcess> live = targets.get();
            ServiceProcess target = live.get(ThreadLocalRandom.current().nextInt(live.size()));
            long sellerId = sellers.get(ThreadLocalRandom.current().nextInt(sellers.size()));
            CompletableFuture<?> sent = target.requestAsync("POST", "/sellers/" + sellerId + "/refresh")
                    .handle((answer, failure) -> manual.computeIfAbsent(failure != null
                            ? target.name() + " unreachable"
                            : answer.statusCode() + (answer.statusCode() == 200 ? " " + outcome(answer.body()) : ""),
                            k -> new AtomicInteger()).incrementAndGet());
            synchronized (pending) {
                pending.add(sent);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);

        long started = System.nanoTime();
        Thread.sleep(RACE.toMillis());

        // SIGTERM to replica B while it has refreshes in flight.
        String lastOfB = awaitInFlight(b);
        targets.set(List.of(a));
        b.terminate();
        Duration bStopped = b.awaitExit(GRACE);
        Thread.sleep(ALONE.toMillis());

        firing.shutdown();
        firing.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (pending) {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        String lastOfA = a.metrics();
        a.terminate();
        Duration aStopped = a.awaitExit(GRACE);
        long raceSeconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        control.clearFaults();

        // What the database, Vault and the sandbox say, with both replicas stopped.
        Map<Long, Integer> recorded = new HashMap<>();
        long leased;
        long reauthorizationEvents;
        List<String> notLinked = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password()); Statement sql = db.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT user_id, status, secret_version FROM seller")) {
                while (rows.next()) {
                    recorded.put(rows.getLong(1), rows.getInt(3));
                    if (!"LINKED".equals(rows.getString(2))) {
                        notLinked.add(rows.getLong(1) + " " + rows.getString(2));
                    }
                }
            }
            leased = count(sql, "SELECT count(*) FROM seller WHERE lease_owner IS NOT NULL");
            reauthorizationEvents = count(sql, "SELECT count(*) FROM outbox WHERE type = '"
                    + SellerEventTypes.REAUTHORIZATION_REQUIRED + "'");
        }
        long granted = 0;
        long written = 0;
        List<String> mismatches = new ArrayList<>();
        Map<Long, JsonNode> secrets = new HashMap<>();
        for (long sellerId : sellers) {
            JsonNode secret = vaultSecret(sellerId);
            secrets.put(sellerId, secret);
            int version = secret.path("metadata").path("version").asInt();
            long refreshes = control.refreshGrants(sellerId);
            granted += refreshes;
            written += version - 1;
            if (refreshes != version - 1 || recorded.getOrDefault(sellerId, -1) != version) {
                mismatches.add(sellerId + ": granted " + refreshes + ", Vault version " + version + ", database "
                        + recorded.get(sellerId));
            }
        }
        List<String> broken = new ArrayList<>();
        for (long sellerId : sellers) {
            JsonNode data = secrets.get(sellerId).path("data");
            HttpResponse<String> me = get(sandbox.url() + "/users/me", data.path(SellerSecret.ACCESS_TOKEN).asText());
            HttpResponse<String> refresh = control.refreshGrant(data.path(SellerSecret.REFRESH_TOKEN).asText());
            if (me.statusCode() != 200 || JSON.readTree(me.body()).path("id").asLong() != sellerId
                    || refresh.statusCode() != 200) {
                broken.add(sellerId + ": /users/me " + me.statusCode() + ", refresh " + refresh.statusCode());
            }
        }
        double conflicts = ServiceProcess.sum(lastOfA, "linking_refresh_total{outcome=\"conflict\"")
                + ServiceProcess.sum(lastOfB, "linking_refresh_total{outcome=\"conflict\"");
        double leasesLost = ServiceProcess.sum(lastOfA,
                "linking_refresh_total{outcome=\"skipped\",reason=\"lease_lost\"")
                + ServiceProcess.sum(lastOfB, "linking_refresh_total{outcome=\"skipped\",reason=\"lease_lost\"");
        double refreshedByA = ServiceProcess.sum(lastOfA, "linking_refresh_total{outcome=\"refreshed\"");
        double refreshedByB = ServiceProcess.sum(lastOfB, "linking_refresh_total{outcome=\"refreshed\"");
        String drainedB = drained(b);
        String drainedA = drained(a);

        System.out.printf("refresh race: %d sellers, %d s; refreshes granted by the sandbox %d, Vault writes %d;"
                + " refreshed by A %.0f, by B %.0f (before its SIGTERM); conflicts %.0f; leases lost %.0f;"
                + " reauthorizations %d; B stopped in %d ms (%s); A stopped in %d ms (%s); manual refreshes %s%n",
                SELLERS, raceSeconds, granted, written, refreshedByA, refreshedByB, conflicts, leasesLost,
                reauthorizationEvents, bStopped.toMillis(), drainedB, aStopped.toMillis(), drainedA, manual);

        assertThat(notLinked).as("sellers not LINKED").isEmpty();
        assertThat(reauthorizationEvents).as("reauthorization-required events").isZero();
        assertThat(mismatches).as("sellers whose refreshes granted differ from their Vault writes").isEmpty();
        assertThat(granted).isEqualTo(written);
        assertThat(broken).as("sellers without a working pair in Vault").isEmpty();
        assertThat(leased).as("leases left held").isZero();
        assertThat(refreshedByA).as("replica A refreshed").isPositive();
        assertThat(refreshedByB).as("replica B refreshed").isPositive();
        assertThat(granted).as("every seller refreshed again and again").isGreaterThan(2L * SELLERS);
        assertThat(manual.keySet()).as("manual refresh answers").allSatisfy(answer -> assertThat(answer)
                .matches("200 (REFRESHED|CONFLICT)|409|429|503|replica-b unreachable"));
        assertThat(manual).as("manual refreshes that refreshed").containsKey("200 REFRESHED");
        assertThat(bStopped).as("replica B stopped within the grace period").isLessThan(GRACE);
    }

    private static String awaitInFlight(ServiceProcess replica) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String metrics = replica.metrics();
        while (ServiceProcess.sum(metrics, "linking_refresh_in_flight") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            metrics = replica.metrics();
        }
        assertThat(ServiceProcess.sum(metrics, "linking_refresh_in_flight")).as("refreshes in flight at SIGTERM")
                .isPositive();
        return metrics;
    }

    /** What the replica's drain logged, if it had refreshes left to wait for when its ShutdownEvent came. */
    private static String drained(ServiceProcess replica) {
        return replica.log().lines().filter(line -> line.contains("token refreshes in flight"))
                .map(line -> line.substring(line.indexOf("shutdown:")).replaceAll(" \\{.*", ""))
                .findFirst().orElse("its refreshes in flight ended while HTTP requests drained");
    }

    private static String outcome(String body) {
        try {
            return JSON.readTree(body).path("outcome").asText();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static JsonNode vaultSecret(long sellerId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(vault.url() + "/v1/secret/data/sellers/" + sellerId))
                .header("X-Vault-Token", vault.rootToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("Vault secret of " + sellerId).isEqualTo(200);
        return JSON.readTree(response.body()).path("data");
    }

    private static HttpResponse<String> get(String url, String accessToken) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + accessToken)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
