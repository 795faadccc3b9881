package dev.mpmarketplace.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, started once per test JVM from the binaries zonky ships on Maven Central, with a fresh
 * database for every caller of {@link #createDatabase()}. Databases are cheap (a copy of {@code template1}); the
 * server start (about a second) is paid once.
 * <p>
 * The server runs with {@code fsync=off}: its data is thrown away with the JVM, so durability against power loss
 * buys nothing in tests.
 * <p>
 * For outage tests, {@link #stop()} shuts the server down as an operator would ({@code pg_ctl stop -m fast}: every
 * session is ended with SQLSTATE 57P01, then connections are refused) and {@link #restart()} starts it again on the
 * same port with the same data directory, so every database and its rows are back and a client's pool reconnects to
 * the address it has. Every database of the JVM goes down with it: a test that stops the server restarts it in a
 * {@code finally}, before the next test runs.
 */
public final class EmbeddedPostgresServer {

    /** The superuser the embedded server's {@code initdb} creates; it authenticates with {@code trust}. */
    public static final String USER = "postgres";

    private static final AtomicInteger DATABASE_SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static Path dataDirectory;
    private static int port;

    private EmbeddedPostgresServer() {
    }

    /** Creates an empty database on the shared server, starting the server on first use. */
    public static synchronized TestDatabase createDatabase() {
        EmbeddedPostgres postgres = server();
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASE_SEQUENCE.incrementAndGet();
        execute(postgres, "CREATE DATABASE " + name);
        return new TestDatabase(name, "localhost", postgres.getPort(), USER, USER);
    }

    /** Drops a database of {@link #createDatabase()}, disconnecting whatever pool still holds connections to it. */
    public static synchronized void dropDatabase(TestDatabase database) {
        if (server != null) {
            execute(server, "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    /**
     * Shuts the running server down ({@code pg_ctl stop -m fast}) and returns once it has stopped: open sessions are
     * ended with 57P01 {@code admin_shutdown}, new connections are refused until {@link #restart()}.
     */
    public static synchronized void stop() {
        if (server == null) {
            throw new IllegalStateException("the embedded PostgreSQL server is not running");
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not stop", e);
        } finally {
            server = null;
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port and with the same databases. */
    public static synchronized void restart() {
        if (server != null) {
            throw new IllegalStateException("the embedded PostgreSQL server is running");
        }
        if (dataDirectory == null) {
            throw new IllegalStateException("the embedded PostgreSQL server was never started");
        }
        server = start(dataDirectory, port);
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            if (dataDirectory != null) {
                throw new IllegalStateException("the embedded PostgreSQL server is stopped; restart() it");
            }
            try {
                dataDirectory = Files.createTempDirectory("embedded-postgres-");
            } catch (IOException e) {
                throw new UncheckedIOException("no data directory for the embedded PostgreSQL server", e);
            }
            server = start(dataDirectory, 0);
            port = server.getPort();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(EmbeddedPostgresServer::shutDown, "embedded-postgres-stop"));
        }
        return server;
    }

    /** A server on the data directory (initialised when empty); port 0 takes a free one. */
    private static EmbeddedPostgres start(Path data, int fixedPort) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                // kept across stop() and restart(); deleted by the JVM's shutdown hook below
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("max_connections", "300");
        if (fixedPort != 0) {
            builder.setPort(fixedPort);
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
        }
    }

    private static synchronized void shutDown() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // the JVM is ending; the directory is removed below either way
        }
        server = null;
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // a temporary directory: the system cleans it eventually
            }
        }
    }

    private static void execute(EmbeddedPostgres postgres, String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL refused: " + sql, e);
        }
    }
}
