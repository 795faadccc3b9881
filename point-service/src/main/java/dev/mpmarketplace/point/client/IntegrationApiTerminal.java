package dev.mpmarketplace.point.client;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.point.MercadoPagoPointApi;
import dev.mpmarketplace.mercadopago.client.point.PaymentIntent;
import dev.mpmarketplace.mercadopago.client.point.PaymentIntentEvents;
import dev.mpmarketplace.mercadopago.client.point.PaymentIntentRequest;
import dev.mpmarketplace.mercadopago.client.point.PointAmounts;
import dev.mpmarketplace.mercadopago.client.point.RefundIntent;
import dev.mpmarketplace.mercadopago.client.point.RefundIntentRequest;
import dev.mpmarketplace.point.Intent;

/**
 * The Point Integration API adapter (seed 002, reference 5A and 12.a): payment intents and refund intents on a device.
 * States map one to one, except {@code PROCESSED} (still {@code PROCESSING} here) and the two states whose meaning is
 * the payment's: {@code FINISHED} and {@code CONFIRMATION_REQUIRED} are settled by looking the payment up
 * ({@link PointPayments#settled}). Amounts go as integers of cents ({@link PointAmounts}), exactly.
 */
@ApplicationScoped
public class IntegrationApiTerminal implements PointTerminal {

    /** How many final intents of one resolution are fetched at most, looking for an unanswered creation. */
    static final int MAX_EVENTS_EXAMINED = 200;

    private final MercadoPagoPointApi api;
    private final PointPayments payments;
    private final MercadoPagoClientConfig config;
    private final Clock clock;

    public IntegrationApiTerminal(@RestClient MercadoPagoPointApi api, PointPayments payments,
            MercadoPagoClientConfig config, Clock clock) {
        this.api = api;
        this.payments = payments;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public PointAdapter adapter() {
        return PointAdapter.INTEGRATION_API;
    }

    @Override
    public Uni<TerminalState> createPayment(String token, Intent intent) {
        PaymentIntentRequest.Payment payment = intent.installments == null && intent.paymentType == null
                ? null
                : new PaymentIntentRequest.Payment(intent.installments, intent.paymentType, null);
        PaymentIntentRequest body = new PaymentIntentRequest(PointAmounts.toCents(intent.amount), intent.description,
                payment, new PaymentIntentRequest.AdditionalInfo(intent.id.toString(), null, null));
        return MercadoPagoErrors.bounded(api.createPaymentIntent(bearer(token), intent.id.toString(),
                intent.deviceId, body), "POST /point/integration-api/devices/{id}/payment-intents", config.timeout())
                .map(created -> new TerminalState(PointIntentKind.PAYMENT, created.id(), PointIntentState.OPEN,
                        "OPEN (created)", null, null, intent.id.toString(), null));
    }

    @Override
    public Uni<TerminalState> createRefund(String token, Intent refund, Intent payment) {
        RefundIntentRequest body = new RefundIntentRequest(Long.toString(payment.paymentId), null);
        return MercadoPagoErrors.bounded(api.createRefundIntent(bearer(token), refund.id.toString(),
                refund.deviceId, body), "POST /point/integration-api/devices/{id}/refund", config.timeout())
                .map(created -> new TerminalState(PointIntentKind.REFUND, created.id(), PointIntentState.OPEN,
                        "OPEN (created)", payment.paymentId, null, null, null));
    }

    @Override
    @Retry(maxRetries = 2, delay = 250)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<TerminalState> fetch(String token, Intent intent) {
        return intent.kind == PointIntentKind.PAYMENT
                ? paymentIntent(token, intent.mercadopagoId).chain(found -> map(token, found))
                : refundIntent(token, intent.mercadopagoId).map(IntegrationApiTerminal::map);
    }

    @Override
    public boolean resolutionMayCreate() {
        return false;
    }

    /**
     * A payment intent: among the seller's intents that reached a final state from the day before its creation to the
     * day after now (UTC, at most 30 days), the one whose external reference is the intent's id; while it is queued and
     * not final it cannot be found this way, and the next resolution (or its notification) finds it. A refund intent
     * carries no external reference: it is found only through its payment, refunded.
     */
    @Override
    public Uni<Optional<TerminalState>> resolveCreation(String token, Intent intent, Set<String> known) {
        if (intent.kind == PointIntentKind.REFUND) {
            return payments.refundSettled(token, intent);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1);
        LocalDate from = intent.createdAt.atZoneSameInstant(ZoneOffset.UTC).toLocalDate().minusDays(1);
        if (from.isBefore(today.minusDays(29))) {
            from = today.minusDays(29);
        }
        String reference = intent.id.toString();
        return MercadoPagoErrors.bounded(api.paymentIntentEvents(bearer(token), from.toString(), today.toString()),
                "GET /point/integration-api/payment-intents/events", config.timeout())
                .onItem().transformToMulti(events -> Multi.createFrom().iterable(candidates(events, known)))
                .onItem().transformToUniAndConcatenate(id -> paymentIntent(token, id))
                .select().where(found -> reference.equals(found.externalReference()))
                .toUni()
                .chain(found -> found == null
                        ? Uni.createFrom().item(Optional.<TerminalState>empty())
                        : map(token, found).map(Optional::of));
    }

    private static List<String> candidates(PaymentIntentEvents events, Set<String> known) {
        return events.events().stream().map(PaymentIntentEvents.Event::paymentIntentId)
                .filter(id -> id != null && !known.contains(id)).distinct().limit(MAX_EVENTS_EXAMINED).toList();
    }

    @Override
    public Uni<Optional<TerminalState>> lookUp(String token, String mercadopagoId) {
        return paymentIntent(token, mercadopagoId).chain(found -> map(token, found)).map(Optional::of)
                .onFailure(IntegrationApiTerminal::notFound)
                .recoverWithUni(() -> refundIntent(token, mercadopagoId).map(IntegrationApiTerminal::map)
                        .map(Optional::of)
                        .onFailure(IntegrationApiTerminal::notFound).recoverWithItem(Optional.empty()));
    }

    @Override
    public Uni<Cancellation> cancel(String token, Intent intent, boolean atTerminal) {
        Uni<Void> call = intent.kind == PointIntentKind.PAYMENT
                ? api.cancelPaymentIntent(bearer(token), intent.deviceId, intent.mercadopagoId)
                : api.cancelRefundIntent(bearer(token), intent.deviceId, intent.mercadopagoId);
        return MercadoPagoErrors.bounded(call, "DELETE /point/integration-api/devices/{id}/...", config.timeout())
                .replaceWith(Cancellation.CANCELED);
    }

    @Override
    public Optional<CreationRefusal> refusalOf(MercadoPagoException failure) {
        String detail = failure.member("message").orElse(failure.getMessage());
        return switch (failure.kind()) {
            case CONFLICT -> Optional.of("device_not_in_pdv_mode".equals(failure.error().orElse(null))
                    ? new CreationRefusal(CreationRefusal.DEVICE_NOT_INTEGRATED, detail, null)
                    : new CreationRefusal(CreationRefusal.DEVICE_BUSY, detail,
                            failure.member("payment_intent_id").orElse(null)));
            case FORBIDDEN, NOT_FOUND -> Optional.of(new CreationRefusal(CreationRefusal.DEVICE_UNKNOWN, detail, null));
            case INVALID_REQUEST -> Optional.of(new CreationRefusal(CreationRefusal.INVALID_REQUEST, detail, null));
            case UNAUTHORIZED -> Optional.of(new CreationRefusal(CreationRefusal.SELLER_NOT_AUTHORIZED, detail, null));
            default -> Optional.empty();
        };
    }

    private Uni<PaymentIntent> paymentIntent(String token, String id) {
        return MercadoPagoErrors.bounded(api.paymentIntent(bearer(token), id),
                "GET /point/integration-api/payment-intents/{id}", config.timeout());
    }

    private Uni<RefundIntent> refundIntent(String token, String id) {
        return MercadoPagoErrors.bounded(api.refundIntent(bearer(token), id),
                "GET /point/integration-api/refund/{id}", config.timeout());
    }

    /** A payment intent in point-service's states; FINISHED and CONFIRMATION_REQUIRED by their payment. */
    private Uni<TerminalState> map(String token, PaymentIntent found) {
        String raw = found.state() == null ? "OPEN" : found.state();
        Long paymentId = found.paymentId();
        PointIntentState direct = switch (raw) {
            case "OPEN" -> PointIntentState.OPEN;
            case "ON_TERMINAL" -> PointIntentState.ON_TERMINAL;
            case "PROCESSING", "PROCESSED" -> PointIntentState.PROCESSING;
            case "CANCELED" -> PointIntentState.CANCELED;
            case "ERROR" -> PointIntentState.ERROR;
            case "ABANDONED" -> PointIntentState.ABANDONED;
            case "FINISHED", "CONFIRMATION_REQUIRED" -> null;
            // A state this service does not know: it moves nothing (PENDING is never a move), and is in the timeline.
            default -> PointIntentState.PENDING;
        };
        if (direct != null || paymentId == null) {
            PointIntentState state = direct != null ? direct : PointIntentState.CONFIRMATION_REQUIRED;
            return Uni.createFrom().item(new TerminalState(PointIntentKind.PAYMENT, found.id(), state, raw, paymentId,
                    null, found.externalReference(), null));
        }
        return payments.lookUp(token, paymentId).map(payment -> new TerminalState(PointIntentKind.PAYMENT,
                found.id(), PointPayments.settled(payment.status()), raw + ", payment " + payment.status(), paymentId,
                payment.status(), found.externalReference(), payment.currencyId()));
    }

    private static TerminalState map(RefundIntent found) {
        String raw = found.state() == null ? "OPEN" : found.state();
        PointIntentState state = switch (raw) {
            case "OPEN" -> PointIntentState.OPEN;
            case "ON_TERMINAL" -> PointIntentState.ON_TERMINAL;
            case "PROCESSING" -> PointIntentState.PROCESSING;
            case "FINISHED" -> PointIntentState.FINISHED;
            case "CANCELED" -> PointIntentState.CANCELED;
            case "ERROR" -> PointIntentState.ERROR;
            case "ABANDONED" -> PointIntentState.ABANDONED;
            default -> PointIntentState.PENDING;
        };
        return new TerminalState(PointIntentKind.REFUND, found.id(), state, raw, found.paymentId(), null, null, null);
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof MercadoPagoException e && e.kind() == MercadoPagoException.Kind.NOT_FOUND;
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
