package dev.mpmarketplace.events.point;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which Mercado Pago API carries a seller's Point intents. Lower case on the wire. */
public enum PointAdapter {
    /** The Point Integration API ({@code /point/integration-api}, seed 002): payment and refund intents. */
    INTEGRATION_API,
    /** The Orders API ({@code /v1/orders} with {@code type: point}), which Mercado Pago recommends for new work. */
    ORDERS_API;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PointAdapter fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
