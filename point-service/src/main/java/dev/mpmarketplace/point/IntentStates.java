package dev.mpmarketplace.point;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.events.point.PointIntentState;

/**
 * The rules of the intent state machine, the same for both adapters: states are ordered, an intent only moves to a
 * later one, and a final state is final (except that a finished payment may become refunded).
 * <p>
 * The order: {@code PENDING} &lt; {@code OPEN} &lt; {@code ON_TERMINAL} &lt; {@code PROCESSING} &lt;
 * {@code CONFIRMATION_REQUIRED} &lt; every final state &lt; {@code REFUNDED}. A late or repeated answer from Mercado
 * Pago names a state at or before the current one and moves nothing.
 */
public final class IntentStates {

    private IntentStates() {
    }

    /** The state's place in the order. */
    public static int rank(PointIntentState state) {
        return switch (state) {
            case PENDING -> 0;
            case OPEN -> 1;
            case ON_TERMINAL -> 2;
            case PROCESSING -> 3;
            case CONFIRMATION_REQUIRED -> 4;
            case FINISHED, REJECTED, ERROR, CANCELED, ABANDONED, REFUSED -> 5;
            case REFUNDED -> 6;
        };
    }

    /**
     * Whether an intent of this kind may move from {@code from} to {@code to}: to a later state while not final;
     * from {@code FINISHED} only a payment to {@code REFUNDED}; to {@code REFUSED} only from {@code PENDING}; never back
     * to {@code PENDING}.
     */
    public static boolean allows(PointIntentKind kind, PointIntentState from, PointIntentState to) {
        if (to == PointIntentState.PENDING || from == to) {
            return false;
        }
        if (to == PointIntentState.REFUSED) {
            return from == PointIntentState.PENDING;
        }
        if (to == PointIntentState.REFUNDED) {
            return kind == PointIntentKind.PAYMENT && from == PointIntentState.FINISHED;
        }
        return !from.isFinal() && rank(to) > rank(from);
    }

    /**
     * Whether an intent in this state holds its device, so that no other intent may be queued there: until it is final
     * at Mercado Pago. An Integration API intent that ended {@code CONFIRMATION_REQUIRED} has freed its device (final
     * there; only its payment is looked up); an Orders API order in {@code action_required} still holds its terminal.
     * An Orders API refund never goes to the terminal.
     */
    public static boolean occupiesDevice(PointIntentKind kind, PointAdapter adapter, PointIntentState state) {
        if (kind == PointIntentKind.REFUND && adapter == PointAdapter.ORDERS_API) {
            return false;
        }
        return switch (state) {
            case PENDING, OPEN, ON_TERMINAL, PROCESSING -> true;
            case CONFIRMATION_REQUIRED -> adapter == PointAdapter.ORDERS_API;
            default -> false;
        };
    }
}
