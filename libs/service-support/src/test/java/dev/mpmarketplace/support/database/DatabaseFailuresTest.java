package dev.mpmarketplace.support.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.hibernate.HibernateException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;

import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.testing.postgres.EmbeddedPostgresServer;
import dev.mpmarketplace.testing.postgres.TestDatabase;

/**
 * Which failures say "the database is unavailable": the real ones, taken from the reactive PostgreSQL client against
 * a real PostgreSQL (refused, stopped under a query, pool exhausted, a constraint, a serialization failure), and the
 * wrappers Hibernate Reactive was seen to put around them in payment-service ({@code DatabaseOutageTest}).
 */
class DatabaseFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static Vertx vertx;
    private static TestDatabase database;

    @BeforeAll
    static void startDatabase() {
        vertx = Vertx.vertx();
        database = EmbeddedPostgresServer.createDatabase();
    }

    @AfterAll
    static void stopDatabase() {
        EmbeddedPostgresServer.dropDatabase(database);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aRefusedConnectIsUnavailableAndSaysSoWithoutTheAddress() throws Exception {
        Pool pool = pool(freePort(), new PoolOptions());
        try {
            Throwable refused = failureOf(pool.query("SELECT 1").execute());

            assertThat(refused).isInstanceOf(ConnectException.class).hasMessageContaining("127.0.0.1");
            assertThat(DatabaseFailures.unavailable(refused)).isTrue();
            assertThat(DatabaseFailures.whyUnavailable(refused)).isEqualTo("AnnotatedConnectException")
                    .doesNotContain("127.0.0.1");
            assertThat(DatabaseFailures.unavailable(new HibernateException(refused))).isTrue();
            assertThat(DatabaseFailures.unavailable(new CompletionException(refused))).isTrue();
        } finally {
            close(pool);
        }
    }

    @Test
    void aServerStoppingUnderAQueryIsUnavailableAndTheSamePoolServesOnceItIsBack() throws Exception {
        Pool pool = pool(database.port(), new PoolOptions().setMaxSize(2));
        Throwable stopped;
        try {
            await(pool.query("SELECT 1").execute());
            Future<?> sleeping = pool.query("SELECT pg_sleep(30)").execute();
            awaitRunning(pool, "SELECT pg_sleep(30)");
            EmbeddedPostgresServer.stop();
            try {
                stopped = failureOf(sleeping);
                assertThat(DatabaseFailures.unavailable(failureOf(pool.query("SELECT 1").execute()))).isTrue();
            } finally {
                EmbeddedPostgresServer.restart();
            }
            assertThat(await(pool.query("SELECT 1").execute())).isNotNull();
        } finally {
            close(pool);
        }

        // ClosedConnectionException, or SocketException "Connection reset" when the socket was reset: both seen here
        assertThat(DatabaseFailures.unavailable(stopped)).as(stopped.toString()).isTrue();
        // Hibernate Reactive's wrapper of it, as payment-service's GET /payments/{id} saw it
        assertThat(DatabaseFailures.unavailable(new HibernateException(stopped))).isTrue();
    }

    @Test
    void aConnectionResetUnderTheDatabaseClientIsUnavailableUnderAnotherClientItIsNot() {
        SocketException reset = new SocketException("Connection reset");

        assertThat(DatabaseFailures.unavailable(reset)).isTrue();
        assertThat(DatabaseFailures.unavailable(new HibernateException(reset))).isTrue();
        assertThat(DatabaseFailures.unavailable(new OtherClientException(reset))).isFalse();
    }

    @Test
    void aPoolThatGivesNoConnectionInTimeIsUnavailable() throws Exception {
        Pool pool = pool(database.port(), new PoolOptions().setMaxSize(1).setConnectionTimeout(300)
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS));
        try {
            SqlConnection held = await(pool.getConnection());
            Throwable timedOut = failureOf(pool.query("SELECT 1").execute());
            held.close();

            assertThat(timedOut).hasMessage("Timeout waiting for connection");
            assertThat(DatabaseFailures.unavailable(timedOut)).isTrue();
        } finally {
            close(pool);
        }
    }

    @Test
    void aPoolWhoseWaitQueueIsFullIsUnavailable() throws Exception {
        Pool pool = pool(database.port(), new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(0));
        try {
            SqlConnection held = await(pool.getConnection());
            Throwable tooBusy = failureOf(pool.query("SELECT 1").execute());
            held.close();

            assertThat(tooBusy.getClass().getSimpleName()).isEqualTo("ConnectionPoolTooBusyException");
            assertThat(DatabaseFailures.unavailable(tooBusy)).isTrue();
        } finally {
            close(pool);
        }
    }

    @Test
    void theServerRefusingSessionsWhileStartingOrStoppingOrFullIsUnavailable() {
        // what PostgreSQL sends a connection it cannot serve (the client raises it while connecting)
        PgException startingUp = new PgException("the database system is starting up", "FATAL", "57P03", null);
        PgException adminShutdown = new PgException("terminating connection due to administrator command", "FATAL",
                "57P01", null);
        PgException tooMany = new PgException("sorry, too many clients already", "FATAL", "53300", null);
        PgException connectionFailure = new PgException("connection failure", "FATAL", "08006", null);

        assertThat(DatabaseFailures.unavailable(startingUp)).isTrue();
        assertThat(DatabaseFailures.whyUnavailable(startingUp)).isEqualTo("PgException 57P03");
        assertThat(DatabaseFailures.unavailable(adminShutdown)).isTrue();
        assertThat(DatabaseFailures.unavailable(tooMany)).isTrue();
        assertThat(DatabaseFailures.unavailable(connectionFailure)).isTrue();
        // Hibernate's translation: a JDBCException whose cause is a SQLException with the state
        assertThat(DatabaseFailures.unavailable(new JDBCConnectionException("could not connect",
                new SQLException("the database system is shutting down", "57P03")))).isTrue();
    }

    @Test
    void aConstraintViolationOrASerializationFailureIsNotUnavailable() throws Exception {
        Pool pool = pool(database.port(), new PoolOptions().setMaxSize(2));
        try {
            await(pool.query("CREATE TABLE IF NOT EXISTS ledger (id int PRIMARY KEY)").execute());
            await(pool.query("INSERT INTO ledger VALUES (1)").execute());
            Throwable duplicate = failureOf(pool.query("INSERT INTO ledger VALUES (1)").execute());
            Throwable serialization = serializationFailure(pool);

            assertThat(duplicate).isInstanceOf(PgException.class);
            assertThat(((PgException) duplicate).getSqlState()).isEqualTo("23505");
            assertThat(DatabaseFailures.unavailable(duplicate)).isFalse();
            assertThat(DatabaseFailures.unavailable(new ConstraintViolationException("duplicate",
                    new SQLException("duplicate key", "23505"), "ledger_pkey"))).isFalse();
            assertThat(((PgException) serialization).getSqlState()).isEqualTo("40001");
            assertThat(DatabaseFailures.unavailable(serialization)).isFalse();
            assertThat(DatabaseFailures.unavailable(new HibernateException(serialization))).isFalse();

            // A lost race for a unique key, however it is wrapped; nothing else is one.
            assertThat(DatabaseFailures.uniqueViolation(duplicate)).isTrue();
            assertThat(DatabaseFailures.uniqueViolation(new CompletionException(new HibernateException(duplicate))))
                    .isTrue();
            ConstraintViolationException translated = new ConstraintViolationException("duplicate",
                    new SQLException("duplicate key", "23505"), "ledger_pkey");
            assertThat(DatabaseFailures.uniqueViolation(translated)).isTrue();
            assertThat(DatabaseFailures.sqlState(translated)).as("Hibernate's translation carries the state itself")
                    .isEqualTo("23505");
            assertThat(DatabaseFailures.uniqueViolation(serialization)).isFalse();
            assertThat(DatabaseFailures.uniqueViolation(new IllegalStateException("23505"))).isFalse();
        } finally {
            close(pool);
        }
    }

    @Test
    void otherDatabaseErrorsAndOtherClientsConnectFailuresAreNotUnavailable() {
        assertThat(DatabaseFailures.unavailable(new PgException("deadlock detected", "ERROR", "40P01", null)))
                .isFalse();
        assertThat(DatabaseFailures.unavailable(new PgException("canceling statement due to statement timeout",
                "ERROR", "57014", null))).isFalse();
        assertThat(DatabaseFailures.unavailable(new PgException("invalid frontend message", "FATAL", "08P01", null)))
                .isFalse();
        assertThat(DatabaseFailures.unavailable(new PgException("password authentication failed", "FATAL", "28P01",
                null))).isFalse();
        // a SQLSTATE decides: a constraint violation is one whatever connection error lies below it
        assertThat(DatabaseFailures.unavailable(new HibernateException(new SQLException("duplicate key", "23505",
                new ConnectException("refused"))))).isFalse();
        // another client's connect failure (Vault, Mercado Pago) is that client's, answered by its own rule
        assertThat(DatabaseFailures.unavailable(new OtherClientException(new ConnectException("refused"))))
                .isFalse();
        assertThat(DatabaseFailures.unavailable(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseFailures.unavailable(null)).isFalse();
    }

    @Test
    void aNulInATextIsUnstorableNotUnavailable() {
        PgException nul = new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021",
                null);

        assertThat(DatabaseFailures.unstorableText(new HibernateException(nul))).isTrue();
        assertThat(DatabaseFailures.unavailable(nul)).isFalse();
        assertThat(DatabaseFailures.unstorableText(new PgException("x", "FATAL", "57P03", null))).isFalse();
    }

    @Test
    void aConsumerRetriesADatabaseOutageInPlaceWhateverItsPermanentRuleSays() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> processing = Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new HibernateException(new PgException("the database system is starting up", "FATAL",
                        "57P03", null));
            }
            return "applied";
        });

        String outcome = ConsumerRetries.retryTransient(processing, failure -> true, Duration.ofMillis(1),
                Duration.ofMillis(5), Duration.ofSeconds(10)).await().atMost(WAIT);

        assertThat(outcome).isEqualTo("applied");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aConsumersPermanentFailureIsStillNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> processing = Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("a poison record");
        });

        Uni<String> retried = ConsumerRetries.retryTransient(processing,
                failure -> failure instanceof IllegalArgumentException, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofSeconds(10));

        assertThat(retried.onFailure().recoverWithItem(Throwable::getMessage).await().atMost(WAIT))
                .isEqualTo("a poison record");
        assertThat(attempts).hasValue(1);
    }

    /** Two serializable transactions that read what the other writes: the second commit fails with 40001. */
    private static Throwable serializationFailure(Pool pool) throws Exception {
        SqlConnection first = await(pool.getConnection());
        SqlConnection second = await(pool.getConnection());
        try {
            for (SqlConnection connection : new SqlConnection[]{first, second}) {
                await(connection.query("BEGIN ISOLATION LEVEL SERIALIZABLE").execute());
                await(connection.query("SELECT count(*) FROM ledger").execute());
            }
            await(first.query("INSERT INTO ledger VALUES (10)").execute());
            await(second.query("INSERT INTO ledger VALUES (11)").execute());
            await(first.query("COMMIT").execute());
            return failureOf(second.query("COMMIT").execute());
        } finally {
            first.close();
            second.close();
        }
    }

    /** Waits until the server runs the statement (so stopping the server ends it mid-query). */
    private static void awaitRunning(Pool pool, String statement) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            var rows = await(pool.query("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query = '"
                    + statement + "'").execute());
            if (rows.iterator().next().getLong(0) > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new TimeoutException(statement + " never ran");
    }

    private static Pool pool(int port, PoolOptions options) {
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(port)
                .setDatabase(database.name()).setUser(database.username()).setPassword(database.password());
        return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failureOf(Future<?> future) throws Exception {
        try {
            await(future);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the operation succeeded");
    }

    private static void close(Pool pool) throws Exception {
        await(pool.close());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stands for another client's exception (Vault's, Mercado Pago's) around its own connect failure. */
    private static final class OtherClientException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OtherClientException(Throwable cause) {
            super("the other service did not answer", cause);
        }
    }
}
