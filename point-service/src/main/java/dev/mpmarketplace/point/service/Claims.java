package dev.mpmarketplace.point.service;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/** Telling a lost race for a unique claim (an idempotency key, a device) from any other failure. */
final class Claims {

    private static final String UNIQUE_VIOLATION = "23505";

    private Claims() {
    }

    /** Whether the failure is a unique constraint that another transaction won. */
    static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** The claim, once more if it lost a race (the second time, it sees the winner). */
    static <T> Uni<T> retryingOnce(Supplier<Uni<T>> claim) {
        return claim.get().onFailure(Claims::lostRace).recoverWithUni(failure -> claim.get());
    }
}
