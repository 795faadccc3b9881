package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;
import dev.mpmarketplace.sandbox.launcher.SandboxApplication;

/**
 * Two replicas of notification-ingest-service share a burst of notifications of every kind (each retry goes to the
 * other replica, as behind a load balancer); each replica in turn is killed ({@code kill -9}) in the middle of the
 * burst and started again: every notification answered 200 must be on its topic afterwards (decision 0005: ingest
 * answers only what the broker acknowledged, so a process that dies holds nothing it answered for).
 */
class IngestKillFaultIT {

    private static final String INGEST = PaymentScenario.INGEST;
    private static final long SELLER = 202_300_400L;

    @TempDir
    Path home;

    @Test
    void noAcknowledgedNotificationIsMissingAfterEachIngestReplicaIsKilledMidBurst() throws Exception {
        int notifications = FaultSuite.integer("notifications", 6_000);
        int threads = FaultSuite.integer("threads", 32);
        try (FaultableLocalRun run = new FaultableLocalRun(home, Set.of(INGEST), FaultSuite.extraEnv())) {
            run.start(System.out);
            String replica = run.addReplica(INGEST, 2);
            SandboxApplication application = run.application();
            History history = new History();
            NotificationLoad load = new NotificationLoad(List.of(run.url(INGEST), run.urlOf(replica)),
                    application.webhookSecret(), application.clientId(), SELLER, history, Duration.ofMinutes(3));
            RunFigures figures = new RunFigures("ingest-kill");
            figures.line("load: " + notifications + " notifications, " + NotificationLoad.Kind.values().length
                    + " kinds in turn, " + threads + " senders, over two ingest replicas (each retry to the other);"
                    + " faults: kill -9 of the first replica after a third is acknowledged, of the second after two"
                    + " thirds, each started again at once");

            Thread fault = new Thread(() -> {
                try {
                    killAndRestart(run, INGEST, load, notifications / 3, figures);
                    killAndRestart(run, replica, load, 2 * notifications / 3, figures);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "ingest-killer");
            fault.start();
            load.send(notifications, threads);
            fault.join();

            load.recordAndCheck(run.bootstrapServers(), notifications, figures);
        }
    }

    private static void killAndRestart(FaultableLocalRun run, String name, NotificationLoad load, int acknowledged,
            RunFigures figures) throws Exception {
        while (load.acknowledged.get() < acknowledged) {
            Thread.sleep(20);
        }
        figures.line("kill -9 " + name + " at " + load.acknowledged.get() + " acknowledged");
        run.kill9(name);
        run.restart(name);
        figures.line(name + " ready again at " + load.acknowledged.get() + " acknowledged");
    }
}
