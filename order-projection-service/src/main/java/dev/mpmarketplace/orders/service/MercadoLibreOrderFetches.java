package dev.mpmarketplace.orders.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MercadoLibreOrder;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MercadoLibreOrders;
import dev.mpmarketplace.orders.config.OrdersConfig;
import dev.mpmarketplace.orders.fact.FactCause;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.repository.RefetchRepository;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerNotLinkedException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Fetches a Mercado Libre order with its seller's token and applies the answer as a fact: what every hint ends in (a
 * notification, a missed feed message, the re-read, a refetch). Nothing is taken from the hint but the seller to ask
 * as and the order to ask about; the answer must be the order of that seller.
 * <p>
 * How a fetch ends ({@link Outcome}): applied; or, without effect, the seller has no token here
 * ({@code seller_not_linked}), Mercado Libre refused the token for this order ({@code forbidden}: not the seller's nor
 * the buyer's), the answer is another seller's order ({@code not_the_seller}: a buyer's view of a purchase, or a
 * forged notification) or unusable ({@code invalid_answer}); or it is asked again later ({@code refetch}): the order
 * is not readable yet (Mercado Libre notifies before), or the token was refused (a refresh may be under way). A
 * failure a retry may cure (429, 5xx, no answer) fails the returned {@code Uni}: the caller retries, then calls
 * {@link #later}.
 */
@ApplicationScoped
public class MercadoLibreOrderFetches {

    private static final Logger LOG = Logger.getLogger(MercadoLibreOrderFetches.class);

    /** How a fetch ended. */
    public enum Outcome {
        APPLIED,
        DUPLICATE,
        STALE,
        BACKWARDS,
        SELLER_NOT_LINKED,
        FORBIDDEN,
        NOT_THE_SELLER,
        INVALID_ANSWER,
        REFETCH;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final SellerAccessTokens tokens;
    private final MercadoLibreOrders orders;
    private final OrderProjection projection;
    private final RefetchRepository refetches;
    private final OrderMetrics metrics;
    private final OrdersConfig config;
    private final Clock clock;

    public MercadoLibreOrderFetches(SellerAccessTokens tokens, MercadoLibreOrders orders, OrderProjection projection,
            RefetchRepository refetches, OrderMetrics metrics, OrdersConfig config, Clock clock) {
        this.tokens = tokens;
        this.orders = orders;
        this.projection = projection;
        this.refetches = refetches;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Fetches the order as its seller and applies the answer.
     *
     * @return how it ended; fails with a retryable {@link MercadoPagoException} when Mercado Libre gave no usable
     *         answer in a way a retry may cure
     */
    public Uni<Outcome> fetch(long sellerId, long orderId, FactCause cause) {
        long started = System.nanoTime();
        return tokens.currentAccessToken(sellerId)
                .chain(token -> orders.get(token, orderId))
                .invoke(() -> metrics.fetchTook(Duration.ofNanos(System.nanoTime() - started)))
                .chain(answer -> apply(sellerId, orderId, answer, cause))
                .onFailure(SellerNotLinkedException.class).recoverWithItem(Outcome.SELLER_NOT_LINKED)
                .onFailure(MercadoPagoException.class)
                .recoverWithUni(failure -> refused(sellerId, orderId, cause, (MercadoPagoException) failure))
                .invoke(outcome -> metrics.fetched(cause.kind().word(), outcome.tag()));
    }

    private Uni<Outcome> apply(long sellerId, long orderId, MercadoLibreOrder answer, FactCause cause) {
        if (answer.id() != orderId || answer.seller().id() != sellerId) {
            LOG.warnf("Mercado Libre order %d fetched as seller %d is seller %d's: not applied", orderId, sellerId,
                    answer.seller().id());
            return Uni.createFrom().item(Outcome.NOT_THE_SELLER);
        }
        // The fact as the log will carry it: what is applied live is exactly what a replay applies.
        OrderFact fact = OrderFact.fromJson(OrderFact.mercadoLibreOrder(answer, Timestamps.now(clock), cause)
                .toJson());
        return projection.apply(fact, OrderProjection.Mode.LIVE, true).map(outcome -> switch (outcome) {
            case "stale" -> Outcome.STALE;
            case "backwards" -> Outcome.BACKWARDS;
            case "duplicate", "unchanged" -> Outcome.DUPLICATE;
            case "ignored" -> Outcome.INVALID_ANSWER;
            default -> Outcome.APPLIED;
        });
    }

    private Uni<Outcome> refused(long sellerId, long orderId, FactCause cause, MercadoPagoException failure) {
        return switch (failure.kind()) {
            case NOT_FOUND -> later(sellerId, orderId, cause, "not_found");
            case UNAUTHORIZED -> {
                // Perhaps refreshed since it was cached: the next try reads Vault again.
                tokens.invalidate(sellerId);
                yield later(sellerId, orderId, cause, "unauthorized");
            }
            case FORBIDDEN -> {
                LOG.warnf("Mercado Libre refused seller %d's token for order %d: not applied", sellerId, orderId);
                yield Uni.createFrom().item(Outcome.FORBIDDEN);
            }
            case INVALID_REQUEST, INVALID_RESPONSE, CONFLICT -> {
                LOG.warnf("Mercado Libre order %d of seller %d: %s", orderId, sellerId, failure.getMessage());
                yield Uni.createFrom().item(Outcome.INVALID_ANSWER);
            }
            default -> Uni.createFrom().failure(failure);
        };
    }

    /**
     * Hands the order to the refetch sweep: fetched again after {@code orders.refetch.first-delay}, then at doubling
     * intervals, given up after {@code orders.refetch.give-up-after}.
     */
    public Uni<Outcome> later(long sellerId, long orderId, FactCause cause, String failure) {
        OffsetDateTime now = Timestamps.now(clock);
        LOG.infof("Mercado Libre order %d of seller %d to be fetched again (%s)", orderId, sellerId, failure);
        return refetches.schedule(orderId, sellerId, cause, failure, now, config.refetch().firstDelay(),
                config.refetch().maxDelay()).replaceWith(Outcome.REFETCH);
    }
}
