package dev.mpmarketplace.linking.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.linking.repository.SellerRepository;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.oauth.ApplicationCredentials;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokens;
import dev.mpmarketplace.sellertokens.SellerSecret;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Renews sellers' tokens before they expire, exactly one refresher per seller across sweeps and replicas.
 * <p>
 * Per seller, in this order (docs/services/seller-linking-service.md analyses a crash at each step):
 * <ol>
 * <li>lease the row ({@code FOR UPDATE SKIP LOCKED}, a lease that lapses);</li>
 * <li>read the refresh token and its Vault version;</li>
 * <li>call {@code /oauth/token} (the old refresh token is spent from here on);</li>
 * <li>write the new pair to Vault with check-and-set on the version read, before anything else;</li>
 * <li>in one transaction: the seller's new expiry and version, the "refreshed" event, the lease released.</li>
 * </ol>
 * {@code invalid_grant}: REAUTHORIZATION_REQUIRED and its event. Any other failure (429, 5xx, timeouts, a refused
 * client): status unchanged, retried after an exponential back-off, counted.
 */
@ApplicationScoped
public class SellerTokenRefresher {

    private static final Logger LOG = Logger.getLogger(SellerTokenRefresher.class);

    /** What happened to one seller. */
    public enum Outcome {
        REFRESHED, REAUTHORIZATION_REQUIRED, POSTPONED, CONFLICT, SKIPPED
    }

    /** What one sweep did, per seller it leased. */
    public record SweepResult(Map<Long, Outcome> outcomes) {
        public long count(Outcome outcome) {
            return outcomes.values().stream().filter(outcome::equals).count();
        }
    }

    private record SellerOutcome(long userId, Outcome outcome) {
    }

    private final SellerRepository sellers;
    private final SellerSecrets secrets;
    private final OAuthTokens tokens;
    private final ApplicationCredentials application;
    private final SellerEvents events;
    private final SellerMetrics metrics;
    private final LinkingConfig.Refresh config;
    private final RefreshPacing pacing;
    private final Clock clock;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong sweeps = new AtomicLong();

    public SellerTokenRefresher(SellerRepository sellers, SellerSecrets secrets, OAuthTokens tokens,
            SellerEvents events, SellerMetrics metrics, LinkingConfig config, Clock clock) {
        this.sellers = sellers;
        this.secrets = secrets;
        this.tokens = tokens;
        this.application = SellerLinking.credentials(config);
        this.events = events;
        this.metrics = metrics;
        this.config = config.refresh();
        this.pacing = RefreshPacing.withSystemRandom(this.config.jitter(), this.config.backoffInitial(),
                this.config.backoffMax(), this.config.ratePerSecond());
        this.clock = clock;
    }

    @Scheduled(every = "${linking.refresh.every:1H}", delayed = "30S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledSweep() {
        return sweep().invoke(result -> {
            if (!result.outcomes().isEmpty()) {
                LOG.infof("refresh sweep: %d refreshed, %d postponed, %d need reauthorization, %d conflicts",
                        result.count(Outcome.REFRESHED), result.count(Outcome.POSTPONED),
                        result.count(Outcome.REAUTHORIZATION_REQUIRED), result.count(Outcome.CONFLICT));
            }
        }).replaceWithVoid();
    }

    /**
     * One sweep: lease the sellers due, {@code batch-size} at a time, and refresh each chunk with bounded concurrency,
     * jitter and the rate limit, until none is due (a seller leased twice in one sweep ends it: only a lost race
     * re-offers one).
     */
    public Uni<SweepResult> sweep() {
        String owner = instance + ":" + sweeps.incrementAndGet();
        return sweepFrom(owner, new java.util.LinkedHashMap<>()).map(SweepResult::new);
    }

    private Uni<Map<Long, Outcome>> sweepFrom(String owner, Map<Long, Outcome> done) {
        OffsetDateTime now = now();
        return sellers.leaseDue(owner, now, now.plus(config.horizon()), now.plus(config.lease()), config.batchSize())
                .chain(userIds -> {
                    if (userIds.isEmpty() || done.keySet().containsAll(userIds)) {
                        return Uni.createFrom().item(done);
                    }
                    return Multi.createFrom().iterable(userIds)
                            .onItem().transformToUni(userId -> CallerContext.delay(pacing.jitterDelay())
                                    .chain(() -> CallerContext.delay(pacing.reserveSlot(System.nanoTime())))
                                    .chain(() -> refreshLeased(userId, owner))
                                    .map(outcome -> new SellerOutcome(userId, outcome)))
                            .merge(Math.max(1, config.concurrency()))
                            .collect().asList()
                            .chain(outcomes -> {
                                outcomes.forEach(o -> done.put(o.userId(), o.outcome()));
                                return sweepFrom(owner, done);
                            });
                });
    }

    /** {@code POST /sellers/{userId}/refresh}: refresh one LINKED seller now, unless another refresher holds it. */
    public Uni<Outcome> refreshNow(long userId) {
        OffsetDateTime now = now();
        String owner = instance + ":now:" + sweeps.incrementAndGet();
        return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> {
            if (seller == null) {
                return Uni.createFrom().failure(new SellerNotFoundException(userId));
            }
            if (seller.status != SellerStatus.LINKED) {
                return Uni.createFrom().failure(new SellerConflictException(
                        "seller " + userId + " is " + seller.status + ": only a LINKED seller can be refreshed"));
            }
            return sellers.leaseOne(userId, owner, now, now.plus(config.lease())).chain(leased -> leased.isEmpty()
                    ? Uni.createFrom().failure(new SellerConflictException(
                            "seller " + userId + " is being refreshed by another refresher"))
                    : refreshLeased(userId, owner));
        });
    }

    private Uni<Outcome> refreshLeased(long userId, String owner) {
        return secrets.read(userId).chain(stored -> {
            if (stored.isEmpty() || stored.get().refreshToken() == null) {
                return requireReauthorization(userId, "secret_missing");
            }
            SellerSecret secret = stored.get();
            return tokens.refresh(application, userId, secret.refreshToken())
                    .chain(granted -> secrets.write(granted, secret.version())
                            .chain(version -> recordRefresh(userId, granted, version)))
                    .onFailure(MercadoPagoException.class)
                    .recoverWithUni(failure -> handleFailure(userId, (MercadoPagoException) failure))
                    .onFailure(SellerSecrets.SecretVersionConflict.class).recoverWithUni(conflict -> {
                        // Someone wrote a newer pair (a re-link) after we read: ours must not overwrite it.
                        LOG.warnf("refresh of seller %d lost a check-and-set race; the newer secret stays", userId);
                        metrics.refreshFailed("cas_conflict");
                        return sellers.release(userId, owner).replaceWith(Outcome.CONFLICT);
                    });
        }).onFailure(failure -> !(failure instanceof SellerNotFoundException)).recoverWithUni(failure -> {
            LOG.errorf("refresh of seller %d failed unexpectedly (%s); its lease lapses and a later sweep retries",
                    userId, failure.getClass().getSimpleName());
            metrics.refreshFailed("unexpected");
            return Uni.createFrom().item(Outcome.SKIPPED);
        });
    }

    private Uni<Outcome> recordRefresh(long userId, GrantedTokens granted, int version) {
        return Panache.withTransaction(() -> sellers.findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .chain(seller -> {
                    OffsetDateTime now = now();
                    if (seller == null || seller.status != SellerStatus.LINKED
                            || (seller.secretVersion != null && seller.secretVersion >= version)) {
                        return Uni.createFrom().item(Outcome.SKIPPED);
                    }
                    seller.refreshed(granted.expiresAt(), version, now);
                    return events.refreshed(seller, now).replaceWith(Outcome.REFRESHED);
                }))
                .invoke(outcome -> {
                    if (outcome == Outcome.REFRESHED) {
                        LogFields.put(userId, null);
                        LOG.infof("seller %d refreshed (secret version %d, expires %s)", userId, version,
                                granted.expiresAt());
                        metrics.refreshSucceeded();
                    }
                });
    }

    private Uni<Outcome> handleFailure(long userId, MercadoPagoException failure) {
        metrics.refreshFailed(failure.tag());
        // Only the grant itself being refused (or tokens of another user) ends the link; a refused client, a 429,
        // a 5xx or a timeout says nothing about the seller's refresh token, which is tried again later.
        if (failure.invalidGrant() || failure.kind() == MercadoPagoException.Kind.INVALID_RESPONSE) {
            LOG.warnf("refresh of seller %d refused (%s): reauthorization required", userId, failure.tag());
            return requireReauthorization(userId, failure.tag());
        }
        return Panache.withTransaction(() -> sellers.findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .map(seller -> {
                    if (seller == null) {
                        return Outcome.SKIPPED;
                    }
                    OffsetDateTime now = now();
                    Duration delay = pacing.backoff(seller.refreshFailures + 1, failure.retryAfter().orElse(null));
                    seller.refreshPostponed(failure.tag(), now.plus(delay), now);
                    LOG.warnf("refresh of seller %d failed (%s, failure %d); retrying in %s", userId, failure.tag(),
                            seller.refreshFailures, delay);
                    return Outcome.POSTPONED;
                }));
    }

    private Uni<Outcome> requireReauthorization(long userId, String reason) {
        return Panache.withTransaction(() -> sellers.findById(userId, LockModeType.PESSIMISTIC_WRITE)
                .chain(seller -> {
                    if (seller == null || seller.status != SellerStatus.LINKED) {
                        return Uni.createFrom().item(Outcome.SKIPPED);
                    }
                    OffsetDateTime now = now();
                    seller.requireReauthorization(reason, now);
                    return events.reauthorizationRequired(seller, reason, now)
                            .replaceWith(Outcome.REAUTHORIZATION_REQUIRED);
                }));
    }

    private OffsetDateTime now() {
        return Timestamps.now(clock);
    }
}
