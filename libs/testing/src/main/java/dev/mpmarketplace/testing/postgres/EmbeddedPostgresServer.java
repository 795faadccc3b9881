package dev.mpmarketplace.testing.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, started once per test JVM from the binaries zonky ships on Maven Central, with a fresh
 * database for every caller of {@link #createDatabase()}. Databases are cheap (a copy of {@code template1}); the
 * server start (about a second) is paid once.
 * <p>
 * The server runs with {@code fsync=off}: its data is thrown away with the JVM, so durability against power loss
 * buys nothing in tests.
 */
public final class EmbeddedPostgresServer {

    /** The superuser the embedded server's {@code initdb} creates; it authenticates with {@code trust}. */
    public static final String USER = "postgres";

    private static final AtomicInteger DATABASE_SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres server;

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

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
            }
            // zonky registers its own shutdown hook that stops the server and deletes its data directory.
        }
        return server;
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
