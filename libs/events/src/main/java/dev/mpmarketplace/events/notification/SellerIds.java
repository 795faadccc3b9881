package dev.mpmarketplace.events.notification;

/**
 * A seller's Mercado Pago / Mercado Libre user id as text: decimal digits only (no sign, no spaces, no leading
 * zero), positive, within a {@code long}: the one spelling of each id. It is part of every raw notification key, so anything else is refused at
 * the edge and poison at a consumer.
 */
public final class SellerIds {

    private static final int MAX_DIGITS = 19;

    private SellerIds() {
    }

    /** The user id the text spells, or {@code null} when it is not one. */
    public static Long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DIGITS || text.charAt(0) == '0') {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            long value = Long.parseLong(text);
            return value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
