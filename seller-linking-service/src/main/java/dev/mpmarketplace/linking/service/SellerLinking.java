package dev.mpmarketplace.linking.service;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.GrantedTokens;
import dev.mpmarketplace.linking.LinkAttempt;
import dev.mpmarketplace.linking.Seller;
import dev.mpmarketplace.linking.client.MercadoPagoTokenClient;
import dev.mpmarketplace.linking.client.SellerSecretStore;
import dev.mpmarketplace.linking.client.TokenGrantFailure;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.linking.messaging.SellerEventRelay;
import dev.mpmarketplace.linking.repository.LinkAttemptRepository;
import dev.mpmarketplace.linking.repository.SellerRepository;

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

    private final LinkAttemptRepository attempts;
    private final SellerRepository sellers;
    private final MercadoPagoTokenClient tokens;
    private final SellerSecretStore secrets;
    private final SellerEventOutbox events;
    private final SellerEventRelay relay;
    private final SellerMetrics metrics;
    private final LinkingConfig config;
    private final Clock clock;

    public SellerLinking(LinkAttemptRepository attempts, SellerRepository sellers, MercadoPagoTokenClient tokens,
            SellerSecretStore secrets, SellerEventOutbox events, SellerEventRelay relay, SellerMetrics metrics,
            LinkingConfig config, Clock clock) {
        this.attempts = attempts;
        this.sellers = sellers;
        this.tokens = tokens;
        this.secrets = secrets;
        this.events = events;
        this.relay = relay;
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
                return failed(attempt, error).map(ignored -> new Landing(failureUrl(error)));
            }
            if (code == null || code.isBlank()) {
                return failed(attempt, "missing_code").chain(() -> Uni.createFrom()
                        .failure(new LinkRefusedException("missing-code", 400, "the callback carried no code")));
            }
            return tokens.exchangeCode(code, attempt.codeVerifier())
                    .onFailure(TokenGrantFailure.class).call(failure -> failed(attempt,
                            ((TokenGrantFailure) failure).reason().tag()))
                    .onFailure(TokenGrantFailure.class)
                    .transform(failure -> refusedExchange((TokenGrantFailure) failure))
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
        LOG.infof("link of reference %s failed: %s", attempt.reference(), reason);
        metrics.linkFailed(reason);
        return Panache.withTransaction(() -> events.linkFailed(attempt.reference(), attempt.stateHash(), reason, now))
                .invoke(relay::wakeUp).replaceWithVoid();
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
                    LOG.infof("seller %d linked (reference %s, secret version %d)", seller.userId, seller.reference,
                            seller.secretVersion);
                    metrics.linked();
                    relay.wakeUp();
                });
    }

    private Uni<Integer> writeSecret(GrantedTokens granted, int attemptsLeft) {
        return secrets.currentVersion(granted.userId())
                .chain(version -> secrets.write(granted, version))
                .onFailure(SellerSecretStore.SecretVersionConflict.class)
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

    private static LinkRefusedException refusedExchange(TokenGrantFailure failure) {
        return failure.reason().retryable() && failure.reason() != TokenGrantFailure.Reason.REJECTED
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
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
