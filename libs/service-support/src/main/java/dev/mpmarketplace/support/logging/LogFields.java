package dev.mpmarketplace.support.logging;

import java.util.function.Supplier;

import org.jboss.logging.MDC;

/**
 * The MDC fields every service's log lines carry (JSON logs: one field each), and the one way to put them.
 * <p>
 * In Quarkus the MDC of reactive code lives in the Vert.x (duplicated) context of the request or the Kafka record, so
 * fields put at the start of a request or a record stay on every line logged for it. Values are
 * {@link #safe(String) made safe} first: they may come from a request.
 */
public final class LogFields {

    /** The Mercado Pago user id of the seller a line is about. */
    public static final String SELLER_ID = "seller_id";
    /** The id of the resource a line is about (a payment, an intent, an order, a notification's resource). */
    public static final String RESOURCE_ID = "resource_id";
    /** The CloudEvent id of the record being processed. */
    public static final String EVENT_ID = "event_id";
    /** The provider's or the caller's request id. */
    public static final String REQUEST_ID = "request_id";

    private static final int MAX_LENGTH = 200;

    private LogFields() {
    }

    /** Puts the seller and the resource on every further line of the current request or record. */
    public static void put(Object sellerId, Object resourceId) {
        putField(SELLER_ID, sellerId);
        putField(RESOURCE_ID, resourceId);
    }

    /** Puts one field; a {@code null} value removes it. */
    public static void putField(String field, Object value) {
        if (value == null) {
            MDC.remove(field);
        } else {
            MDC.put(field, safe(value.toString()));
        }
    }

    /** Runs {@code work} with the seller and resource in the MDC, and removes them afterwards. */
    public static <T> T with(Object sellerId, Object resourceId, Supplier<T> work) {
        put(sellerId, resourceId);
        try {
            return work.get();
        } finally {
            MDC.remove(SELLER_ID);
            MDC.remove(RESOURCE_ID);
        }
    }

    /**
     * Text that came from outside, made fit for a log line: control characters (a forged line break, an escape
     * sequence) replaced by {@code ?}, and at most 200 characters.
     */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        String bounded = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
        StringBuilder out = null;
        for (int i = 0; i < bounded.length(); i++) {
            char c = bounded.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(bounded.length()).append(bounded, 0, i);
                }
                out.append('?');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? bounded : out.toString();
    }
}
