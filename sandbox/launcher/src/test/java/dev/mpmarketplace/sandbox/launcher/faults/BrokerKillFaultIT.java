package dev.mpmarketplace.sandbox.launcher.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.launcher.FaultableLocalRun;
import dev.mpmarketplace.sandbox.launcher.SandboxApplication;

/**
 * The broker is killed ({@code kill -9}) in the middle of a burst of notifications of every kind and restarted: every
 * notification notification-ingest-service answered 200 must be on its topic afterwards (decision 0005: it answers
 * only what the broker acknowledged). Senders retry what was not answered 200, as Mercado Pago does.
 */
class BrokerKillFaultIT {

    private static final String INGEST = "notification-ingest-service";
    private static final long SELLER = 202_300_400L;

    @TempDir
    Path home;

    @Test
    void noAcknowledgedNotificationIsMissingAfterTheBrokerIsKilledMidBurst() throws Exception {
        int notifications = FaultSuite.integer("notifications", 6_000);
        int threads = FaultSuite.integer("threads", 32);
        int outageSeconds = FaultSuite.integer("broker-outage-seconds", 10);
        try (FaultableLocalRun run = new FaultableLocalRun(home, Set.of(INGEST), FaultSuite.extraEnv())) {
            run.start(System.out);
            SandboxApplication application = run.application();
            History history = new History();
            NotificationLoad load = new NotificationLoad(run.url(INGEST), application.webhookSecret(),
                    application.clientId(), SELLER, history, Duration.ofMinutes(3));
            RunFigures figures = new RunFigures("broker-kill");
            figures.line("load: " + notifications + " notifications, " + NotificationLoad.Kind.values().length
                    + " kinds in turn, " + threads + " senders; fault: kill -9 of the broker after a third is"
                    + " acknowledged, restarted " + outageSeconds + " s later");

            Thread fault = new Thread(() -> {
                try {
                    while (load.acknowledged.get() < notifications / 3) {
                        Thread.sleep(20);
                    }
                    figures.line("kill -9 kafka at " + load.acknowledged.get() + " acknowledged");
                    run.kill9("kafka");
                    Thread.sleep(outageSeconds * 1000L);
                    figures.line("restarting kafka at " + load.acknowledged.get() + " acknowledged");
                    run.restart("kafka");
                    figures.line("kafka accepts connections again at " + load.acknowledged.get() + " acknowledged");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "broker-killer");
            fault.start();
            load.send(notifications, threads);
            fault.join();

            load.recordAndCheck(run.bootstrapServers(), notifications, figures);
        }
    }
}
