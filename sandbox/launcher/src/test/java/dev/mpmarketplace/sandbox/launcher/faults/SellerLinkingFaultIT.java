package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;
import dev.mpmarketplace.sandbox.launcher.faults.History.SellerTokens;
import dev.mpmarketplace.sandbox.launcher.faults.Platform.Answer;

/**
 * Two replicas of seller-linking-service, sellers linking one after another while the tokens of those linked come
 * due every {@code -Dfaults.token-due-seconds} (20 s: the refresh horizon is the tokens' 180 days less that, so a
 * token is due that long after it was issued) and are refreshed by both replicas' sweeps; each replica in turn is
 * killed ({@code kill -9}) mid-stream and started again. Afterwards, for every seller: LINKED, a working access token
 * and a live refresh token in Vault, every refresh Mercado Pago granted written to Vault, no refresh token presented
 * twice at the sandbox, and no more refreshes than its token came due (one refresh per expiry).
 */
class SellerLinkingFaultIT {

    private static final String LINKING = PaymentScenario.LINKING;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killedReplicasLinkEverySellerAndRefreshEachTokenOncePerExpiry() throws Exception {
        int sellers = FaultSuite.integer("sellers", 30);
        int dueSeconds = FaultSuite.integer("token-due-seconds", 20);
        int linkEveryMillis = FaultSuite.integer("link-every-ms", 1500);
        int tokenLatencyMillis = FaultSuite.integer("token-latency-ms", 300);
        Map<String, Map<String, String>> env = new java.util.HashMap<>(FaultSuite.extraEnv());
        Map<String, String> linkingEnv = new java.util.HashMap<>(env.getOrDefault(LINKING, Map.of()));
        // A token of 180 days is due once it expires within the horizon: 180 days less dueSeconds.
        linkingEnv.putIfAbsent("LINKING_REFRESH_HORIZON", Duration.ofDays(180).minusSeconds(dueSeconds).toString());
        linkingEnv.putIfAbsent("LINKING_REFRESH_EVERY", "2S");
        linkingEnv.putIfAbsent("LINKING_REFRESH_FIRST_SWEEP_AFTER", "1S");
        linkingEnv.putIfAbsent("LINKING_REFRESH_JITTER", "1S");
        // A killed replica's leases lapse after this (default 1 minute), and only then are its sellers refreshed.
        linkingEnv.putIfAbsent("LINKING_REFRESH_LEASE", "25S"); // the least it allows: 10 s call + 10 s store + 5 s
        env.put(LINKING, linkingEnv);
        try (FaultableLocalRun run = new FaultableLocalRun(home, Set.of(LINKING), env)) {
            run.start(System.out);
            String replica = run.addReplica(LINKING, 2);
            Platform platform = new Platform(run);
            RunFigures figures = new RunFigures("seller-linking");
            figures.line("load: " + sellers + " sellers linking one every " + linkEveryMillis + " ms (retried until"
                    + " LINKED), over two seller-linking-service replicas that both sweep every 2 s; tokens due "
                    + dueSeconds + " s after they are issued (refresh horizon " + linkingEnv.get(
                            "LINKING_REFRESH_HORIZON")
                    + ", lease " + linkingEnv.get("LINKING_REFRESH_LEASE")
                    + "); /oauth/token answered " + tokenLatencyMillis + " ms late; faults: kill -9 of"
                    + " the first replica once two thirds are linked, of the second " + dueSeconds + " s after the"
                    + " last link, each started again at once; then " + (2 * dueSeconds + 10) + " s of refreshes");
            Platform.require(platform.sandbox("POST", "/sandbox/faults", Map.of("id", "slow-token", "kind",
                    "latency", "path", "/oauth/token", "latency_ms", tokenLatencyMillis), null), 201);

            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < sellers; i++) {
                ids.add(Platform.require(platform.sandbox("POST", "/sandbox/users", Map.of("role", "seller"), null),
                        201).body().get("id").asLong());
            }
            Map<Long, Instant> linkStarted = new ConcurrentHashMap<>();
            AtomicInteger linked = new AtomicInteger();
            AtomicInteger linkRetries = new AtomicInteger();
            List<String> linkFailures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService linkers = Executors.newFixedThreadPool(3);
            Instant begin = Instant.now();
            for (int i = 0; i < sellers; i++) {
                long seller = ids.get(i);
                int n = i;
                linkers.execute(() -> {
                    try {
                        // Seller n starts linking n intervals after the first.
                        Thread.sleep(Math.max(0, Duration.between(Instant.now(),
                                begin.plusMillis((long) n * linkEveryMillis)).toMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    linkStarted.put(seller, Instant.now());
                    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
                    while (true) {
                        try {
                            platform.link(seller, "fault-seller-" + n);
                            linked.incrementAndGet();
                            return;
                        } catch (RuntimeException | InterruptedException e) {
                            if (Instant.now().isAfter(deadline)) {
                                linkFailures.add(seller + ": " + e.getMessage());
                                return;
                            }
                            linkRetries.incrementAndGet();
                            try {
                                Thread.sleep(2000);
                            } catch (InterruptedException stop) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                });
            }
            Thread faults = new Thread(() -> {
                try {
                    while (linked.get() < 2 * sellers / 3) {
                        Thread.sleep(50);
                    }
                    figures.line("kill -9 " + LINKING + " at " + linked.get() + " linked, "
                            + refreshesGranted(platform, ids) + " refreshes granted so far");
                    run.kill9(LINKING);
                    run.restart(LINKING);
                    figures.line(LINKING + " ready again at " + linked.get() + " linked");
                    while (linked.get() + linkFailures.size() < sellers) {
                        Thread.sleep(50);
                    }
                    Thread.sleep(dueSeconds * 1000L);
                    figures.line("kill -9 " + replica + " with every seller linked, " + refreshesGranted(platform, ids)
                            + " refreshes granted so far");
                    run.kill9(replica);
                    run.restart(replica);
                    figures.line(replica + " ready again, " + refreshesGranted(platform, ids) + " refreshes granted");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "linking-killer");
            faults.start();
            linkers.shutdown();
            assertThat(linkers.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
            faults.join();
            Thread.sleep((2L * dueSeconds + 10) * 1000);
            // (The last kill's leases lapse within the lease; 2 x due + 10 s is longer.)

            // What the service says, then both replicas stopped (SIGTERM) so that nothing refreshes while the
            // sandbox and Vault are read.
            Map<Long, String> status = new ConcurrentHashMap<>();
            for (long seller : ids) {
                Answer view = platform.api("GET", run.url(LINKING) + "/sellers/" + seller, null, Map.of());
                status.put(seller, view.status() == 200 ? view.body().get("status").asText() : "HTTP " + view.status());
            }
            run.stop(replica);
            run.stop(LINKING);
            Instant stopped = Instant.now();
            platform.sandbox("DELETE", "/sandbox/faults", null, null);

            History history = new History();
            long granted = 0;
            long rewrites = 0;
            long refreshed = 0;
            for (long seller : ids) {
                JsonNode grants = platform.sandbox("GET", "/sandbox/grants?user_id=" + seller, null, null).body();
                long refreshGrants = 0;
                long reuses = 0;
                for (JsonNode grant : grants) {
                    if (grant.get("client_id").asText().equals(run.application().clientId())) {
                        refreshGrants += grant.get("refresh_token").asLong();
                        reuses += grant.get("refresh_token_reused").asLong();
                    }
                }
                JsonNode secret = vaultSecret(run, seller);
                int version = secret == null ? 0 : secret.path("metadata").path("version").asInt();
                boolean works = secret != null && tokensWork(platform, run, seller, secret.path("data"));
                Instant started = linkStarted.get(seller);
                long dueAtMost = started == null ? 0 : Duration.between(started, stopped).toSeconds() / dueSeconds;
                history.sellerTokens(new SellerTokens(seller, status.get(seller), works, Math.max(0, version - 1),
                        refreshGrants, reuses, dueAtMost));
                granted += refreshGrants;
                rewrites += Math.max(0, version - 1);
                refreshed += refreshGrants > 0 ? 1 : 0;
            }
            figures.line("sellers " + sellers + ": linked " + linked.get() + " (link attempts retried "
                    + linkRetries.get() + ", given up " + linkFailures.size() + " " + linkFailures.stream().limit(3)
                            .toList()
                    + "); refreshes granted by the sandbox " + granted + ", Vault rewrites " + rewrites
                    + ", sellers refreshed at least once " + refreshed + "; statuses " + status.values().stream()
                            .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.TreeMap::new,
                                    java.util.stream.Collectors.counting())));
            HistoryChecker.Verdict verdict = HistoryChecker.check(history);
            figures.finish(verdict);

            assertThat(linkFailures).as("sellers that could not link").isEmpty();
            assertThat(refreshed).as("sellers refreshed at least once (the run must exercise refreshes)")
                    .isEqualTo(sellers);
            assertThat(verdict.violations()).as(verdict.render()).isEmpty();
        }
    }

    private static long refreshesGranted(Platform platform, List<Long> ids) {
        long granted = 0;
        for (JsonNode grant : platform.sandbox("GET", "/sandbox/grants", null, null).body()) {
            if (ids.contains(grant.get("user_id").asLong())) {
                granted += grant.get("refresh_token").asLong();
            }
        }
        return granted;
    }

    /** The seller's secret in Vault ({@code data}, {@code metadata}), or {@code null} when there is none. */
    private JsonNode vaultSecret(FaultableLocalRun run, long seller) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                URI.create(run.localRun().vaultUrl() + "/v1/secret/data/sellers/" + seller)).timeout(HTTP_TIMEOUT)
                .header("X-Vault-Token", run.vaultToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {
            return null;
        }
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Vault answered " + answer.statusCode() + " for seller " + seller);
        }
        return Platform.JSON.readTree(answer.body()).get("data");
    }

    /**
     * Whether the access token in Vault acts as the seller at the sandbox and its refresh token is the live one (the
     * refresh grant succeeds; the services are stopped, so spending it here takes it from nobody).
     */
    private static boolean tokensWork(Platform platform, FaultableLocalRun run, long seller, JsonNode data) {
        Answer me = platform.sandbox("GET", "/users/me", null, data.path("access_token").asText());
        if (me.status() != 200 || me.body().path("id").asLong() != seller) {
            return false;
        }
        Answer refresh = platform.sandbox("POST", "/oauth/token", Map.of("grant_type", "refresh_token", "client_id",
                run.application().clientId(), "client_secret", run.application().clientSecret(), "refresh_token",
                data.path("refresh_token").asText()), null);
        return refresh.status() == 200;
    }
}
