package dev.mpmarketplace.testing.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

import kafka.server.Server;
import kafka.tools.StorageTool;

/**
 * A real Apache Kafka broker in KRaft mode (one combined broker and controller node) inside the test JVM that can be
 * stopped and started again <b>on the same address with the same data</b>, for tests of what a service does while its
 * broker is down and after it comes back (the {@link EmbeddedKafkaBroker} listens on a new port after a restart).
 * <p>
 * It is Kafka's own {@link KafkaRaftServer}, as {@code kafka.Kafka} runs it, configured like the local run's broker
 * ({@code sandbox/launcher}'s {@code KafkaBrokerMain}): two loopback ports chosen free at the first start and kept, a
 * log directory in a temporary directory kept across restarts and deleted by {@link #close()}. Topics are never
 * created implicitly.
 */
public final class RestartableKafkaBroker implements KafkaTestBroker, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    /** Kafka's {@code KafkaConfig}; held as Object since its class hierarchy is not on the compile class path. */
    private final Object config;
    private Server server;
    private KafkaCompanion companion;

    private RestartableKafkaBroker(Path dataDir, int port, Object config) {
        this.dataDir = dataDir;
        this.port = port;
        this.config = config;
    }

    /** Formats a new log directory, starts the node and returns once the broker accepts clients. */
    public static RestartableKafkaBroker start() {
        Path dataDir = null;
        try {
            dataDir = Files.createTempDirectory("restartable-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            Properties properties = properties(port, controllerPort, dataDir.resolve("log"));
            Path configFile = dataDir.resolve("server.properties");
            try (Writer writer = Files.newBufferedWriter(configFile)) {
                properties.store(writer, "RestartableKafkaBroker");
            }
            format(configFile);
            RestartableKafkaBroker broker = new RestartableKafkaBroker(dataDir, port, kafkaConfig(properties));
            broker.startServer();
            return broker;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dataDir);
            throw new IllegalStateException("the restartable Kafka broker did not start", e);
        }
    }

    /** {@code host:port} of the broker's client listener; the same before and after a restart. */
    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's companion; its clients reconnect on their own after a restart (the address stays). */
    @Override
    public synchronized KafkaCompanion companion() {
        if (companion == null) {
            companion = new KafkaCompanion(bootstrapServers());
        }
        return companion;
    }

    /** Whether the broker is running (started and not stopped). */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Stops the broker (a controlled shutdown, as on SIGTERM) and returns once its ports are closed. Clients see a
     * broker that is down; the data stays.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        Server stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    /** Starts the broker again on the same ports with the same data and returns once it accepts clients. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        startServer();
    }

    /**
     * Creates the topics that do not exist yet, each with the given number of partitions and replication factor 1,
     * and waits until every partition has a leader.
     */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = admin()) {
            KafkaTopics.createMissing(admin, names, partitions);
            awaitLeaders(admin, names);
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(properties);
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        if (companion != null) {
            companion.close();
            companion = null;
        }
        try {
            stop();
        } catch (RuntimeException e) {
            // A broker that fails to stop cleanly at the end of a test run must not fail the run.
        }
        deleteQuietly(dataDir);
    }

    private void startServer() {
        Server starting = raftServer(config);
        starting.startup();
        server = starting;
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                    awaitLeaders(admin, topics);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the broker", e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                last = new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("the broker was not ready within " + READY_TIMEOUT, last);
    }

    /** Waits until every partition of the topics has a leader: what producers need after a restart. */
    private static void awaitLeaders(Admin admin, Collection<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Collection<TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                        .get(10, TimeUnit.SECONDS).values();
                if (descriptions.stream().flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for partition leaders", e);
            } catch (ExecutionException | TimeoutException e) {
                // not yet
            }
            sleep(100);
        }
        throw new IllegalStateException("partitions of " + topics + " had no leader within " + READY_TIMEOUT);
    }

    /**
     * {@code KafkaConfig.fromProps(properties, false)}, through reflection: the broker's configuration classes are on
     * the test class path (kafka-server, a runtime dependency of kafka-test-common-runtime) but not on the compile one.
     */
    private static Object kafkaConfig(Properties properties) {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            return configClass.getMethod("fromProps", Properties.class, boolean.class).invoke(null, properties, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Kafka's server classes are not on the class path", e);
        }
    }

    /** {@code new KafkaRaftServer(config, Time.SYSTEM)}, the server {@code kafka.Kafka} runs in KRaft mode. */
    private static Server raftServer(Object config) {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            return (Server) Class.forName("kafka.server.KafkaRaftServer").getConstructor(configClass, Time.class)
                    .newInstance(config, Time.SYSTEM);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Kafka's server classes are not on the class path", e);
        }
    }

    private static Properties properties(int port, int controllerPort, Path logDir) {
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
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "3");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void format(Path configFile) {
        // Kafka's own generator: an id of random bits can start with '-', which the tool then reads as an option.
        Uuid clusterId = Uuid.randomUuid();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[]{"format", "-t", clusterId.toString(), "-c", configFile.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed (" + exit + "): "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a temporary directory left behind must not fail a test run.
        }
    }
}
