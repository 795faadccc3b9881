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
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.LinkAttempt;
import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.linking.repository.LinkAttemptRepository;
import dev.mpmarketplace.linking.repository.SellerRepository;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.oauth.ApplicationCredentials;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.mercadopago.client.oauth.OAuthTokens;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * The OAuth link: {@link #start} creates a single-use state and a PKCE verifier and answers Mercado Pago's consent
 * URL; {@link #complete} consumes the state, exchanges the code, stores the tokens in Vault (check-and-set), then
 * records the seller and its "linked" event in one transaction.
 */
@ApplicationScoped
public class SellerLinking {

    private static final Logger LOG = Logger.getLogger(SellerLinking.class);
    /** The service's own landing pages. */
    public static final String SUCCESS_PAGE = "/sellers/link/success";
    private static final int MAX_REFERENCE_LENGTH = 200;
    /**
     * The {@code error} values of RFC 6749 section 4.1.2.1 that a callback may carry; any other value is recorded as
     * {@code other}, so a caller can never choose a metric series or an event's reason.
     */
    private static final Set<String> CALLBACK_ERRORS = Set.of("access_denied", "invalid_request",
            "unauthorized_client", "unsupported_response_type", "invalid_scope", "server_error",
            "temporarily_unavailable");

    private final LinkAttemptRepository attempts;
    private final SellerRepository sellers;
    private final OAuthTokens tokens;
    private final SellerSecrets secrets;
    private final SellerEvents events;
    private final SellerMetrics metrics;
    private final LinkingConfig config;
    private final Clock clock;

    public SellerLinking(LinkAttemptRepository attempts, SellerRepository sellers, OAuthTokens tokens,
            SellerSecrets secrets, SellerEvents events, SellerMetrics metrics, LinkingConfig config, Clock clock) {
        this.attempts = attempts;
        this.sellers = sellers;
        this.tokens = tokens;
        this.secrets = secrets;
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

    /** Starts a link for the marketplace's seller {@code reference}; answers the consent page URL. */
    public Uni<URI> start(String reference, String returnTo) {
        if (reference == null || reference.isBlank() || reference.length() > MAX_REFERENCE_LENGTH) {
            return Uni.createFrom().failure(new LinkRefusedException("invalid-reference", 400,
                    "reference is required (at most " + MAX_REFERENCE_LENGTH + " characters)"));
        }
        if (returnTo != null && !isAllowedReturnUrl(returnTo)) {
            return Uni.createFrom().failure(new LinkRefusedException("return-to-not-allowed", 400,
                    "return_to is not one of the allowed return URLs"));
        }
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
                    .chain(granted -> store(granted, attempt.reference()))
                    .map(seller -> new Landing(attempt.returnTo() != null
                            ? URI.create(attempt.returnTo())
                            : URI.create(SUCCESS_PAGE)));
        });
    }

    /** Forgets link attempts a day after they expired (used or not): they can never be used again. */
    @io.quarkus.scheduler.Scheduled(every = "1H", delayed = "1M", concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpiredAttempts() {
        OffsetDateTime cutoff = now().minusDays(1);
        return Panache.withTransaction(() -> attempts.delete("expiresAt < ?1", cutoff)).replaceWithVoid();
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

    /** Vault first (check-and-set on the version found), then the seller row and its event in one transaction. */
    private Uni<Seller> store(GrantedTokens granted, String reference) {
        return writeSecret(granted, 3).chain(version -> Panache.withTransaction(() -> sellers.findById(
                granted.userId(), LockModeType.PESSIMISTIC_WRITE).chain(existing -> {
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

    private Uni<Integer> writeSecret(GrantedTokens granted, int attemptsLeft) {
        return secrets.currentVersion(granted.userId())
                .chain(version -> secrets.write(granted, version))
                .onFailure(SellerSecrets.SecretVersionConflict.class)
                .recoverWithUni(conflict -> attemptsLeft > 1
                        ? writeSecret(granted, attemptsLeft - 1)
                        : Uni.createFrom().failure(conflict));
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

    private static LinkRefusedException invalidState() {
        return new LinkRefusedException("invalid-state", 400,
                "unknown, expired or already used state; start the link again");
    }

    private OffsetDateTime now() {
        return Timestamps.now(clock);
    }
}
