package dev.mpmarketplace.testing.footprint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import dev.mpmarketplace.sandbox.vault.VaultDevServer;
import dev.mpmarketplace.sandbox.vault.VaultDevServerOptions;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.postgres.EmbeddedPostgresServer;
import dev.mpmarketplace.testing.postgres.TestDatabase;

/**
 * Measures what each test resource costs: the time to start it (until it accepts clients) and the memory it adds,
 * as heap retained in the test JVM and as resident memory of the processes it starts. Not a test: run it with
 * {@code libs/testing/measure-footprint.sh}; the figures go to docs/testing.md.
 */
public final class ResourceFootprint {

    private static final int RUNS = 5;

    private ResourceFootprint() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%-32s %10s %16s %11s %16s%n", "resource", "first (ms)", "warm median (ms)",
                "heap (MiB)", "processes (MiB)");
        measure("Vault dev server", () -> {
            VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults());
            return server::close;
        });
        measure("PostgreSQL (server once + db)", () -> {
            TestDatabase database = EmbeddedPostgresServer.createDatabase();
            return () -> EmbeddedPostgresServer.dropDatabase(database);
        });
        measure("Kafka broker (KRaft, in JVM)", () -> {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
            return broker::close;
        });
        System.exit(0);
    }

    private static void measure(String name, Supplier<AutoCloseable> start) throws Exception {
        List<Long> startMillis = new ArrayList<>();
        long heapDelta = 0;
        long rssDelta = 0;
        for (int run = 0; run < RUNS; run++) {
            long heapBefore = usedHeapAfterGc();
            long rssBefore = descendantsRss();
            long began = System.nanoTime();
            AutoCloseable resource = start.get();
            startMillis.add((System.nanoTime() - began) / 1_000_000);
            heapDelta = Math.max(heapDelta, usedHeapAfterGc() - heapBefore);
            rssDelta = Math.max(rssDelta, descendantsRss() - rssBefore);
            resource.close();
        }
        long first = startMillis.get(0);
        List<Long> warm = new ArrayList<>(startMillis.subList(1, RUNS));
        Collections.sort(warm);
        System.out.printf("%-32s %10d %16d %11d %16d%n", name, first, warm.get(warm.size() / 2), heapDelta >> 20,
                rssDelta >> 20);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resident memory of the processes this JVM started (PostgreSQL's), from /proc. */
    private static long descendantsRss() {
        return ProcessHandle.current().descendants().mapToLong(p -> rss(p.pid())).sum()
                + postmasterRss();
    }

    /** PostgreSQL's postmaster detaches (pg_ctl), so it and its workers are found by their command name. */
    private static long postmasterRss() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.contains("embedded-pg")).orElse(false)
                        || p.info().commandLine().map(c -> c.startsWith("postgres:")).orElse(false))
                .mapToLong(p -> rss(p.pid())).sum();
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The process ended while being measured.
        }
        return 0;
    }
}
