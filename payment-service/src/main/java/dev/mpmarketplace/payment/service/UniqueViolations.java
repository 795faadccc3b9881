package dev.mpmarketplace.payment.service;

/** Recognises a unique-constraint violation of PostgreSQL in whatever Hibernate Reactive wrapped it. */
final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException constraint
                    && UNIQUE_VIOLATION.equals(constraint.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
