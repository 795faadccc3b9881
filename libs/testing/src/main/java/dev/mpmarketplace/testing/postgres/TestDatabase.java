package dev.mpmarketplace.testing.postgres;

/**
 * One database on the embedded PostgreSQL server, with the URLs each client needs.
 *
 * @param name the database name
 * @param host the host the server listens on
 * @param port the server's port
 * @param username a user that owns the database
 * @param password that user's password
 */
public record TestDatabase(String name, String host, int port, String username, String password) {

    /** The URL for JDBC clients such as Flyway. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** The URL for the reactive (Vert.x) PostgreSQL client that Hibernate Reactive uses. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }
}
