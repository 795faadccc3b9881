package dev.mpmarketplace.testing.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker and controller node) running inside the test JVM,
 * built from Kafka's own server jars at the version of the {@code kafka-clients} the Quarkus BOM manages. It listens
 * on a free port of the loopback interface.
 * <p>
 * Topics are never created implicitly ({@code auto.create.topics.enable=false}), as on a production cluster whose
 * topics are declared: a service that uses a topic nobody created fails in its tests, not in production.
 */
public final class EmbeddedKafkaBroker implements KafkaTestBroker, AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private KafkaCompanion companion;

    private EmbeddedKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats the log directories, starts the node and returns once the broker accepts clients. */
    public static EmbeddedKafkaBroker start() {
        KafkaClusterTestKit cluster = null;
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafkaBroker(cluster);
        } catch (Exception e) {
            closeQuietly(cluster);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the embedded Kafka broker did not start", e);
        }
    }

    /** {@code host:port} of the broker's client listener. */
    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public synchronized KafkaCompanion companion() {
        if (companion == null) {
            companion = new KafkaCompanion(bootstrapServers());
        }
        return companion;
    }

    /**
     * Creates the topics that do not exist yet, each with the given number of partitions and replication factor 1,
     * and waits until the broker acknowledged all of them.
     */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = admin()) {
            KafkaTopics.createMissing(admin, names, partitions);
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties properties = new Properties();
        properties.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        return Admin.create(properties);
    }

    /** Closes the companion, stops the node and deletes its log directories. */
    @Override
    public void close() {
        synchronized (this) {
            if (companion != null) {
                companion.close();
                companion = null;
            }
        }
        closeQuietly(cluster);
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster == null) {
            return;
        }
        try {
            cluster.close();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // A broker that fails to stop cleanly at the end of a test run must not fail the run.
        }
    }
}
