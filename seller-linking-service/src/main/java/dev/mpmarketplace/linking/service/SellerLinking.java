package dev.mpmarketplace.linking.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.LinkAttempt;
import dev.mpmarketplace.linking.LinkInvitation;
import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.linking.repository.LinkAttemptRepository;
import dev.mpmarketplace.linking.repository.LinkInvitationRepository;
import dev.mpmarketplace.linking.repository.SellerRepository;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.oauth.ApplicationCredentials;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokens;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * The OAuth link, started by the marketplace's backend: {@link #invite} answers a single-use, short-lived URL for one
 * marketplace reference; {@link #follow} (the seller's browser following it) consumes it, creates a single-use state
 * and a PKCE verifier and answers Mercado Pago's consent URL; {@link #complete} consumes the state, exchanges the code,
 * stores the tokens in Vault (check-and-set, retried through a short Vault outage: {@link SellerSecretWrites}), then
 * records the seller and its "linked" event in one transaction.
 * <p>
 * One marketplace reference per linked seller: a Mercado Pago account linked under one reference cannot be linked
 * under another, and a reference linked to one account cannot be taken by another, while linked (also a unique index
 * in the database); unlinking frees both.
 */
@ApplicationScoped
public class SellerLinking {

    private static final Logger LOG = Logger.getLogger(SellerLinking.class);
    /** The service's own landing pages. */
    public static final String SUCCESS_PAGE = "/sellers/link/success";
    /**
     * The reason of a link whose granted pair Vault did not take within {@code linking.link.store-timeout}: the
     * link-failed event's, the metric's and the failure page's {@code reason}.
     */
    public static final String VAULT_UNAVAILABLE = "vault_unavailable";
    /** Where a link URL points: this path and its single-use token. */
    public static final String LINK_PATH = "/sellers/link/";
    /**
     * A marketplace reference: letters, digits and {@code . _ : @ -}, starting with a letter or digit, at most 128
     * characters. It appears in events, logs and URLs, so nothing else is accepted.
     */
    static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    /**
     * The {@code error} values of RFC 6749 section 4.1.2.1 that a callback may carry; any other value is recorded as
     * {@code other}, so a caller can never choose a metric series or an event's reason.
     */
    private static final Set<String> CALLBACK_ERRORS = Set.of("access_denied", "invalid_request",
            "unauthorized_client", "unsupported_response_type", "invalid_scope", "server_error",
            "temporarily_unavailable");

    private final LinkAttemptRepository attempts;
    private final LinkInvitationRepository invitations;
    private final LinkStartLimiter limiter;
    private final SellerRepository sellers;
    private final OAuthTokens tokens;
    private final SellerSecretWrites writes;
    private final SellerEvents events;
    private final SellerMetrics metrics;
    private final LinkingConfig config;
    private final Clock clock;

    public SellerLinking(LinkAttemptRepository attempts, LinkInvitationRepository invitations,
            SellerRepository sellers, OAuthTokens tokens, SellerSecretWrites writes, SellerEvents events,
            SellerMetrics metrics, LinkingConfig config, Clock clock) {
        this.attempts = attempts;
        this.invitations = invitations;
        this.limiter = new LinkStartLimiter(config.link().startsPerReferencePerMinute());
        this.sellers = sellers;
        this.tokens = tokens;
        this.writes = writes;
        this.events = events;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /** Where the callback sends the seller. */
    public record Landing(URI location) {
    }

    /** A link attempt consumed by its callback. */
    private record UsedAttempt(String stateHash, String reference, String returnTo, String codeVerifier) {
    }

    /** A link URL for the seller's browser, and until when it can be followed. */
    public record Invitation(URI url, OffsetDateTime expiresAt) {
    }

    /**
     * Starts a link for the marketplace's seller {@code reference} ({@code POST /sellers/links}): answers a single-use
     * URL, valid {@code linking.link.url-ttl}, that the seller's browser follows to Mercado Pago's consent page.
     *
     * @param requestedBy the subject of the backend's token, kept with the link
     */
    public Uni<Invitation> invite(String reference, String returnTo, String requestedBy) {
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            return Uni.createFrom().failure(new LinkRefusedException("invalid-reference", 400,
                    "reference is required: letters, digits and . _ : @ -, starting with a letter or digit, at most"
                            + " 128 characters"));
        }
        if (returnTo != null && !isAllowedReturnUrl(returnTo)) {
            return Uni.createFrom().failure(new LinkRefusedException("return-to-not-allowed", 400,
                    "return_to is not one of the allowed return URLs"));
        }
        long retryAfter = limiter.acquire(reference, clock.millis());
        if (retryAfter > 0) {
            return Uni.createFrom().failure(new ProblemException("too-many-link-starts", "Too many link starts", 429,
                    "too many links started for this reference; retry later", Map.of(),
                    Map.of("Retry-After", Long.toString(retryAfter)), null));
        }
        String token = LinkSecrets.newState();
        OffsetDateTime now = now();
        LinkInvitation invitation = new LinkInvitation();
        invitation.tokenHash = LinkSecrets.hashState(token);
        invitation.reference = reference;
        invitation.returnTo = returnTo;
        invitation.requestedBy = requestedBy;
        invitation.createdAt = now;
        invitation.expiresAt = now.plus(config.link().urlTtl());
        return Panache.withTransaction(() -> invitations.persist(invitation))
                .map(saved -> new Invitation(URI.create(stripSlash(config.link().publicUrl()) + LINK_PATH + token),
                        saved.expiresAt));
    }

    /**
     * The seller's browser followed a link URL: consumes it (single use) and answers Mercado Pago's consent URL.
     *
     * @throws LinkRefusedException (as the failure) {@code invalid-link} for an unknown, used or expired token
     */
    public Uni<URI> follow(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(invalidLink());
        }
        String tokenHash = LinkSecrets.hashState(token);
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> invitations.findById(tokenHash, LockModeType.PESSIMISTIC_WRITE)
                .map(invitation -> {
                    if (invitation == null || invitation.usedAt != null || !invitation.expiresAt.isAfter(now)) {
                        throw invalidLink();
                    }
                    invitation.usedAt = now;
                    return invitation;
                }))
                .chain(invitation -> start(invitation.reference, invitation.returnTo));
    }

    /** Creates the state and PKCE verifier of one consent, and answers the consent page URL. */
    private Uni<URI> start(String reference, String returnTo) {
        String state = LinkSecrets.newState();
        String verifier = LinkSecrets.newCodeVerifier();
        OffsetDateTime now = now();
        LinkAttempt attempt = new LinkAttempt();
        attempt.stateHash = LinkSecrets.hashState(state);
        attempt.reference = reference;
        attempt.returnTo = returnTo;
        attempt.codeVerifier = verifier;
        attempt.createdAt = now;
        attempt.expiresAt = now.plus(config.link().stateTtl());
        return Panache.withTransaction(() -> attempts.persist(attempt))
                .map(saved -> authorizationUrl(state, LinkSecrets.s256Challenge(verifier)));
    }

    /**
     * Completes a link from Mercado Pago's redirect.
     *
     * @throws LinkRefusedException (as the failure) for an unknown, expired or used state, a refused code, or an
     *         unavailable Mercado Pago; nothing is stored then
     */
    public Uni<Landing> complete(String code, String state, String error) {
        if (state == null || state.isBlank()) {
            return Uni.createFrom().failure(invalidState());
        }
        String stateHash = LinkSecrets.hashState(state);
        return Panache.withTransaction(() -> consume(stateHash)).chain(attempt -> {
            if (error != null) {
                String reason = CALLBACK_ERRORS.contains(error) ? error : "other";
                return failed(attempt, reason).map(ignored -> new Landing(failureUrl(reason)));
            }
            if (code == null || code.isBlank()) {
                return failed(attempt, "missing_code").chain(() -> Uni.createFrom()
                        .failure(new LinkRefusedException("missing-code", 400, "the callback carried no code")));
            }
            return tokens.exchangeCode(credentials(config), code, config.mercadopago().redirectUri(),
                    attempt.codeVerifier())
                    .onFailure(MercadoPagoException.class).call(failure -> failed(attempt,
                            ((MercadoPagoException) failure).tag()))
                    .onFailure(MercadoPagoException.class)
                    .transform(failure -> refusedExchange((MercadoPagoException) failure))
                    .chain(granted -> store(granted, attempt.reference(), attempt)
                            .map(seller -> new Landing(attempt.returnTo() != null
                                    ? URI.create(attempt.returnTo())
                                    : URI.create(SUCCESS_PAGE)))
                            .onFailure(SellerSecretWrites.VaultWriteFailed.class)
                            .recoverWithUni(failure -> vaultUnavailable(granted.userId(), attempt, failure)));
        });
    }

    /**
     * Vault did not take the granted pair within {@code linking.link.store-timeout}: the code is spent, so the grant
     * is lost, and only a new link can replace it. The attempt is recorded failed ({@code vault_unavailable}: event
     * and metric, like every failed link) and the seller lands on the failure page with that reason, which tells the
     * marketplace to offer a new link (decision 0028).
     */
    private Uni<Landing> vaultUnavailable(long userId, UsedAttempt attempt, Throwable failure) {
        LOG.errorf("the tokens Mercado Pago granted seller %d (reference %s) could not be written to Vault within %s"
                + " (%s); the grant is lost: the seller is sent to start the link again", userId,
                LogFields.safe(attempt.reference()), config.link().storeTimeout(),
                failure.getCause() == null ? "unknown" : failure.getCause().getClass().getSimpleName());
        return failed(attempt, VAULT_UNAVAILABLE).map(ignored -> new Landing(failureUrl(VAULT_UNAVAILABLE)));
    }

    /** Forgets link attempts and link URLs a day after they expired (used or not): they can never be used again. */
    @io.quarkus.scheduler.Scheduled(every = "1H", delayed = "1M", concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpiredAttempts() {
        OffsetDateTime cutoff = now().minusDays(1);
        return Panache.withTransaction(() -> attempts.delete("expiresAt < ?1", cutoff)
                .chain(() -> invitations.delete("expiresAt < ?1", cutoff))).replaceWithVoid();
    }

    private Uni<UsedAttempt> consume(String stateHash) {
        OffsetDateTime now = now();
        return attempts.findById(stateHash, LockModeType.PESSIMISTIC_WRITE).map(attempt -> {
            if (attempt == null) {
                throw invalidState();
            }
            if (attempt.usedAt != null) {
                throw invalidState();
            }
            String verifier = attempt.codeVerifier;
            attempt.usedAt = now;
            attempt.codeVerifier = null;
            if (attempt.expiresAt.isBefore(now)) {
                throw invalidState();
            }
            return new UsedAttempt(attempt.stateHash, attempt.reference, attempt.returnTo, verifier);
        });
    }

    private Uni<Void> failed(UsedAttempt attempt, String reason) {
        OffsetDateTime now = now();
        LOG.infof("link of reference %s failed: %s", LogFields.safe(attempt.reference()), reason);
        metrics.linkFailed(reason);
        return Panache.withTransaction(() -> events.linkFailed(attempt.reference(), attempt.stateHash(), reason, now))
                .replaceWithVoid();
    }

    /**
     * Checks the reference binding, then Vault (check-and-set on the version found), then the seller row and its
     * event in one transaction, which checks the binding again under the row lock (and the unique index backs it).
     */
    private Uni<Seller> store(GrantedTokens granted, String reference, UsedAttempt attempt) {
        return Panache.withSession(() -> checkReference(granted.userId(), reference))
                .onFailure(LinkRefusedException.class).call(refused -> failed(attempt,
                        ((LinkRefusedException) refused).reason().replace('-', '_')))
                .chain(() -> writes.writeOverCurrent(granted, config.link().storeTimeout(), 3))
                .chain(version -> Panache.withTransaction(() -> checkReference(
                        granted.userId(), reference).chain(
                                () -> sellers.findById(granted.userId(),
                                        LockModeType.PESSIMISTIC_WRITE))
                        .chain(existing -> {
                            OffsetDateTime now = now();
                            boolean relinked = existing != null;
                            Seller seller = existing;
                            if (relinked) {
                                seller.relink(reference, granted, version, now);
                            } else {
                                seller = Seller.linked(granted.userId(), reference, granted, version, now);
                            }
                            Seller saved = seller;
                            return sellers.persist(saved).chain(() -> events.linked(saved, relinked, now))
                                    .replaceWith(saved);
                        })))
                .invoke(seller -> {
                    LogFields.put(seller.userId, null);
                    LOG.infof("seller %d linked (reference %s, secret version %d)", seller.userId,
                            LogFields.safe(seller.reference), seller.secretVersion);
                    metrics.linked();
                });
    }

    private URI authorizationUrl(String state, String challenge) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", config.mercadopago().clientId());
        query.put("response_type", "code");
        query.put("platform_id", "mp");
        query.put("state", state);
        query.put("redirect_uri", config.mercadopago().redirectUri());
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        return URI.create(config.mercadopago().authorizationUrl() + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private URI failureUrl(String error) {
        String base = config.link().failureUrl();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "reason="
                + URLEncoder.encode(error, StandardCharsets.UTF_8));
    }

    private boolean isAllowedReturnUrl(String returnTo) {
        URI candidate;
        try {
            candidate = URI.create(returnTo).normalize();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (candidate.getRawUserInfo() != null || candidate.getHost() == null) {
            return false;
        }
        List<String> allowed = config.link().allowedReturnUrls().orElse(List.of());
        String normalized = candidate.toString();
        return allowed.stream().anyMatch(prefix -> normalized.equals(prefix)
                || normalized.startsWith(prefix.endsWith("/") ? prefix : prefix + "/")
                || normalized.startsWith(prefix + "?"));
    }

    /** The marketplace application's credentials, as configured. */
    static ApplicationCredentials credentials(LinkingConfig config) {
        return new ApplicationCredentials(config.mercadopago().clientId(), config.mercadopago().clientSecret());
    }

    private static LinkRefusedException refusedExchange(MercadoPagoException failure) {
        return failure.retryable()
                ? new LinkRefusedException("mercadopago-unavailable", 502,
                        "Mercado Pago could not complete the authorization; start the link again")
                : new LinkRefusedException("authorization-failed", 400,
                        "Mercado Pago refused the authorization code; start the link again");
    }

    /**
     * Refuses a link that would bind a Mercado Pago account to a second marketplace reference, or a reference to a
     * second account, while the first binding is linked.
     */
    private Uni<Void> checkReference(long userId, String reference) {
        return sellers.find("(userId = ?1 and reference <> ?2 or userId <> ?1 and reference = ?2) and status <> ?3",
                userId, reference, SellerStatus.UNLINKED).count().map(conflicts -> {
                    if (conflicts > 0) {
                        throw new LinkRefusedException("reference-conflict", 409,
                                "this Mercado Pago account or this marketplace reference is already linked to another;"
                                        + " unlink it first");
                    }
                    return null;
                });
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static LinkRefusedException invalidLink() {
        return new LinkRefusedException("invalid-link", 400,
                "unknown, expired or already used link; ask the marketplace for a new one");
    }

    private static LinkRefusedException invalidState() {
        return new LinkRefusedException("invalid-state", 400,
                "unknown, expired or already used state; start the link again");
    }

    private OffsetDateTime now() {
        return Timestamps.now(clock);
    }
}
