package dev.mpmarketplace.point.service;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.support.database.DatabaseFailures;

/** Telling a lost race for a unique claim (an idempotency key, a device) from any other failure. */
final class Claims {

    private Claims() {
    }

    /** The claim, once more if it lost a race (the second time, it sees the winner). */
    static <T> Uni<T> retryingOnce(Supplier<Uni<T>> claim) {
        return claim.get().onFailure(DatabaseFailures::uniqueViolation).recoverWithUni(failure -> claim.get());
    }
}
