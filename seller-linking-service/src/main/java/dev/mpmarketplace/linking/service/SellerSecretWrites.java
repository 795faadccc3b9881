package dev.mpmarketplace.linking.service;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.sellertokens.SellerSecrets.SecretVersionConflict;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * Writing a pair Mercado Pago just granted into Vault, where a lost write loses the grant: a refreshed pair (the old
 * refresh token is spent) and a link's pair (the authorization code is single use). The one rule for both writers,
 * {@link SellerTokenRefresher} and {@link SellerLinking}: every failure but a check-and-set conflict (Vault stopped,
 * restarting, sealed, refusing connections, not answering) is retried every {@value #RETRY_DELAY_MILLIS} ms until a
 * bound the caller gives; before a retry Vault is read again, since the previous attempt may have been written
 * although its answer was lost: a secret that already holds the pair's refresh token is that write, done (so a
 * retried write never adds a second version). A conflict is never retried here: someone wrote a newer version, and
 * the caller decides (the refresher yields to it, a link writes over it).
 */
@ApplicationScoped
public class SellerSecretWrites {

    private static final Logger LOG = Logger.getLogger(SellerSecretWrites.class);
    static final long RETRY_DELAY_MILLIS = 250;
    private static final Duration RETRY_DELAY = Duration.ofMillis(RETRY_DELAY_MILLIS);
    /** A warning per this many failed attempts of one write (10 s of them). */
    private static final int LOG_EVERY = 40;

    /** Vault did not take the write (nor answer the reads around it) within the caller's bound. */
    public static final class VaultWriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VaultWriteFailed(long userId, Duration bound, Throwable cause) {
            super("the tokens of seller " + userId + " could not be written to Vault within " + bound + " ("
                    + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    private final SellerSecrets secrets;

    public SellerSecretWrites(SellerSecrets secrets) {
        this.secrets = secrets;
    }

    /**
     * Writes the pair as the version after {@code expectedVersion} (check-and-set), retrying within {@code bound}.
     *
     * @return the version that holds the pair; fails with {@link SecretVersionConflict} when another version was
     *         written first, and with {@link VaultWriteFailed} when Vault did not take it within {@code bound}
     */
    public Uni<Integer> write(GrantedTokens granted, int expectedVersion, Duration bound) {
        Deadline deadline = new Deadline(granted.userId(), bound);
        return write(granted, expectedVersion, deadline, false);
    }

    /**
     * Writes the pair over whatever version is current (a link: a seller linking again replaces its pair), retrying
     * within {@code bound}; a conflict (another writer between the read and the write) reads the version again, up to
     * {@code conflicts} attempts in all.
     *
     * @return the version that holds the pair; fails with {@link SecretVersionConflict} after {@code conflicts}
     *         conflicts, and with {@link VaultWriteFailed} when Vault did not take it within {@code bound}
     */
    public Uni<Integer> writeOverCurrent(GrantedTokens granted, Duration bound, int conflicts) {
        return overCurrent(granted, new Deadline(granted.userId(), bound), conflicts);
    }

    private Uni<Integer> overCurrent(GrantedTokens granted, Deadline deadline, int conflictsLeft) {
        return retrying(() -> secrets.currentVersion(granted.userId()), deadline)
                .chain(version -> write(granted, version, deadline, false))
                .onFailure(SecretVersionConflict.class).recoverWithUni(conflict -> conflictsLeft > 1
                        ? overCurrent(granted, deadline, conflictsLeft - 1)
                        : Uni.createFrom().failure(conflict));
    }

    private Uni<Integer> write(GrantedTokens granted, int version, Deadline deadline, boolean retry) {
        Uni<Integer> attempt = retry
                ? secrets.read(granted.userId()).chain(current -> {
                    if (current.isPresent() && Objects.equals(current.get().refreshToken(), granted.refreshToken())) {
                        return Uni.createFrom().item(current.get().version());
                    }
                    return secrets.write(granted, version);
                })
                : secrets.write(granted, version);
        return deadline.bounded(attempt)
                .onFailure(failure -> !(failure instanceof SecretVersionConflict))
                .recoverWithUni(failure -> deadline.next(failure)
                        .chain(() -> write(granted, version, deadline, true)));
    }

    /** A read, retried like the write within the same deadline. */
    private <T> Uni<T> retrying(Supplier<Uni<? extends T>> read, Deadline deadline) {
        return deadline.bounded(Uni.createFrom().<T>deferred(read))
                .onFailure().recoverWithUni(failure -> deadline.next(failure).chain(() -> retrying(read, deadline)));
    }

    /** When the attempts of one write must stop. */
    private static final class Deadline {
        private final long userId;
        private final Duration bound;
        private final long nanos;
        private int failures;

        Deadline(long userId, Duration bound) {
            this.userId = userId;
            this.bound = bound;
            this.nanos = System.nanoTime() + bound.toNanos();
        }

        /** The attempt, failed when it is still pending at the deadline (a Vault that accepts but never answers). */
        <T> Uni<T> bounded(Uni<T> attempt) {
            long remaining = Math.max(1, nanos - System.nanoTime());
            return attempt.ifNoItem().after(Duration.ofNanos(remaining)).fail();
        }

        /** Waits for the next attempt, or fails with {@link VaultWriteFailed} when it would start past the deadline. */
        Uni<Void> next(Throwable failure) {
            if (System.nanoTime() + RETRY_DELAY.toNanos() >= nanos) {
                return Uni.createFrom().failure(new VaultWriteFailed(userId, bound, failure));
            }
            // One line when the outage begins, then one every LOG_EVERY failures: a minute's outage is 240 attempts.
            if (failures++ % LOG_EVERY == 0) {
                LOG.warnf("writing the tokens of seller %d to Vault failed %d time(s) (%s); retrying every %d ms for up"
                        + " to %s", userId, failures, failure.getClass().getSimpleName(), RETRY_DELAY_MILLIS, bound);
            }
            return CallerContext.delay(RETRY_DELAY);
        }
    }
}
