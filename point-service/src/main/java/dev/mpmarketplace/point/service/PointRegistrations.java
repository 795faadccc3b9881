package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.point.MercadoPagoPointApi;
import dev.mpmarketplace.mercadopago.client.point.PointIntegrator;
import dev.mpmarketplace.mercadopago.client.point.PointWebhookRegistration;
import dev.mpmarketplace.point.PointSeller;
import dev.mpmarketplace.point.RegistrationState;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.PointSellerRepository;
import dev.mpmarketplace.sellertokens.PointIntegratorKeys;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerNotLinkedException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Registers a seller's Point integrator webhook (seed 002, section 3), so that Mercado Pago notifies the seller's
 * intents to the ingest edge: with the seller's token, reads its integrator (whose {@code token} is the key of the
 * challenge), writes that key to Vault ({@link PointIntegratorKeys}: ingest answers the challenge with it), registers
 * {@code <point.registration.webhook-base-url>/webhooks/point/<seller_id>} ({@code PATCH .../integrators}) and has
 * Mercado Pago check it ({@code POST .../integrators/check}). Each step may be repeated harmlessly, in this order so
 * that the key is in Vault before Mercado Pago challenges; a crash between steps leaves the registration due, and the
 * next attempt does them again. A failed attempt is recorded with Mercado Pago's words and retried with a growing
 * delay ({@code GET /sellers/{id}/point} shows it). An attempt claims its seller first, so replicas never register
 * one seller at once.
 */
@ApplicationScoped
public class PointRegistrations {

    private static final Logger LOG = Logger.getLogger(PointRegistrations.class);

    /** What an attempt came to. */
    public enum Outcome {
        REGISTERED,
        FAILED,
        SELLER_NOT_LINKED,
        /** Not due, not the Integration API, or another attempt holds it. */
        SKIPPED
    }

    private final PointSellerRepository sellers;
    private final SellerAccessTokens tokens;
    private final PointIntegratorKeys keys;
    private final MercadoPagoPointApi api;
    private final MercadoPagoClientConfig client;
    private final PointConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    public PointRegistrations(PointSellerRepository sellers, SellerAccessTokens tokens, PointIntegratorKeys keys,
            @RestClient MercadoPagoPointApi api, MercadoPagoClientConfig client, PointConfig config,
            MeterRegistry metrics, Clock clock) {
        this.sellers = sellers;
        this.tokens = tokens;
        this.keys = keys;
        this.api = api;
        this.client = client;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The webhook registered for a seller. */
    public String webhookUrl(long sellerId) {
        String base = config.registration().webhookBaseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/webhooks/point/" + sellerId;
    }

    @Scheduled(every = "${point.registration.every:30S}", delayed = "5S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledRetries() {
        return retryDue().replaceWithVoid();
    }

    /** Every registration due now, one after the other; answers how many were attempted. */
    public Uni<Integer> retryDue() {
        return sellers.registrationsDue(Timestamps.now(clock), 100)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(this::register)
                .collect().asList().map(outcomes -> (int) outcomes.stream().filter(o -> o != Outcome.SKIPPED)
                        .count());
    }

    /** One attempt for the seller, if due. */
    public Uni<Outcome> register(long sellerId) {
        OffsetDateTime now = Timestamps.now(clock);
        return sellers.claimRegistration(sellerId, now, now.plus(config.registration().lease()))
                .chain(claimed -> claimed ? attempt(sellerId) : Uni.createFrom().item(Outcome.SKIPPED))
                .invoke(outcome -> {
                    if (outcome != Outcome.SKIPPED) {
                        metrics.counter("point_registrations_total", "outcome", outcome.name().toLowerCase(
                                java.util.Locale.ROOT)).increment();
                    }
                });
    }

    private Uni<Outcome> attempt(long sellerId) {
        String url = webhookUrl(sellerId);
        return tokens.currentAccessToken(sellerId)
                .chain(token -> MercadoPagoErrors.bounded(api.integrator(bearer(token)),
                        "GET /point/integration-api/integrators", client.timeout())
                        .call(integrator -> keys.write(sellerId, integrator.token()))
                        .chain(integrator -> registerAndCheck(token, integrator, url)))
                .chain(() -> record(sellerId, seller -> seller.registered(url, Timestamps.now(clock)),
                        Outcome.REGISTERED))
                .onFailure().recoverWithUni(failure -> failure instanceof SellerNotLinkedException
                        ? record(sellerId, seller -> seller.notLinked(Timestamps.now(clock)), Outcome.SELLER_NOT_LINKED)
                        : record(sellerId, seller -> seller.registrationFailed(describe(failure),
                                config.registration().backoffInitial(), config.registration().backoffMax(),
                                Timestamps.now(clock)), Outcome.FAILED))
                .invoke(outcome -> LOG.infof("Point webhook of seller %d: %s", sellerId, outcome));
    }

    /** The webhook, registered and checked unless it already is (the same URL, valid). */
    private Uni<Void> registerAndCheck(String token, PointIntegrator integrator, String url) {
        if (url.equals(integrator.webhook()) && integrator.validWebhook()) {
            return Uni.createFrom().voidItem();
        }
        return MercadoPagoErrors.bounded(api.registerWebhook(bearer(token), new PointWebhookRegistration(url)),
                "PATCH /point/integration-api/integrators", client.timeout())
                // The check waits for Mercado Pago's challenge to reach ingest (up to 10 s on its side).
                .chain(() -> MercadoPagoErrors.bounded(api.checkWebhook(bearer(token), UUID.randomUUID().toString()),
                        "POST /point/integration-api/integrators/check", client.timeout().plusSeconds(10)));
    }

    private Uni<Outcome> record(long sellerId, java.util.function.Consumer<PointSeller> change, Outcome outcome) {
        return Panache.withTransaction(() -> sellers.findById(sellerId).invoke(seller -> {
            // Switched off, or to the Orders API, while the attempt ran: nothing to record.
            if (seller != null && seller.needsIntegratorWebhook()
                    && seller.registration != RegistrationState.NOT_REQUIRED) {
                change.accept(seller);
            }
        }))
                // The row changed meanwhile (its site and currency were learned, the set-up was changed): the
                // outcome is recorded on what it is now.
                .onFailure(PointRegistrations::concurrentChange).retry().atMost(3)
                .replaceWith(outcome);
    }

    private static boolean concurrentChange(Throwable failure) {
        return failure instanceof jakarta.persistence.OptimisticLockException
                || failure instanceof org.hibernate.StaleStateException;
    }

    /** Why an attempt failed, in Mercado Pago's words where it gave some; never a token. */
    static String describe(Throwable failure) {
        if (failure instanceof MercadoPagoException mercadoPago) {
            String words = mercadoPago.member("message").orElse(null);
            return mercadoPago.operation() + ": " + mercadoPago.error().orElse(mercadoPago.tag())
                    + (words == null ? "" : " (" + words + ")");
        }
        return "Vault: " + failure.getClass().getSimpleName();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
