package dev.mpmarketplace.sandbox.mercadopago.http;

import java.util.function.Function;

/** Reading query parameters the one way, each API answering a bad one with its own error. */
public final class QueryParams {

    private QueryParams() {
    }

    /**
     * An integer parameter within bounds.
     *
     * @param absent what an absent or blank parameter stands for
     * @param refusal the API's error for a bad value, given the message
     */
    public static long integer(String value, String name, long absent, long min, long max,
            Function<String, ApiError> refusal) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Answered below like an out-of-range value.
        }
        throw refusal.apply(name + " must be an integer from " + min + " to " + max);
    }
}
