package dev.mpmarketplace.linking.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.LockModeType;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.quarkus.arc.ClientProxy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.linking.repository.SellerRepository;
import dev.mpmarketplace.linking.repository.SellerRepository.Lease;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.oauth.ApplicationCredentials;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.mercadopago.client.oauth.MercadoPagoOAuthApi;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokens;
import dev.mpmarketplace.sellertokens.SellerSecret;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.sellertokens.SellerTokensUnavailableException;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Renews sellers' tokens before they expire: one refresher per seller across sweeps, manual refreshes and replicas,
 * and no refreshed pair lost to a shutdown.
 * <p>
 * Per seller, in this order (docs/services/seller-linking-service.md analyses a crash at each step; decision 0010):
 * <ol>
 * <li>wait for a slot of the rate limit, then lease the seller, just in time;</li>
 * <li>read the refresh token and its Vault version V;</li>
 * <li>check the lease right before the call: still ours and live, it is renewed to cover the call and the Vault write,
 * and V is marked as being spent; otherwise Mercado Pago is not called;</li>
 * <li>call {@code /oauth/token} (from here V's refresh token is spent);</li>
 * <li>write the new pair to Vault with check-and-set on V: the very next step;</li>
 * <li>in one transaction: the seller's new expiry and version, the mark cleared, the "refreshed" event, the lease
 * released (only by its owner).</li>
 * </ol>
 * {@code invalid_grant} is never read alone: Vault is read again, and a version that moved means another refresher won
 * (a conflict; the seller stays LINKED). Only a refresh token that is still current and refused means the seller must
 * link again: {@code refresh_answer_lost} when an earlier call with the same token left its mark (its answer never
 * reached Vault), {@code invalid_grant} otherwise. Other failures postpone the seller with back-off.
 * <p>
 * Shutdown drains: once it begins (at SIGTERM, through a JVM shutdown hook, before Quarkus stops anything) no refresh
 * passes its lease check, and the shutdown waits for those past it to record their outcome, at most the call's
 * timeout plus the Vault write's plus 5 s ({@link #drainBound()}).
 */
@ApplicationScoped
public class SellerTokenRefresher {

    private static final Logger LOG = Logger.getLogger(SellerTokenRefresher.class);

    /** What a lease covers beyond the bounds of the call and the Vault write. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /** The reason a seller must link again after a refreshed pair never reached Vault. */
    public static final String ANSWER_LOST = "refresh_answer_lost";

    /** What happened to one seller. */
    public enum Outcome {
        /** New tokens in Vault and in the seller's row. */
        REFRESHED,
        /** Mercado Pago refused the seller's current refresh token: the seller must link again. */
        REAUTHORIZATION_REQUIRED,
        /** A failure that may pass (429, 5xx, timeout, Vault unavailable): retried after a back-off. */
        POSTPONED,
        /** Another refresher (or a re-link) got there first; the seller stays as that one left it. */
        CONFLICT,
        /** The lease lapsed or passed to another refresher before the call, which was therefore not made. */
        LEASE_LOST,
        /** Nothing done: no longer due, leased by another refresher, gone, or shutdown began. */
        SKIPPED
    }

    /** What one sweep did, per seller it tried. */
    public record SweepResult(Map<Long, Outcome> outcomes) {
        public long count(Outcome outcome) {
            return outcomes.values().stream().filter(outcome::equals).count();
        }
    }

    private record SellerOutcome(long userId, Outcome outcome) {
    }

    private final SellerRepository sellers;
    private final SellerSecrets secrets;
    private final SellerSecretWrites writes;
    private final OAuthTokens tokens;
    private final MercadoPagoOAuthApi tokenApi;
    private final ApplicationCredentials application;
    private final SellerEvents events;
    private final SellerMetrics metrics;
    private final LinkingConfig.Refresh config;
    private final Duration callTimeout;
    private final RefreshPacing pacing;
    private final Clock clock;
    private final RefreshesInFlight inFlight = new RefreshesInFlight();
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong leases = new AtomicLong();
    private volatile Thread shutdownHook;

    public SellerTokenRefresher(SellerRepository sellers, SellerSecrets secrets, SellerSecretWrites writes,
            OAuthTokens tokens, @RestClient MercadoPagoOAuthApi tokenApi, SellerEvents events, SellerMetrics metrics,
            LinkingConfig config, MercadoPagoClientConfig client, Clock clock) {
        this.sellers = sellers;
        this.tokenApi = tokenApi;
        this.secrets = secrets;
        this.writes = writes;
        this.tokens = tokens;
        this.application = SellerLinking.credentials(config);
        this.events = events;
        this.metrics = metrics;
        this.config = config.refresh();
        this.callTimeout = client.oauthTimeout();
        this.pacing = RefreshPacing.withSystemRandom(this.config.jitter(), this.config.backoffInitial(),
                this.config.backoffMax(), this.config.ratePerSecond());
        this.clock = clock;
    }

    /**
     * Refuses a lease too short for the call and the Vault write, counts the refreshes in flight, and closes the gate
     * as soon as the JVM is told to stop (SIGTERM), before Quarkus's own shutdown begins.
     */
    void onStart(@Observes StartupEvent started) {
        Duration needed = callTimeout.plus(config.storeTimeout()).plus(LEASE_MARGIN);
        if (config.lease().compareTo(needed) < 0) {
            throw new IllegalStateException("linking.refresh.lease (" + config.lease() + ") must cover"
                    + " mercadopago.client.oauth-timeout + linking.refresh.store-timeout + " + LEASE_MARGIN.toSeconds()
                    + " s = " + needed);
        }
        // A Vert.x client created while serving an HTTP request belongs to the HTTP server's verticle and is closed with
        // it, before the ShutdownEvent the drain waits in, under the refreshes in flight. So the clients a refresh uses
        // (Vault, through SellerSecrets, and the /oauth/token REST client) are created now, outside any verticle.
        ClientProxy.unwrap(secrets);
        ClientProxy.unwrap(tokenApi);
        metrics.refreshesInFlight(inFlight::count);
        Thread hook = new Thread(inFlight::close, "seller-token-refresh-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
    }

    /**
     * Waits (before the outbox relay and everything else stops) for the refreshes past their lease check to record
     * their outcome: at most {@link #drainBound()}, counted from the moment shutdown began.
     */
    void drain(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent stopping) {
        inFlight.close();
        Thread hook = shutdownHook;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the JVM is stopping: the hook has run or runs now, and only closes the gate
            }
        }
        int before = inFlight.count();
        long started = System.nanoTime();
        int left = inFlight.awaitEmpty(drainBound());
        if (left > 0) {
            LOG.errorf("shutdown: %d token refreshes still in flight after %s; their sellers are checked by the next"
                    + " sweep of another replica", left, drainBound());
        } else if (before > 0) {
            LOG.infof("shutdown: %d token refreshes in flight completed in %d ms", before,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    /**
     * The longest a shutdown waits for the refreshes past their lease check: the call, the Vault write, and the
     * lease's margin for recording the outcome (105 s by default: a Vault outage of a minute is waited out), from the
     * moment shutdown began.
     */
    public Duration drainBound() {
        return callTimeout.plus(config.storeTimeout()).plus(LEASE_MARGIN);
    }

    @Scheduled(every = "${linking.refresh.every:1H}", delayed = "${linking.refresh.first-sweep-after:30S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledSweep() {
        return CallerContext.delay(pacing.jitterDelay()).chain(this::sweep).invoke(result -> {
            if (!result.outcomes().isEmpty()) {
                LOG.infof("refresh sweep: %d refreshed, %d postponed, %d need reauthorization, %d conflicts,"
                        + " %d leases lost, %d skipped", result.count(Outcome.REFRESHED),
                        result.count(Outcome.POSTPONED), result.count(Outcome.REAUTHORIZATION_REQUIRED),
                        result.count(Outcome.CONFLICT), result.count(Outcome.LEASE_LOST),
                        result.count(Outcome.SKIPPED));
            }
        }).replaceWithVoid();
    }

    /**
     * One sweep: reads the sellers due, {@code batch-size} at a time, and refreshes each with bounded concurrency
     * under the rate limit, each leased only when its turn comes, until none is due that this sweep has not tried
     * (or shutdown began).
     */
    public Uni<SweepResult> sweep() {
        String owner = instance + ":sweep:" + leases.incrementAndGet();
        return sweepFrom(owner, new LinkedHashMap<>()).map(SweepResult::new);
    }

    private Uni<Map<Long, Outcome>> sweepFrom(String owner, Map<Long, Outcome> done) {
        if (inFlight.closed()) {
            return Uni.createFrom().item(done);
        }
        OffsetDateTime now = now();
        return sellers.due(now, now.plus(config.horizon()), done.keySet(), config.batchSize()).chain(userIds -> {
            if (userIds.isEmpty()) {
                return Uni.createFrom().item(done);
            }
            return Multi.createFrom().iterable(userIds)
                    .onItem().transformToUni(userId -> refreshDue(userId, owner)
                            .map(outcome -> new SellerOutcome(userId, outcome)))
                    .merge(Math.max(1, config.concurrency()))
                    .collect().asList()
                    .chain(outcomes -> {
                        outcomes.forEach(o -> done.put(o.userId(), o.outcome()));
                        return sweepFrom(owner, done);
                    });
        });
    }

    private Uni<Outcome> refreshDue(long userId, String owner) {
        if (inFlight.closed()) {
            return Uni.createFrom().item(Outcome.SKIPPED);
        }
        return CallerContext.delay(pacing.reserveSlot(System.nanoTime())).chain(() -> {
            if (inFlight.closed()) {
                return Uni.createFrom().item(Outcome.SKIPPED);
            }
            OffsetDateTime now = now();
            return sellers.leaseIfDue(userId, owner, config.lease(), now, now.plus(config.horizon()))
                    .chain(lease -> lease.isPresent()
                            ? refreshLeased(lease.get())
                            : Uni.createFrom().item(Outcome.SKIPPED));
        });
    }

    /**
     * {@code POST /sellers/{userId}/refresh}: refresh one LINKED seller now, under the same lease and rate limit as the
     * sweep. 404 when unknown; 409 when not LINKED or another refresher holds it; 429 (with {@code Retry-After}) when
     * the rate limit has no slot within {@code manual-wait}; 503 once shutdown began, and 503
     * {@code seller-tokens-unavailable} when Vault cannot be read (nothing was called).
     */
    public Uni<Outcome> refreshNow(long userId) {
        if (inFlight.closed()) {
            return Uni.createFrom().failure(shuttingDown());
        }
        return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> {
            if (seller == null) {
                return Uni.createFrom().failure(new SellerNotFoundException(userId));
            }
            if (seller.status != SellerStatus.LINKED) {
                return Uni.createFrom().failure(new SellerConflictException(
                        "seller " + userId + " is " + seller.status + ": only a LINKED seller can be refreshed"));
            }
            RefreshPacing.Slot slot = pacing.reserveSlotWithin(System.nanoTime(), config.manualWait());
            if (!slot.reserved()) {
                metrics.refresh("skipped", "rate_limited_manual");
                return Uni.createFrom().failure(rateLimited(slot.delay()));
            }
            String owner = instance + ":manual:" + leases.incrementAndGet();
            return CallerContext.delay(slot.delay())
                    .chain(() -> sellers.leaseNow(userId, owner, config.lease()))
                    .chain(lease -> lease.isEmpty()
                            ? Uni.createFrom().failure(new SellerConflictException("seller " + userId
                                    + " is being refreshed by another refresher, or is no longer LINKED"))
                            : refreshLeased(lease.get(), true))
                    .chain(outcome -> outcome == Outcome.SKIPPED && inFlight.closed()
                            ? Uni.createFrom().failure(shuttingDown())
                            : Uni.createFrom().item(outcome));
        });
    }

    /**
     * Refreshes a seller under a lease its caller just took: reads Vault, checks the lease, and only then calls
     * Mercado Pago. Public for the test that lets a lease lapse before the check. Vault unreadable: the lease is given
     * back and the seller skipped (a later sweep retries).
     */
    public Uni<Outcome> refreshLeased(Lease lease) {
        return refreshLeased(lease, false);
    }

    /**
     * @param manual a manual refresh: Vault unreadable fails with {@link SellerTokensUnavailableException} (503
     *        {@code seller-tokens-unavailable}) once the lease is given back, instead of answering SKIPPED
     */
    private Uni<Outcome> refreshLeased(Lease lease, boolean manual) {
        long userId = lease.userId();
        return secrets.read(userId)
                .onFailure().transform(failure -> new SellerTokensUnavailableException(userId, failure))
                .chain(stored -> {
                    if (stored.isEmpty() || stored.get().refreshToken() == null) {
                        return requireReauthorization(lease, "secret_missing");
                    }
                    if (!inFlight.enter()) {
                        return sellers.release(lease, null).replaceWith(Outcome.SKIPPED);
                    }
                    return callUnderLease(lease, stored.get()).onTermination().invoke(inFlight::exit);
                })
                .onFailure(SellerTokensUnavailableException.class).recoverWithUni(failure -> {
                    LOG.warnf("refresh of seller %d not attempted: Vault could not be read (%s); its lease is given"
                            + " back and a later sweep retries", userId,
                            ((SellerTokensUnavailableException) failure).kind());
                    metrics.refresh("skipped", "vault_unavailable");
                    return manual
                            ? releaseQuietly(lease).chain(() -> Uni.createFrom().<Outcome>failure(failure))
                            : releaseQuietly(lease).replaceWith(Outcome.SKIPPED);
                })
                .onFailure(failure -> !(failure instanceof ProblemException
                        || failure instanceof SellerTokensUnavailableException))
                .recoverWithUni(failure -> {
                    LOG.errorf("refresh of seller %d failed unexpectedly (%s); its lease is given back and a later"
                            + " sweep retries", userId, failure.getClass().getSimpleName());
                    metrics.refresh("skipped", "unexpected");
                    return releaseQuietly(lease).replaceWith(Outcome.SKIPPED);
                });
    }

    /** Gives the lease back after a refresh that was not attempted; a failure to do so only lets it lapse. */
    private Uni<Void> releaseQuietly(Lease lease) {
        return sellers.release(lease, null).onFailure().recoverWithNull();
    }

    private Uni<Outcome> callUnderLease(Lease lease, SellerSecret secret) {
        long userId = lease.userId();
        int version = secret.version();
        return sellers.confirm(lease, config.lease(), version, now()).chain(confirmed -> {
            if (!confirmed) {
                LOG.warnf("refresh of seller %d not attempted: its lease lapsed or passed to another refresher"
                        + " before the call", userId);
                metrics.refresh("skipped", "lease_lost");
                return Uni.createFrom().item(Outcome.LEASE_LOST);
            }
            return tokens.refresh(application, userId, secret.refreshToken()).onItemOrFailure()
                    .transformToUni((granted, failure) -> {
                        if (failure == null) {
                            return store(lease, granted, version);
                        }
                        if (failure instanceof MercadoPagoException refused) {
                            return handleFailure(lease, version, refused);
                        }
                        return Uni.createFrom().failure(failure);
                    });
        });
    }

    /** The new pair into Vault first (check-and-set on V), then the seller's row and its event. */
    private Uni<Outcome> store(Lease lease, GrantedTokens granted, int version) {
        return writes.write(granted, version, config.storeTimeout())
                .chain(written -> recordRefresh(lease, granted, written))
                .onFailure(SellerSecrets.SecretVersionConflict.class).recoverWithUni(conflict -> {
                    // Someone wrote a newer pair (a re-link) after we read: ours must not overwrite it.
                    LOG.warnf("refresh of seller %d lost a check-and-set race; the newer secret stays", lease.userId());
                    metrics.refresh("conflict", "cas_conflict");
                    return sellers.release(lease, version).replaceWith(Outcome.CONFLICT);
                })
                .onFailure(SellerSecretWrites.VaultWriteFailed.class).recoverWithUni(failure -> {
                    LOG.errorf("the refreshed pair of seller %d could not be written to Vault within %s (%s); its"
                            + " refresh token is spent: the next refresh tells whether the pair was lost",
                            lease.userId(), config.storeTimeout(), failure.getCause().getClass().getSimpleName());
                    return postpone(lease, "store_failed", null, version);
                });
    }

    private Uni<Outcome> recordRefresh(Lease lease, GrantedTokens granted, int version) {
        long userId = lease.userId();
        return Panache.withTransaction(() -> sellers.findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .chain(seller -> {
                    OffsetDateTime now = now();
                    if (seller == null) {
                        return Uni.createFrom().item(Outcome.SKIPPED);
                    }
                    if (seller.status != SellerStatus.LINKED
                            || (seller.secretVersion != null && seller.secretVersion >= version)) {
                        seller.releaseLease(lease.owner());
                        return Uni.createFrom().item(Outcome.SKIPPED);
                    }
                    seller.refreshed(granted.expiresAt(), version, now, lease.owner());
                    return events.refreshed(seller, now).replaceWith(Outcome.REFRESHED);
                }))
                .invoke(outcome -> {
                    if (outcome == Outcome.REFRESHED) {
                        LogFields.put(userId, null);
                        LOG.infof("seller %d refreshed (secret version %d, expires %s)", userId, version,
                                granted.expiresAt());
                        metrics.refresh("refreshed", "none");
                    }
                });
    }

    private Uni<Outcome> handleFailure(Lease lease, int version, MercadoPagoException failure) {
        if (failure.invalidGrant()) {
            return refused(lease, version);
        }
        // Tokens of another user, or no tokens: the grant was used up, and nothing usable came back.
        if (failure.kind() == MercadoPagoException.Kind.INVALID_RESPONSE) {
            LOG.warnf("refresh of seller %d answered unusable tokens (%s): reauthorization required", lease.userId(),
                    failure.tag());
            return requireReauthorization(lease, failure.tag());
        }
        // A refused client, a 429, a 5xx or a timeout says nothing about the seller's refresh token: retried later.
        // When the call may have taken effect (timeout, 5xx, lost connection) the mark of V stays: if Mercado Pago
        // did rotate the token, the next refresh is refused while Vault still holds V, and knows why.
        Integer pendingAfter = failure.outcomeUnknown() ? Integer.valueOf(version) : lease.previousPendingVersion();
        if (failure.getCause() != null) {
            LOG.debugf("refresh of seller %d: %s caused by %s", lease.userId(), failure.tag(),
                    failure.getCause().getClass().getName());
        }
        return postpone(lease, failure.tag(), failure.retryAfter().orElse(null), pendingAfter);
    }

    /**
     * {@code invalid_grant}, never read alone: Vault is read again. A version that moved since this refresh read V
     * means another refresher spent the token and stored its pair: a conflict. V still current and refused: the seller
     * must link again.
     */
    private Uni<Outcome> refused(Lease lease, int version) {
        long userId = lease.userId();
        return secrets.currentVersion(userId).onItemOrFailure().transformToUni((current, failure) -> {
            if (failure != null) {
                // Vault cannot say whether another refresher won: decide later, never on a guess.
                LOG.warnf("refresh of seller %d refused, and Vault could not be read to tell why (%s); retrying"
                        + " later", userId, failure.getClass().getSimpleName());
                return postpone(lease, "vault_unavailable", null, lease.previousPendingVersion());
            }
            if (current != version) {
                LOG.infof("refresh of seller %d refused, but its Vault secret moved from version %d to %d meanwhile:"
                        + " another refresher won; the seller stays LINKED", userId, version, current);
                metrics.refresh("conflict", "refreshed_elsewhere");
                return sellers.release(lease, version).replaceWith(Outcome.CONFLICT);
            }
            boolean answerLost = Objects.equals(lease.previousPendingVersion(), version);
            if (answerLost) {
                LOG.errorf("refresh of seller %d refused while Vault still holds version %d, whose refresh token an"
                        + " earlier refresh already sent without its answer reaching Vault: the refreshed pair was"
                        + " lost; the seller must link again", userId, version);
            } else {
                LOG.warnf("refresh of seller %d refused (invalid_grant) while Vault still holds version %d:"
                        + " reauthorization required", userId, version);
            }
            return requireReauthorization(lease, answerLost ? ANSWER_LOST : "invalid_grant");
        });
    }

    private Uni<Outcome> postpone(Lease lease, String reason, Duration retryAfter, Integer pendingAfter) {
        return Panache.withTransaction(() -> sellers.findById(lease.userId(), LockModeType.PESSIMISTIC_WRITE)
                .map(seller -> {
                    if (seller == null) {
                        return Outcome.SKIPPED;
                    }
                    if (seller.leaseOwner != null && !seller.leaseOwner.equals(lease.owner())) {
                        // Another refresher holds the seller now: its outcome, not ours, is what counts.
                        return Outcome.POSTPONED;
                    }
                    OffsetDateTime now = now();
                    Duration delay = pacing.backoff(seller.refreshFailures + 1, retryAfter);
                    seller.refreshPostponed(reason, now.plus(delay), now, pendingAfter, lease.owner());
                    LOG.warnf("refresh of seller %d failed (%s, failure %d); retrying in %s", lease.userId(), reason,
                            seller.refreshFailures, delay);
                    return Outcome.POSTPONED;
                }))
                .invoke(() -> metrics.refresh("postponed", reason));
    }

    /**
     * The seller must link again, unless another refresher holds it now (then it may be that one which spent the
     * token, and its outcome decides).
     */
    private Uni<Outcome> requireReauthorization(Lease lease, String reason) {
        return Panache.withTransaction(() -> sellers.findById(lease.userId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(seller -> {
                    if (seller == null || seller.status != SellerStatus.LINKED) {
                        return Uni.createFrom().item(Outcome.SKIPPED);
                    }
                    if (!lease.owner().equals(seller.leaseOwner)) {
                        return Uni.createFrom().item(Outcome.CONFLICT);
                    }
                    OffsetDateTime now = now();
                    seller.requireReauthorization(reason, now, lease.owner());
                    return events.reauthorizationRequired(seller, reason, now)
                            .replaceWith(Outcome.REAUTHORIZATION_REQUIRED);
                }))
                .invoke(outcome -> {
                    if (outcome == Outcome.REAUTHORIZATION_REQUIRED) {
                        metrics.refresh("reauthorization_required", reason);
                        if (ANSWER_LOST.equals(reason)) {
                            metrics.refreshAnswerLost();
                        }
                    } else if (outcome == Outcome.CONFLICT) {
                        LOG.infof("seller %d is held by another refresher now: its outcome decides", lease.userId());
                        metrics.refresh("conflict", "lease_lost");
                    }
                });
    }

    private static ProblemException rateLimited(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException("refresh-rate-limited", "Too many refreshes", 429,
                "token refreshes are rate limited; retry after " + seconds + " s", Map.of(),
                Map.of("Retry-After", Long.toString(seconds)), null);
    }

    private static ProblemException shuttingDown() {
        return new ProblemException("shutting-down", "Shutting down", 503,
                "this replica is shutting down; retry (another replica can refresh)", Map.of(),
                Map.of("Retry-After", "1"), null);
    }

    private OffsetDateTime now() {
        return Timestamps.now(clock);
    }

    /** Refreshes past their lease check; the gate closes once shutdown begins. */
    static final class RefreshesInFlight {
        private boolean closed;
        private long closedAtNanos;
        private int count;

        synchronized boolean enter() {
            if (closed) {
                return false;
            }
            count++;
            return true;
        }

        synchronized void exit() {
            count--;
            notifyAll();
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                closedAtNanos = System.nanoTime();
            }
        }

        synchronized boolean closed() {
            return closed;
        }

        synchronized int count() {
            return count;
        }

        /** Closes the gate and waits until none is in flight or {@code bound} passed since it closed. */
        synchronized int awaitEmpty(Duration bound) {
            close();
            long deadline = closedAtNanos + bound.toNanos();
            while (count > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return count;
        }
    }
}
