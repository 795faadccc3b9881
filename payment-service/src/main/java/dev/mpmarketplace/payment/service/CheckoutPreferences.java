package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.preferences.MercadoPagoPreference;
import dev.mpmarketplace.payment.Preference;
import dev.mpmarketplace.payment.client.PreferencesAtMercadoPago;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PreferenceRepository;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Checkout Pro preferences for sellers (seed 004): create, read, update, with the seller's token.
 * <p>
 * Creating follows the payments' rule (decision 0014, 0019): the caller's key is looked up (the same request answers
 * the first result, another request is refused); the seller's token is read (an unlinked seller: nothing stored);
 * <b>claim</b>: the preference is stored {@code submitting} with a new id of ours; <b>call</b>
 * {@code POST /checkout/preferences} with our id as {@code X-Idempotency-Key} and as {@code external_reference};
 * <b>apply</b>: {@code created} with Mercado Pago's id and checkout pages, or {@code refused} with its error key, or
 * {@code unknown} (timeout, lost connection, 5xx). An unknown outcome is resolved when the caller repeats the request
 * with the same key: Mercado Pago is searched by the external reference, and only when it has none is the same
 * request sent again with the same key. A preference moves no money, so nothing resolves it in the background.
 */
@ApplicationScoped
public class CheckoutPreferences {

    private static final Logger LOG = Logger.getLogger(CheckoutPreferences.class);

    /**
     * The result of a create request.
     *
     * @param preference the preference as it is now
     * @param replayed the key had been used for this request before
     */
    public record Creation(Preference preference, boolean replayed) {

        /** Mercado Pago's outcome is not known yet (HTTP 202). */
        public boolean pending() {
            return preference.state() != Preference.State.CREATED;
        }
    }

    /**
     * A preference with the payments made on its checkout page.
     *
     * @param preference the preference
     * @param payments our ids of its payments, oldest first
     */
    public record WithPayments(Preference preference, List<UUID> payments) {
    }

    private final PreferenceRepository preferences;
    private final SellerAccess sellerAccess;
    private final PreferencesAtMercadoPago mercadoPago;
    private final PaymentConfig config;
    private final Clock clock;

    public CheckoutPreferences(PreferenceRepository preferences, SellerAccess sellerAccess,
            PreferencesAtMercadoPago mercadoPago, PaymentConfig config, Clock clock) {
        this.preferences = preferences;
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Creates the preference, or answers the first result of {@code idempotencyKey}.
     *
     * @return fails with a {@link ProblemException}: {@code idempotency-key-reused}, {@code request-in-progress},
     *         {@code seller-not-linked}, {@code mercadopago-refused} (422, with Mercado Pago's error key),
     *         {@code mercadopago-unavailable} (503, nothing happened)
     */
    public Uni<Creation> create(PreferenceRequests.NewPreference request, String idempotencyKey) {
        LogFields.put(request.sellerId(), null);
        return preferences.findByIdempotencyKey(idempotencyKey).chain(existing -> existing != null
                ? replay(existing, request.fingerprint())
                : sellerAccess.tokenFor(request.sellerId()).chain(token -> claim(token, request, idempotencyKey)));
    }

    /** The preference with its payments. */
    public Uni<WithPayments> find(UUID id) {
        return preferences.find(id).chain(preference -> preference == null
                ? Uni.createFrom().failure(PaymentProblems.preferenceNotFound(id.toString()))
                : preferences.payments(id).map(payments -> new WithPayments(preference, payments)));
    }

    /**
     * Replaces the top-level fields given (items, payer, {@code marketplace_fee}, back URLs, {@code auto_return},
     * expiry...). A {@code PUT} sets fields, so repeating it is harmless: no key is needed.
     *
     * @return fails with {@code preference-not-found}, {@code preference-not-created}, {@code seller-not-linked},
     *         {@code mercadopago-refused}, {@code mercadopago-unavailable}, {@code mercadopago-outcome-unknown}
     */
    public Uni<WithPayments> update(UUID id, ObjectNode fields) {
        return preferences.find(id).chain(preference -> {
            if (preference == null) {
                return Uni.createFrom().failure(PaymentProblems.preferenceNotFound(id.toString()));
            }
            LogFields.put(preference.sellerId(), id);
            if (preference.state() != Preference.State.CREATED) {
                return Uni.createFrom()
                        .failure(PaymentProblems.preferenceNotCreated(id.toString(), preference.state().word()));
            }
            return sellerAccess.tokenFor(preference.sellerId())
                    .chain(token -> mercadoPago.update(token, preference.mercadoPagoPreferenceId(),
                            PreferenceRequests.write(fields)))
                    .onFailure(MercadoPagoException.class).transform(failure -> updateFailed(
                            (MercadoPagoException) failure))
                    .chain(answer -> preferences.answered(id, answer.initPoint(), answer.sandboxInitPoint(),
                            answeredAt(answer), answer.raw(), Timestamps.now(clock)))
                    .chain(() -> find(id));
        });
    }

    private Uni<Creation> claim(String token, PreferenceRequests.NewPreference request, String idempotencyKey) {
        UUID id = UUID.randomUUID();
        String submission = PreferenceRequests.mercadoPagoBody(request.preference(), id);
        return preferences.claim(id, request.sellerId(), idempotencyKey, request.fingerprint(), submission,
                Timestamps.now(clock)).chain(
                        claimed -> claimed
                                ? call(token, id, submission, false)
                                // Another request with the same key won the claim: answer as a repeat of it.
                                : preferences.findByIdempotencyKey(idempotencyKey).chain(winner -> winner == null
                                        ? Uni.createFrom().failure(PaymentProblems.requestInProgress())
                                        : replay(winner, request.fingerprint())));
    }

    private Uni<Creation> call(String token, UUID id, String submission, boolean replayed) {
        LogFields.put(null, id);
        return mercadoPago.create(token, id.toString(), submission)
                .onItem().transformToUni(answer -> created(id, answer, replayed))
                .onFailure(MercadoPagoException.class)
                .recoverWithUni(failure -> failed(id, (MercadoPagoException) failure, replayed));
    }

    private Uni<Creation> created(UUID id, MercadoPagoPreference answer, boolean replayed) {
        LOG.infof("preference %s: created by Mercado Pago as %s", id, answer.id());
        return preferences.created(id, answer.id(), answer.initPoint(), answer.sandboxInitPoint(),
                answeredAt(answer), answer.raw(), Timestamps.now(clock))
                .chain(() -> preferences.find(id)).map(preference -> new Creation(preference, replayed));
    }

    private Uni<Creation> failed(UUID id, MercadoPagoException failure, boolean replayed) {
        OffsetDateTime now = Timestamps.now(clock);
        return switch (WriteOutcome.of(failure)) {
            case UNKNOWN -> {
                LOG.warnf("preference %s: create's outcome unknown (%s); a repeat of the request asks Mercado Pago",
                        id, failure.getMessage());
                yield preferences.unknown(id, now).chain(() -> preferences.find(id))
                        .map(preference -> new Creation(preference, replayed));
            }
            case NOT_TAKEN -> {
                LOG.warnf("preference %s: Mercado Pago did not take the create (%s); forgotten", id,
                        failure.getMessage());
                yield preferences.forget(id)
                        .chain(() -> Uni.createFrom().failure(PaymentProblems.mercadoPagoUnavailable(failure)));
            }
            case REFUSED -> {
                ProblemException refusal = PaymentProblems.mercadoPagoRefused(failure, null);
                LOG.infof("preference %s: refused by Mercado Pago (%s)", id, failure.getMessage());
                yield preferences.refused(id, StoredProblems.store(refusal), now)
                        .chain(() -> Uni.createFrom().failure(refusal));
            }
        };
    }

    private Uni<Creation> replay(Preference existing, String fingerprint) {
        if (!fingerprint.equals(existing.requestFingerprint())) {
            return Uni.createFrom().failure(PaymentProblems.idempotencyKeyReused());
        }
        return switch (existing.state()) {
            case REFUSED -> Uni.createFrom().failure(StoredProblems.restore(existing.refusal()));
            case CREATED -> Uni.createFrom().item(new Creation(existing, true));
            case SUBMITTING, UNKNOWN -> resolve(existing);
        };
    }

    /**
     * Resolves an unknown (or abandoned) creation: whatever Mercado Pago made under our id as external reference,
     * else the same request again with the same key. One request at a time does it (the others are in progress).
     */
    private Uni<Creation> resolve(Preference existing) {
        UUID id = existing.id();
        OffsetDateTime now = Timestamps.now(clock);
        return preferences.reclaim(id, now, now.minus(config.resolution().claimGrace())).chain(reclaimed -> {
            if (!reclaimed) {
                return Uni.createFrom().failure(PaymentProblems.requestInProgress());
            }
            LogFields.put(existing.sellerId(), id);
            return sellerAccess.tokenFor(existing.sellerId())
                    .chain(token -> mercadoPago.findByExternalReference(token, id.toString())
                            .chain(found -> found.isEmpty()
                                    ? call(token, id, existing.submission(), true)
                                    : mercadoPago.get(token, found.get(0))
                                            .chain(answer -> created(id, answer, true))))
                    .onFailure().call(() -> preferences.unknown(id, Timestamps.now(clock)))
                    .onFailure(MercadoPagoException.class).recoverWithUni(failure -> preferences.find(id)
                            .map(preference -> new Creation(preference, true)));
        });
    }

    private static ProblemException updateFailed(MercadoPagoException failure) {
        return switch (WriteOutcome.of(failure)) {
            case UNKNOWN -> PaymentProblems.mercadoPagoOutcomeUnknown(failure,
                    "repeat the update (it sets the same fields again) or read the preference");
            case NOT_TAKEN -> PaymentProblems.mercadoPagoUnavailable(failure);
            case REFUSED -> PaymentProblems.mercadoPagoRefused(failure, null);
        };
    }

    /** The date of an answer: its {@code last_updated}, else its {@code date_created}. */
    private static OffsetDateTime answeredAt(MercadoPagoPreference answer) {
        return answer.lastUpdated() != null ? answer.lastUpdated() : answer.dateCreated();
    }
}
