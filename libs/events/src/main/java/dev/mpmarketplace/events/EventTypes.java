package dev.mpmarketplace.events;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CloudEvents {@code type} names. Every type is reverse-DNS under {@value #PREFIX}, names the aggregate and the
 * fact, and ends in a major version: {@code dev.mpmarketplace.seller.linked.v1}. A breaking change to an event's
 * data is a new type ({@code .v2}) published beside the old one until its consumers have moved.
 */
public final class EventTypes {

    public static final String PREFIX = "dev.mpmarketplace";

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern NOT_SEGMENT_CHARS = Pattern.compile("[^a-z0-9-]+");

    private EventTypes() {
    }

    /**
     * The type of a domain event, e.g. {@code domain("seller", "linked")} is {@code dev.mpmarketplace.seller.linked.v1}.
     *
     * @throws IllegalArgumentException when a segment is not lower-case letters, digits and dashes
     */
    public static String domain(String aggregate, String fact) {
        return PREFIX + "." + segment(aggregate) + "." + segment(fact) + ".v1";
    }

    /**
     * The type of a command to a service, e.g. {@code command("payment", "create")} is
     * {@code dev.mpmarketplace.command.payment.create.v1}: a request, not a fact, so it has a namespace of its own.
     */
    public static String command(String aggregate, String action) {
        return PREFIX + ".command." + segment(aggregate) + "." + segment(action) + ".v1";
    }

    /**
     * The type of a raw notification from a provider about one of its notification topics; the provider's topic is
     * normalised to a type segment, e.g. {@code rawNotification("mercadopago", "point_integration_wh")} is
     * {@code dev.mpmarketplace.notification.mercadopago.point-integration-wh.v1}.
     */
    public static String rawNotification(String provider, String providerTopic) {
        String normalised = NOT_SEGMENT_CHARS.matcher(providerTopic.toLowerCase(Locale.ROOT)).replaceAll("-");
        return PREFIX + ".notification." + segment(provider) + "." + segment(normalised) + ".v1";
    }

    private static String segment(String value) {
        if (value == null || !SEGMENT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a type segment (lower-case letters, digits, dashes): " + value);
        }
        return value;
    }
}
