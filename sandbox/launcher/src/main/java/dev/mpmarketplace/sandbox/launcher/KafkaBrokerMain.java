package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;

import kafka.tools.StorageTool;

/**
 * Runs a one-node Kafka broker in KRaft mode (combined broker and controller) for the local run: writes
 * {@code server.properties}, formats the log directory on first start, then hands over to Kafka's own
 * {@code kafka.Kafka} entry point, which stops cleanly on SIGTERM.
 * <p>
 * Usage: {@code KafkaBrokerMain <port> <controller port> <data directory>}.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <port> <controller port> <data directory>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        Path dataDir = Path.of(args[2]).toAbsolutePath();
        Path logDir = dataDir.resolve("log");
        Files.createDirectories(logDir);

        Path config = dataDir.resolve("server.properties");
        writeConfig(config, port, controllerPort, logDir);

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            // Kafka's own generator: an id of random bits can start with '-', which the tool then reads as an option.
            String clusterId = Uuid.randomUuid().toString();
            int exit = StorageTool.execute(new String[]{"format", "-t", clusterId, "-c", config.toString()},
                    System.out);
            if (exit != 0) {
                System.err.println("formatting the Kafka log directory failed with exit code " + exit);
                System.exit(1);
            }
        }
        kafka.Kafka.main(new String[]{config.toString()});
    }

    private static void writeConfig(Path file, int port, int controllerPort, Path logDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // Topics are declared (the launcher creates every platform topic), as on a production cluster.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (Writer writer = Files.newBufferedWriter(file)) {
            p.store(writer, "Written by the marketplace launcher at every start; edit KafkaBrokerMain instead.");
        }
    }
}
