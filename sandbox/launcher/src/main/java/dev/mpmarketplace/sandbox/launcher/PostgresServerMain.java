package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Runs a PostgreSQL server for the local run from the binaries zonky ships on Maven Central, on a data directory
 * that survives restarts, and makes sure each service's database exists. Stops the server (fast shutdown) when the
 * process gets SIGTERM.
 * <p>
 * Usage: {@code PostgresServerMain <port> <data directory> <database>...}.
 */
public final class PostgresServerMain {

    private PostgresServerMain() {
    }

    public static void main(String[] args) throws IOException, SQLException, InterruptedException {
        if (args.length < 2) {
            System.err.println("usage: PostgresServerMain <port> <data directory> <database>...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(dataDir.getParent());

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setRegisterShutdownHook(false)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "postgres-stop"));

        for (String database : List.of(args).subList(2, args.length)) {
            createIfMissing(postgres, database);
        }
        System.out.println("PostgreSQL listening on 127.0.0.1:" + port);
        stopped.await();
    }

    private static void createIfMissing(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                // The name comes from the launcher's own list of service databases, never from input.
                create.execute("CREATE DATABASE " + database);
            }
        }
    }
}
