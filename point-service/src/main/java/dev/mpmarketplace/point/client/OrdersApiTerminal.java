package dev.mpmarketplace.point.client;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.point.MercadoPagoOrdersApi;
import dev.mpmarketplace.mercadopago.client.point.PointAmounts;
import dev.mpmarketplace.mercadopago.client.point.PointOrder;
import dev.mpmarketplace.mercadopago.client.point.PointOrderRefundRequest;
import dev.mpmarketplace.mercadopago.client.point.PointOrderRequest;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.config.PointConfig;

/**
 * The Orders API adapter ({@code /v1/orders} with {@code type: point}, reference 5B and 12.b). A payment intent is an
 * order on the terminal; its refund is the order's refund (no terminal involved). Every POST carries the intent's own
 * id (a refund's, a cancel's) as {@code X-Idempotency-Key}, which the API honours for 24 hours, so an unanswered
 * create is settled by repeating it. Amounts go as decimal strings ({@link PointAmounts}).
 */
@ApplicationScoped
public class OrdersApiTerminal implements PointTerminal {

    private final MercadoPagoOrdersApi api;
    private final PointPayments payments;
    private final MercadoPagoClientConfig client;
    private final PointConfig config;

    public OrdersApiTerminal(@RestClient MercadoPagoOrdersApi api, PointPayments payments,
            MercadoPagoClientConfig client, PointConfig config) {
        this.api = api;
        this.payments = payments;
        this.client = client;
        this.config = config;
    }

    @Override
    public PointAdapter adapter() {
        return PointAdapter.ORDERS_API;
    }

    @Override
    public Uni<TerminalState> createPayment(String token, Intent intent) {
        PointOrderRequest body = PointOrderRequest.point(intent.id.toString(), intent.description,
                config.orders().expiration().toString(), PointAmounts.toDecimalString(intent.amount), intent.deviceId,
                intent.paymentType, intent.installments);
        return MercadoPagoErrors.bounded(api.create(bearer(token), intent.id.toString(), body), "POST /v1/orders",
                client.timeout()).chain(order -> map(token, PointIntentKind.PAYMENT, order));
    }

    @Override
    public Uni<TerminalState> createRefund(String token, Intent refund, Intent payment) {
        return MercadoPagoErrors.bounded(api.refund(bearer(token), refund.id.toString(), payment.mercadopagoId,
                PointOrderRefundRequest.whole()), "POST /v1/orders/{id}/refund", client.timeout())
                .chain(order -> map(token, PointIntentKind.REFUND, order));
    }

    @Override
    @Retry(maxRetries = 2, delay = 250)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<TerminalState> fetch(String token, Intent intent) {
        return order(token, intent.mercadopagoId).chain(order -> map(token, intent.kind, order));
    }

    @Override
    public boolean resolutionMayCreate() {
        return true;
    }

    /**
     * The create again, with the same key: the API answers what the first call made, if it made it. A refund is
     * repeated with its own key while recent ({@link #resolutionMayCreate}); past that, it is settled by its payment.
     */
    @Override
    public Uni<Optional<TerminalState>> resolveCreation(String token, Intent intent, Set<String> known) {
        if (intent.kind == PointIntentKind.REFUND) {
            // Past the window of repeating it: settled through its payment, as the Integration API's.
            return payments.refundSettled(token, intent);
        }
        return createPayment(token, intent).map(Optional::of);
    }

    @Override
    public Uni<Optional<TerminalState>> lookUp(String token, String mercadopagoId) {
        return order(token, mercadopagoId).chain(order -> map(token, PointIntentKind.PAYMENT, order))
                .map(Optional::of)
                .onFailure(failure -> failure instanceof MercadoPagoException e
                        && e.kind() == MercadoPagoException.Kind.NOT_FOUND)
                .recoverWithItem(Optional.empty());
    }

    @Override
    public Uni<Cancellation> cancel(String token, Intent intent, boolean atTerminal) {
        String allow = atTerminal && intent.state == PointIntentState.ON_TERMINAL
                ? MercadoPagoOrdersApi.AT_TERMINAL
                : null;
        return MercadoPagoErrors.bounded(api.cancel(bearer(token), intent.id + ":cancel", allow,
                intent.mercadopagoId), "POST /v1/orders/{id}/cancel", client.timeout())
                .map(answer -> answer.getStatus() == 202 ? Cancellation.REQUESTED : Cancellation.CANCELED);
    }

    @Override
    public Optional<CreationRefusal> refusalOf(MercadoPagoException failure) {
        String detail = failure.causes().isEmpty()
                ? failure.member("message").orElse(failure.getMessage())
                : failure.causes().get(0).description();
        boolean busy = failure.causes().stream()
                .anyMatch(cause -> "already_queued_order_on_terminal".equals(cause.code()));
        return switch (failure.kind()) {
            case CONFLICT -> Optional.of(busy
                    ? new CreationRefusal(CreationRefusal.DEVICE_BUSY, detail, null)
                    : new CreationRefusal(CreationRefusal.INVALID_REQUEST, detail, null));
            case INVALID_REQUEST -> Optional.of(detail != null && detail.contains("PDV")
                    ? new CreationRefusal(CreationRefusal.DEVICE_NOT_INTEGRATED, detail, null)
                    : new CreationRefusal(CreationRefusal.INVALID_REQUEST, detail, null));
            case FORBIDDEN, NOT_FOUND -> Optional.of(new CreationRefusal(CreationRefusal.DEVICE_UNKNOWN, detail, null));
            case UNAUTHORIZED -> Optional.of(new CreationRefusal(CreationRefusal.SELLER_NOT_AUTHORIZED, detail, null));
            default -> Optional.empty();
        };
    }

    private Uni<PointOrder> order(String token, String orderId) {
        return MercadoPagoErrors.bounded(api.order(bearer(token), orderId), "GET /v1/orders/{id}", client.timeout());
    }

    /**
     * An order in point-service's states. For the payment: {@code created} OPEN, {@code at_terminal} ON_TERMINAL,
     * {@code processed} FINISHED, {@code refunded} REFUNDED, {@code canceled} CANCELED, {@code expired} ABANDONED,
     * {@code failed} REJECTED when a payment was made (declined, reversed) else ERROR, {@code action_required} by its
     * payment. For a refund: FINISHED once the order shows a refund, else PROCESSING.
     */
    private Uni<TerminalState> map(String token, PointIntentKind kind, PointOrder order) {
        String detail = order.status() + "/" + order.statusDetail();
        Long paymentId = order.paymentId();
        if (kind == PointIntentKind.REFUND) {
            boolean refunded = "refunded".equals(order.status()) || order.transactions() != null
                    && order.transactions().refunds() != null && !order.transactions().refunds().isEmpty();
            return Uni.createFrom().item(new TerminalState(kind, order.id(), refunded
                    ? PointIntentState.FINISHED
                    : PointIntentState.PROCESSING, detail, paymentId, null, order.externalReference(),
                    order.currency()));
        }
        PointIntentState direct = switch (order.status() == null ? "" : order.status()) {
            case "created" -> PointIntentState.OPEN;
            case "at_terminal" -> PointIntentState.ON_TERMINAL;
            case "processed" -> PointIntentState.FINISHED;
            case "refunded" -> PointIntentState.REFUNDED;
            case "canceled" -> PointIntentState.CANCELED;
            case "expired" -> PointIntentState.ABANDONED;
            case "failed" -> paymentId == null ? PointIntentState.ERROR : PointIntentState.REJECTED;
            case "action_required" -> null;
            default -> PointIntentState.PENDING;
        };
        if (direct != null || paymentId == null) {
            return Uni.createFrom().item(new TerminalState(kind, order.id(), direct != null
                    ? direct
                    : PointIntentState.CONFIRMATION_REQUIRED, detail, paymentId, null, order.externalReference(),
                    order.currency()));
        }
        return payments.lookUp(token, paymentId).map(payment -> new TerminalState(kind, order.id(),
                PointPayments.settled(payment.status()), detail + ", payment " + payment.status(), paymentId,
                payment.status(), order.externalReference(), order.currency()));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
