package dev.mpmarketplace.support.database;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failure of PostgreSQL says, read from its cause chain, for every service and every path alike: the REST
 * layer ({@code ProblemMappers}: 503 {@code database-unavailable}) and the Kafka consumers ({@code ConsumerRetries}:
 * retried in place, never dead-lettered at once) ask the same question here.
 * <p>
 * The chains were taken from the real clients (Hibernate Reactive and the reactive PostgreSQL client of Vert.x 4.5,
 * against a real PostgreSQL stopped and restarted under a running service; {@code DatabaseFailuresTest}):
 * <ul>
 * <li>server down: the connect failure itself, unwrapped (netty's {@code AnnotatedConnectException}, a
 * {@link ConnectException} naming the address), through Hibernate Reactive and the pool alike;</li>
 * <li>server stopping under a query: {@code io.vertx.sqlclient.ClosedConnectionException}, wrapped in an
 * {@code org.hibernate.HibernateException} on Hibernate Reactive's path (the server's 57P01 goes to the connection's
 * exception handler, not to the query), or, when the socket is reset rather than closed, a bare
 * {@code SocketException("Connection reset")};</li>
 * <li>server starting or stopping while a connection opens: {@code io.vertx.pgclient.PgException} 57P03, in
 * Hibernate's wrappers (whose cause is a {@link SQLException} with the same state) or bare (PostgreSQL's documented
 * answer; no run hit that window);</li>
 * <li>pool exhausted for {@code connectionTimeout}: Vert.x's {@code VertxException("Timeout waiting for connection")};
 * its wait queue full: {@code ConnectionPoolTooBusyException}.</li>
 * </ul>
 * A constraint violation, a serialization failure, a deadlock, a statement timeout, bad SQL or a NUL in a text are
 * not unavailability: they are answered for what they are.
 */
public final class DatabaseFailures {

    /**
     * SQLSTATEs that say the server cannot serve a session now: {@code admin_shutdown}, {@code crash_shutdown},
     * {@code cannot_connect_now} (starting up, shutting down, in recovery) and {@code too_many_connections}; with class
     * 08 (connection exception) but for {@code 08P01}, a protocol violation, which is a bug.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** {@code unique_violation}. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** The Vert.x pool's failure when no connection came within its {@code connectionTimeout}. */
    private static final String POOL_TIMEOUT = "Timeout waiting for connection";
    /** Vert.x's failure of a request for a connection whose socket closed meanwhile. */
    private static final String CONNECTION_CLOSED = "Connection was closed";

    /** How deep a cause chain is read; real ones are a handful of exceptions deep. */
    private static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    /**
     * Whether the failure says the database cannot be reached or cannot serve now: nothing about the request is
     * wrong, the same request may succeed once the database is back.
     */
    public static boolean unavailable(Throwable failure) {
        return whyUnavailable(failure) != null;
    }

    /**
     * What in the chain says the database is unavailable (an exception's simple class name, with its SQLSTATE when it
     * has one; never its message, which may name a host or a statement), or {@code null} when it is not.
     * <p>
     * A SQLSTATE decides wherever it is in the chain (the first one found), since only the database gives one, and
     * so do the SQL client's own closed-connection failures. A failure any network client could raise (a refused
     * connect, an unknown host, a pool timeout) counts only when no exception above it belongs to another client: the
     * reactive PostgreSQL client passes its connect failure up unwrapped, while every other client of the platform
     * wraps its own (the Mercado Pago client's {@code MercadoPagoException}; the seller-tokens library's
     * {@code VaultUnreachableException} around every transport failure of quarkus-vault, which passes those up bare,
     * and its {@code SellerTokensUnavailableException}).
     */
    public static String whyUnavailable(Throwable failure) {
        boolean onlyDatabaseWrappers = true;
        int depth = 0;
        for (Throwable t = failure; t != null; t = next(t, ++depth)) {
            String state = sqlState(t);
            if (state != null) {
                return unavailableState(state) ? t.getClass().getSimpleName() + " " + state : null;
            }
            if (isA(t, "io.vertx.sqlclient.ClosedConnectionException")) {
                return t.getClass().getSimpleName();
            }
            if (onlyDatabaseWrappers && networkFailure(t)) {
                return t.getClass().getSimpleName();
            }
            onlyDatabaseWrappers &= databaseWrapper(t);
        }
        return null;
    }

    /**
     * Whether PostgreSQL refused a text of the request: a NUL character (SQLSTATE 22021, and 22P05 for one inside
     * JSON) that a query parameter, a path or a JSON string may carry but no text column can hold. The request's
     * transaction rolled back, so nothing changed: it is the caller's input.
     */
    public static boolean unstorableText(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null; t = next(t, ++depth)) {
            String state = sqlState(t);
            if ("22021".equals(state) || "22P05".equals(state)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the failure is a unique constraint PostgreSQL refused (SQLSTATE 23505), in whatever Hibernate Reactive or
     * the reactive client wrapped it: another transaction won a race for the same key, device or claim.
     */
    public static boolean uniqueViolation(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null; t = next(t, ++depth)) {
            if (UNIQUE_VIOLATION.equals(sqlState(t))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLSTATE an exception carries: JDBC's {@link SQLException}, Hibernate's {@code JDBCException} (a
     * {@code ConstraintViolationException}, ...), the reactive client's {@code DatabaseException} ({@code PgException});
     * the last two read by name, since not every service has Hibernate or the reactive client.
     */
    static String sqlState(Throwable t) {
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        String accessor = isA(t, "io.vertx.sqlclient.DatabaseException")
                ? "getSqlState"
                : isA(t, "org.hibernate.JDBCException") ? "getSQLState" : null;
        if (accessor == null) {
            return null;
        }
        try {
            return (String) t.getClass().getMethod(accessor).invoke(t);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    private static boolean unavailableState(String state) {
        return UNAVAILABLE_STATES.contains(state) || state.startsWith("08") && !state.equals("08P01");
    }

    /**
     * A failure to reach a server, to keep a connection to it or to get one from the pool, as any network client may
     * raise: a {@link SocketException} (refused, unreachable, or "Connection reset", which a query the server's stop cut
     * off gets instead of {@code ClosedConnectionException} when the socket is reset rather than closed), a closed
     * channel, an unknown host.
     */
    private static boolean networkFailure(Throwable t) {
        if (t instanceof SocketException || t instanceof ClosedChannelException || t instanceof UnknownHostException
                || isA(t, "io.vertx.core.http.ConnectionPoolTooBusyException")) {
            return true;
        }
        return t.getClass().getName().equals("io.vertx.core.VertxException")
                && (POOL_TIMEOUT.equals(t.getMessage()) || CONNECTION_CLOSED.equals(t.getMessage()));
    }

    /** An exception the database's own stack (or a plain future) wraps a failure in, adding nothing of its own. */
    private static boolean databaseWrapper(Throwable t) {
        if (t instanceof CompletionException || t instanceof ExecutionException || t instanceof SQLException) {
            return true;
        }
        String name = t.getClass().getName();
        return name.startsWith("org.hibernate.") || name.startsWith("jakarta.persistence.")
                || name.startsWith("io.vertx.sqlclient.") || name.startsWith("io.vertx.pgclient.")
                || name.equals("io.smallrye.mutiny.CompositeException");
    }

    private static boolean isA(Throwable t, String className) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** The cause, or {@code null} at the end of the chain or past {@link #MAX_DEPTH} (a chain may loop). */
    private static Throwable next(Throwable t, int depth) {
        Throwable cause = t.getCause();
        return cause == t || depth >= MAX_DEPTH ? null : cause;
    }
}
