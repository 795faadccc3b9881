package dev.mpmarketplace.events.point;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an intent asks the device to do. Lower case on the wire. */
public enum PointIntentKind {
    /** Take a payment. */
    PAYMENT,
    /** Refund a payment an earlier payment intent took (on the same device, or through the Orders API). */
    REFUND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PointIntentKind fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
