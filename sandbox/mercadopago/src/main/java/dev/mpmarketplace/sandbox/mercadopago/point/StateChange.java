package dev.mpmarketplace.sandbox.mercadopago.point;

import java.time.Instant;

/** One entry of a Point intent's or order's history: the state it entered and when (sandbox clock). */
public final class StateChange {
    public String state;
    public Instant at;

    StateChange() {
    }

    StateChange(String state, Instant at) {
        this.state = state;
        this.at = at;
    }
}
