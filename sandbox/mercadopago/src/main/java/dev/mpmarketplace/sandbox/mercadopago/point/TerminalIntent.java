package dev.mpmarketplace.sandbox.mercadopago.point;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the Integration API queues on a device: a payment intent or a refund intent. Its state changes only through
 * {@link #moveTo}, which refuses what the kind's state machine ({@link #allows}) does not allow. Part of the persisted
 * state (public fields).
 */
public abstract class TerminalIntent {
    public String id;
    public String deviceId;
    /** The seller: the user of the token that created it. */
    public long userId;
    /** The application of that token, or {@code null} for the seller's own token. */
    public String clientId;
    public IntentState state = IntentState.OPEN;
    public ObjectNode additionalInfo;
    public Instant createdAt;
    public Instant updatedAt;
    public List<StateChange> history = new ArrayList<>();

    /** Whether this kind may move from its state to {@code next}. */
    abstract boolean allows(IntentState next);

    /** {@code payment intent} or {@code refund intent}, for messages. */
    abstract String kind();

    /** The prefix of its notifications' actions: {@code state_} or {@code refund_state_}. */
    abstract String actionPrefix();

    /** What the integrator webhook receives about it. */
    abstract ObjectNode notification();

    /** Starts its history: created, OPEN. */
    void created(Instant now) {
        createdAt = now;
        updatedAt = now;
        history.add(new StateChange(IntentState.OPEN.name(), now));
    }

    /** Moves to {@code next}, or refuses with an {@link IllegalTransition}. */
    void moveTo(IntentState next, Instant now) {
        if (!allows(next)) {
            throw new IllegalTransition("a " + kind() + " in state " + state + " cannot become " + next);
        }
        state = next;
        updatedAt = now;
        history.add(new StateChange(next.name(), now));
    }

    /** The last change of state. */
    StateChange last() {
        return history.get(history.size() - 1);
    }
}
