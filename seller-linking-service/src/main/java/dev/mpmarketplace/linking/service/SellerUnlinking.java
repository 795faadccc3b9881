package dev.mpmarketplace.linking.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.repository.SellerRepository;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.users.SellerTokenProbe;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.sellertokens.SellerSecret;
import dev.mpmarketplace.sellertokens.SellerSecrets;
import dev.mpmarketplace.sellertokens.SellerTokensUnavailableException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Unlinking, by the marketplace ({@code DELETE /sellers/{userId}}) or by the seller revoking the application in
 * Mercado Pago, and the {@code mp-connect} notifications that may say so.
 * <p>
 * A notification is a hint, never a fact: its body is not signed (Mercado Pago signs only {@code data.id}, the
 * request id and the time) and legacy IPN is not signed at all, so a deauthorization is believed only when Mercado
 * Pago confirms it: the seller's current access token, probed with {@code GET /users/me}, is refused (401). A token
 * that still works means the notification is false, stale (the seller linked again since) or about a token that was
 * already replaced: it is recorded {@code unconfirmed} and nothing changes. A probe that gets no answer (429, 5xx,
 * timeout) fails the record, which the consumer retries; it is never read as a revocation.
 * <p>
 * A confirmed revocation destroys the Vault secret first (only if it is still the version that was probed, so a link
 * made meanwhile survives), then writes the seller's status, the "unlinked" event and the processed record in one
 * transaction. A crash in between leaves the secret gone and the notification unprocessed: its redelivery probes again
 * (the token is gone, so it counts as dead) and completes the rest.
 */
@ApplicationScoped
public class SellerUnlinking {

    private static final Logger LOG = Logger.getLogger(SellerUnlinking.class);

    /** The consumer name under which mp-connect notifications are recorded as processed. */
    public static final String CONSUMER = "mp-connect";

    public static final String DEAUTHORIZED = "application.deauthorized";
    public static final String AUTHORIZED = "application.authorized";

    /** What an mp-connect notification ended as (recorded, and the metric's {@code outcome}). */
    public static final String UNLINKED = "unlinked";
    public static final String UNCONFIRMED = "unconfirmed";
    public static final String CONFIRMED = "confirmed";
    public static final String UNKNOWN_SELLER = "unknown_seller";
    public static final String ALREADY_UNLINKED = "already_unlinked";
    public static final String IGNORED = "ignored";

    private final SellerRepository sellers;
    private final ProcessedEvents processed;
    private final SellerSecrets secrets;
    private final SellerTokenProbe probe;
    private final SellerEvents events;
    private final SellerMetrics metrics;
    private final Clock clock;

    public SellerUnlinking(SellerRepository sellers, ProcessedEvents processed, SellerSecrets secrets,
            SellerTokenProbe probe, SellerEvents events, SellerMetrics metrics, Clock clock) {
        this.sellers = sellers;
        this.processed = processed;
        this.secrets = secrets;
        this.probe = probe;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * {@code DELETE /sellers/{userId}}: destroys the tokens, sets UNLINKED, emits "unlinked". Vault first: while it
     * cannot be reached this fails with {@link SellerTokensUnavailableException} (503 {@code seller-tokens-unavailable})
     * and the seller stays as it was, LINKED (its secret too, unless a destroy took effect whose answer was lost); the
     * same request repeated once Vault is back completes the unlink (destroying nothing is a success).
     */
    public Uni<Void> unlinkByMarketplace(long userId) {
        return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> {
            if (seller == null) {
                return Uni.createFrom().failure(new SellerNotFoundException(userId));
            }
            if (seller.status == SellerStatus.UNLINKED) {
                return Uni.createFrom().voidItem();
            }
            String cause = "marketplace:" + UUID.randomUUID();
            return secrets.destroy(userId)
                    .onFailure().transform(failure -> new SellerTokensUnavailableException(userId, "destroyed in",
                            failure))
                    .chain(() -> Panache.withTransaction(() -> unlink(userId, "marketplace_unlinked", cause, null)))
                    .replaceWithVoid();
        });
    }

    /**
     * Handles one {@code mp-connect} notification once: a redelivery (same CloudEvent id) does nothing.
     *
     * @param userId the seller the notification names (a hint: it only says whom to ask about)
     * @param action what the notification claims
     * @return the outcome recorded; fails with a retryable {@link MercadoPagoException} when Mercado Pago could not
     *         be asked
     */
    public Uni<String> handleConnectNotification(String eventId, Long userId, String action) {
        return processed.outcomeOf(CONSUMER, eventId).chain(done -> {
            if (done.isPresent()) {
                return Uni.createFrom().item(ProcessedEvents.DUPLICATE);
            }
            if (userId == null || !(DEAUTHORIZED.equals(action) || AUTHORIZED.equals(action))) {
                return record(eventId, IGNORED);
            }
            return Panache.withSession(() -> sellers.findById(userId)).chain(seller -> {
                if (seller == null) {
                    return record(eventId, UNKNOWN_SELLER);
                }
                if (AUTHORIZED.equals(action)) {
                    // No effect either way: linking completes through the OAuth callback, never through this.
                    return record(eventId, CONFIRMED);
                }
                if (seller.status == SellerStatus.UNLINKED) {
                    return record(eventId, ALREADY_UNLINKED);
                }
                return confirmRevocation(eventId, userId);
            });
        }).invoke(outcome -> {
            LOG.infof("mp-connect %s for seller %s: %s", action, userId, outcome);
            if (DEAUTHORIZED.equals(action) && !ProcessedEvents.DUPLICATE.equals(outcome)) {
                metrics.deauthorization(outcome);
            }
        });
    }

    private Uni<String> confirmRevocation(String eventId, long userId) {
        return secrets.read(userId).chain(stored -> {
            if (stored.isEmpty()) {
                // No token to ask with: the secret is gone already (a crash after destroying it, or an operator);
                // Mercado Pago cannot confirm anything, and there is nothing left to act for the seller with.
                return unlinkConfirmed(eventId, userId, null);
            }
            SellerSecret secret = stored.get();
            return probe.probe(userId, secret.accessToken())
                    .onFailure(MercadoPagoException.class)
                    .recoverWithUni(failure -> ((MercadoPagoException) failure)
                            .kind() == MercadoPagoException.Kind.INVALID_RESPONSE
                                    ? Uni.createFrom().item(SellerTokenProbe.TokenState.ALIVE)
                                    : Uni.createFrom().failure(failure))
                    .chain(state -> state == SellerTokenProbe.TokenState.ALIVE
                            ? record(eventId, UNCONFIRMED)
                            : secrets.currentVersion(userId).chain(current -> current == secret.version()
                                    ? secrets.destroy(userId).chain(() -> unlinkConfirmed(eventId, userId,
                                            secret.version()))
                                    // Written since the probe: a new link, whose token is not the one refused.
                                    : record(eventId, UNCONFIRMED)));
        });
    }

    /** @param probedVersion the secret version whose token Mercado Pago refused; {@code null} when none was left */
    private Uni<String> unlinkConfirmed(String eventId, long userId, Integer probedVersion) {
        return Panache.withTransaction(() -> processed.once(CONSUMER, eventId,
                () -> unlink(userId, "seller_revoked", eventId, probedVersion).map(unlinked -> unlinked
                        ? UNLINKED
                        : ALREADY_UNLINKED)));
    }

    /**
     * In the caller's transaction; answers whether the seller was unlinked by this call. With a probed version, a
     * seller whose row already names a newer secret (linked again since) is left alone.
     */
    private Uni<Boolean> unlink(long userId, String reason, String cause, Integer probedVersion) {
        return sellers.findById(userId, LockModeType.PESSIMISTIC_WRITE).chain(seller -> {
            if (seller == null || seller.status == SellerStatus.UNLINKED) {
                return Uni.createFrom().item(false);
            }
            if (probedVersion != null && seller.secretVersion != null && seller.secretVersion > probedVersion) {
                return Uni.createFrom().item(false);
            }
            OffsetDateTime now = Timestamps.now(clock);
            seller.unlink(now);
            LOG.infof("seller %d unlinked (%s)", userId, reason);
            return events.unlinked(seller, reason, cause, now).replaceWith(true);
        });
    }

    private Uni<String> record(String eventId, String outcome) {
        return Panache.withTransaction(() -> processed.record(CONSUMER, eventId, outcome))
                .map(recorded -> recorded ? outcome : ProcessedEvents.DUPLICATE);
    }
}
