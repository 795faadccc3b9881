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
 * token is due that long after it was issued) and are refreshed by both replicas' sweeps. Two faults, one scenario
 * each: each replica in turn is killed ({@code kill -9}) mid-stream and started again; or Vault is unavailable for a
 * minute while refreshes are in flight at Mercado Pago. Afterwards, for every seller: LINKED, a working access token
 * and a live refresh token in Vault, every refresh Mercado Pago granted written to Vault, no refresh token presented
 * twice at the sandbox, and no more refreshes than its token came due (one refresh per expiry).
 */
class SellerLinkingFaultIT {

    private static final String LINKING = PaymentScenario.LINKING;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killedReplicasLinkEverySellerAndRefreshEachTokenOncePerExpiry() throws Exception {
        int sellers = FaultSuite.integer("sellers", 30);
        int dueSeconds = FaultSuite.integer("token-due-seconds", 20);
        int linkEveryMillis = FaultSuite.integer("link-every-ms", 1500);
        int tokenLatencyMillis = FaultSuite.integer("token-latency-ms", 300);
        Map<String, String> linkingEnv = new java.util.HashMap<>();
        // A killed replica's leases lapse after this (default 2 minutes), and only then are its sellers refreshed:
        // the least the service allows, with the Vault write's retry shortened (no Vault outage here).
        linkingEnv.put("LINKING_REFRESH_STORE_TIMEOUT", "10S");
        linkingEnv.put("LINKING_REFRESH_LEASE", "25S"); // 10 s call + 10 s store + 5 s
        Map<String, Map<String, String>> env = env(dueSeconds, linkingEnv);
        try (FaultableLocalRun run = new FaultableLocalRun(home, Set.of(LINKING), env)) {
            run.start(System.out);
            String replica = run.addReplica(LINKING, 2);
            Platform platform = new Platform(run);
            RunFigures figures = new RunFigures("seller-linking");
            figures.line("load: " + sellers + " sellers linking one every " + linkEveryMillis + " ms (retried until"
                    + " LINKED), over two seller-linking-service replicas that both sweep every 2 s; tokens due "
                    + dueSeconds + " s after they are issued (refresh horizon " + env.get(LINKING).get(
                            "LINKING_REFRESH_HORIZON")
                    + ", lease " + env.get(LINKING).get("LINKING_REFRESH_LEASE")
                    + "); /oauth/token answered " + tokenLatencyMillis + " ms late; faults: kill -9 of"
                    + " the first replica once two thirds are linked, of the second " + dueSeconds + " s after the"
                    + " last link, each started again at once; then " + (2 * dueSeconds + 10) + " s of refreshes");
            tokenLatency(platform, tokenLatencyMillis);
            LinkingLoad load = new LinkingLoad(platform, sellers, linkEveryMillis);
            Thread faults = new Thread(() -> {
                try {
                    while (load.linked.get() < 2 * sellers / 3) {
                        Thread.sleep(50);
                    }
                    figures.line("kill -9 " + LINKING + " at " + load.linked.get() + " linked, "
                            + refreshesGranted(platform, load.ids) + " refreshes granted so far");
                    run.kill9(LINKING);
                    run.restart(LINKING);
                    figures.line(LINKING + " ready again at " + load.linked.get() + " linked");
                    while (load.linked.get() + load.failures.size() < sellers) {
                        Thread.sleep(50);
                    }
                    Thread.sleep(dueSeconds * 1000L);
                    figures.line("kill -9 " + replica + " with every seller linked, "
                            + refreshesGranted(platform, load.ids) + " refreshes granted so far");
                    run.kill9(replica);
                    run.restart(replica);
                    figures.line(replica + " ready again, " + refreshesGranted(platform, load.ids)
                            + " refreshes granted");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "linking-killer");
            faults.start();
            load.awaitDone();
            faults.join();
            Thread.sleep((2L * dueSeconds + 10) * 1000);
            // (The last kill's leases lapse within the lease; 2 x due + 10 s is longer.)
            checkSellers(run, platform, load, replica, dueSeconds, figures);
        }
    }

    /**
     * Vault unavailable for {@code -Dfaults.vault-outage-seconds} (60) while refreshes are in flight: Mercado Pago
     * answers {@code /oauth/token} {@code -Dfaults.outage-token-latency-ms} (2 s) late around the moment Vault stops,
     * so that several sellers' refresh tokens are spent at Mercado Pago with Vault already gone. Each such pair exists
     * only in the refresher's memory until Vault is back: it must be written then, not dropped (a dropped pair makes
     * its seller link again). The service runs with its defaults for the write's retry and the lease.
     */
    @Test
    void vaultUnavailableForAMinuteWhileTokensRefreshLosesNoPair() throws Exception {
        int sellers = FaultSuite.integer("sellers", 20);
        int dueSeconds = FaultSuite.integer("token-due-seconds", 20);
        int linkEveryMillis = FaultSuite.integer("link-every-ms", 1000);
        int tokenLatencyMillis = FaultSuite.integer("token-latency-ms", 300);
        int outageLatencyMillis = FaultSuite.integer("outage-token-latency-ms", 2000);
        int outageSeconds = FaultSuite.integer("vault-outage-seconds", 60);
        Map<String, Map<String, String>> env = env(dueSeconds, new java.util.HashMap<>());
        try (FaultableLocalRun run = new FaultableLocalRun(home, Set.of(LINKING), env)) {
            run.start(System.out);
            String replica = run.addReplica(LINKING, 2);
            Platform platform = new Platform(run);
            RunFigures figures = new RunFigures("seller-linking-vault-outage");
            figures.line("load: " + sellers + " sellers linking one every " + linkEveryMillis + " ms (retried until"
                    + " LINKED), over two seller-linking-service replicas that both sweep every 2 s; tokens due "
                    + dueSeconds + " s after they are issued; /oauth/token answered " + tokenLatencyMillis
                    + " ms late, " + outageLatencyMillis + " ms around the outage's start; fault: Vault stopped "
                    + outageSeconds + " s, one due period after the last link; then " + (2 * dueSeconds + 10)
                    + " s of refreshes; the write's retry and the lease: "
                    + env.get(LINKING).entrySet().stream().filter(e -> e.getKey().contains("STORE")
                            || e.getKey().contains("LEASE")).map(Object::toString).sorted().toList()
                    + " (empty: the service's defaults)");
            tokenLatency(platform, tokenLatencyMillis);
            LinkingLoad load = new LinkingLoad(platform, sellers, linkEveryMillis);
            load.awaitDone();
            Thread.sleep(dueSeconds * 1000L);
            tokenLatency(platform, outageLatencyMillis);
            Thread.sleep(outageLatencyMillis / 2);
            long grantedBefore = refreshesGranted(platform, load.ids);
            run.stop("vault");
            figures.line("Vault stopped with " + grantedBefore + " refreshes granted so far");
            Thread.sleep(outageLatencyMillis * 2L);
            long grantedAfter = refreshesGranted(platform, load.ids);
            figures.line("refreshes granted by Mercado Pago after Vault stopped: " + (grantedAfter - grantedBefore));
            tokenLatency(platform, tokenLatencyMillis);
            Thread.sleep(Math.max(0, outageSeconds * 1000L - outageLatencyMillis * 2L));
            run.restart("vault");
            figures.line("Vault accepts connections again, " + refreshesGranted(platform, load.ids)
                    + " refreshes granted so far");
            Thread.sleep((2L * dueSeconds + 10) * 1000);

            assertThat(grantedAfter).as("refreshes Mercado Pago granted after Vault stopped (the outage must catch"
                    + " pairs in flight)").isGreaterThan(grantedBefore);
            checkSellers(run, platform, load, replica, dueSeconds, figures);
        }
    }

    /** Both scenarios' environment: tokens due {@code dueSeconds} after they are issued, sweeps every 2 s. */
    private static Map<String, Map<String, String>> env(int dueSeconds, Map<String, String> linking) {
        Map<String, Map<String, String>> env = new java.util.HashMap<>(FaultSuite.extraEnv());
        Map<String, String> linkingEnv = new java.util.HashMap<>(linking);
        linkingEnv.putAll(env.getOrDefault(LINKING, Map.of()));
        // A token of 180 days is due once it expires within the horizon: 180 days less dueSeconds.
        linkingEnv.putIfAbsent("LINKING_REFRESH_HORIZON", Duration.ofDays(180).minusSeconds(dueSeconds).toString());
        linkingEnv.putIfAbsent("LINKING_REFRESH_EVERY", "2S");
        linkingEnv.putIfAbsent("LINKING_REFRESH_FIRST_SWEEP_AFTER", "1S");
        linkingEnv.putIfAbsent("LINKING_REFRESH_JITTER", "1S");
        // A refresh postponed (its Vault write given up) is tried again soon, so that a lost pair shows in the run.
        linkingEnv.putIfAbsent("LINKING_REFRESH_BACKOFF_INITIAL", "5S");
        env.put(LINKING, linkingEnv);
        return env;
    }

    private static void tokenLatency(Platform platform, int millis) {
        platform.sandbox("DELETE", "/sandbox/faults/slow-token", null, null);
        Platform.require(platform.sandbox("POST", "/sandbox/faults", Map.of("id", "slow-token", "kind",
                "latency", "path", "/oauth/token", "latency_ms", millis), null), 201);
    }

    /** New sandbox sellers linking one every {@code everyMillis} on three threads, each retried until LINKED. */
    private static final class LinkingLoad {

        final List<Long> ids = new ArrayList<>();
        final Map<Long, Instant> started = new ConcurrentHashMap<>();
        final AtomicInteger linked = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService linkers = Executors.newFixedThreadPool(3);

        LinkingLoad(Platform platform, int sellers, int everyMillis) {
            for (int i = 0; i < sellers; i++) {
                ids.add(Platform.require(platform.sandbox("POST", "/sandbox/users", Map.of("role", "seller"), null),
                        201).body().get("id").asLong());
            }
            Instant begin = Instant.now();
            for (int i = 0; i < sellers; i++) {
                long seller = ids.get(i);
                int n = i;
                linkers.execute(() -> link(platform, seller, n, begin.plusMillis((long) n * everyMillis)));
            }
            linkers.shutdown();
        }

        private void link(Platform platform, long seller, int n, Instant at) {
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            started.put(seller, Instant.now());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (true) {
                try {
                    platform.link(seller, "fault-seller-" + n);
                    linked.incrementAndGet();
                    return;
                } catch (RuntimeException | InterruptedException e) {
                    if (Instant.now().isAfter(deadline)) {
                        failures.add(seller + ": " + e.getMessage());
                        return;
                    }
                    retries.incrementAndGet();
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        void awaitDone() throws InterruptedException {
            assertThat(linkers.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
        }
    }

    /**
     * What the service says of every seller, then both replicas stopped (SIGTERM) so that nothing refreshes while the
     * sandbox and Vault are read; the history checked.
     */
    private void checkSellers(FaultableLocalRun run, Platform platform, LinkingLoad load, String replica,
            int dueSeconds, RunFigures figures) throws Exception {
        List<Long> ids = load.ids;
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
            Instant started = load.started.get(seller);
            long dueAtMost = started == null ? 0 : Duration.between(started, stopped).toSeconds() / dueSeconds;
            history.sellerTokens(new SellerTokens(seller, status.get(seller), works, Math.max(0, version - 1),
                    refreshGrants, reuses, dueAtMost));
            granted += refreshGrants;
            rewrites += Math.max(0, version - 1);
            refreshed += refreshGrants > 0 ? 1 : 0;
        }
        figures.line("sellers " + ids.size() + ": linked " + load.linked.get() + " (link attempts retried "
                + load.retries.get() + ", given up " + load.failures.size() + " " + load.failures.stream().limit(3)
                        .toList()
                + "); refreshes granted by the sandbox " + granted + ", Vault rewrites " + rewrites
                + ", sellers refreshed at least once " + refreshed + "; statuses " + status.values().stream()
                        .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.TreeMap::new,
                                java.util.stream.Collectors.counting())));
        HistoryChecker.Verdict verdict = HistoryChecker.check(history);
        figures.finish(verdict);

        assertThat(load.failures).as("sellers that could not link").isEmpty();
        assertThat(refreshed).as("sellers refreshed at least once (the run must exercise refreshes)")
                .isEqualTo(ids.size());
        assertThat(verdict.violations()).as(verdict.render()).isEmpty();
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
