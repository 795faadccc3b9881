package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.users.MercadoPagoUsersApi;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.point.PointSeller;
import dev.mpmarketplace.point.repository.PointSellerRepository;
import dev.mpmarketplace.support.time.Timestamps;

/** Sellers' Point set-up: switching Point on and off, the adapter, and the seller's currency. */
@ApplicationScoped
public class PointSellers {

    private static final Logger LOG = Logger.getLogger(PointSellers.class);

    private final PointSellerRepository sellers;
    private final MercadoPagoUsersApi users;
    private final MercadoPagoClientConfig client;
    private final ProcessedEvents processed;
    private final Clock clock;

    public PointSellers(PointSellerRepository sellers, @RestClient MercadoPagoUsersApi users,
            MercadoPagoClientConfig client, ProcessedEvents processed, Clock clock) {
        this.processed = processed;
        this.sellers = sellers;
        this.users = users;
        this.client = client;
        this.clock = clock;
    }

    /** {@code PUT /sellers/{id}/point}: the set-up as asked, registration due if the Integration API needs one. */
    public Uni<PointSeller> configure(long sellerId, boolean enabled, PointAdapter adapter) {
        return Panache.withTransaction(() -> sellers.findById(sellerId).chain(existing -> {
            OffsetDateTime now = Timestamps.now(clock);
            if (existing == null) {
                PointSeller created = PointSeller.configured(sellerId, enabled, adapter, now);
                return sellers.persist(created);
            }
            existing.configure(enabled, adapter, now);
            return Uni.createFrom().item(existing);
        })).invoke(seller -> LOG.infof("Point for seller %d: %s, %s, registration %s", sellerId,
                seller.enabled ? "enabled" : "disabled", seller.adapter, seller.registration));
    }

    /**
     * seller-linking-service says the seller linked (again): its integrator may be new (a new grant), so a seller
     * Point is enabled for through the Integration API is registered again. Once per event, in the same transaction.
     *
     * @return the outcome recorded
     */
    public Uni<String> sellerLinked(String consumer, String eventId, long sellerId) {
        return Panache.withTransaction(() -> processed.once(consumer, eventId, () -> sellers.findById(sellerId)
                .map(seller -> {
                    if (seller == null) {
                        return "not_configured";
                    }
                    seller.linked(Timestamps.now(clock));
                    return seller.registration.name().toLowerCase(java.util.Locale.ROOT);
                })));
    }

    /** The seller unlinked (or must authorize again): its registration shows it cannot proceed until it links. */
    public Uni<String> sellerNotLinked(String consumer, String eventId, long sellerId) {
        return Panache.withTransaction(() -> processed.once(consumer, eventId, () -> sellers.findById(sellerId)
                .map(seller -> {
                    if (seller == null) {
                        return "not_configured";
                    }
                    seller.notLinked(Timestamps.now(clock));
                    return seller.registration.name().toLowerCase(java.util.Locale.ROOT);
                })));
    }

    /** The set-up; fails 404 when Point was never set up for the seller. */
    public Uni<PointSeller> get(long sellerId) {
        return Panache.withSession(() -> sellers.findById(sellerId)).onItem().ifNull()
                .failWith(() -> PointProblems.sellerNotConfigured(sellerId));
    }

    /** The set-up of a seller Point is enabled for; fails 404 / 409 otherwise. */
    public Uni<PointSeller> enabled(long sellerId) {
        return get(sellerId).invoke(seller -> {
            if (!seller.enabled) {
                throw PointProblems.pointNotEnabled(sellerId);
            }
        });
    }

    /**
     * The seller's currency, read once from its site ({@code GET /users/me} with its token) and kept; null when Mercado
     * Pago did not answer (the payment's currency fills it in later).
     */
    public Uni<String> currency(PointSeller seller, String token) {
        if (seller.currency != null) {
            return Uni.createFrom().item(seller.currency);
        }
        return MercadoPagoErrors.bounded(users.me("Bearer " + token), "GET /users/me", client.timeout())
                .chain(user -> {
                    String currency = Sites.currencyOf(user.siteId());
                    return Panache.withTransaction(() -> sellers.findById(seller.sellerId).invoke(row -> {
                        row.siteId = user.siteId();
                        row.currency = currency;
                    })).onFailure(failure -> failure instanceof jakarta.persistence.OptimisticLockException
                            || failure instanceof org.hibernate.StaleStateException).retry().atMost(3)
                            .replaceWith(currency);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("seller %d's site is unknown for now: %s", seller.sellerId, failure.getMessage());
                    return null;
                });
    }
}
