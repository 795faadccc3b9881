package dev.mpmarketplace.ingest.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.mpmarketplace.events.notification.RawNotification;

/**
 * The 200 answer to an accepted notification, {@code {"event_id":"<ce_id>"}}: the CloudEvents id it was published
 * under, so an operator can find the record of a delivery seen in the provider's panel.
 */
final class Receipt {

    private Receipt() {
    }

    /**
     * A 200 with the receipt. The media type is fixed, so no {@code Accept} header can turn it into a 406; the body is
     * written by hand, as the id is a UUID (nothing to escape) and this runs for every notification.
     */
    static Response accepted(RawNotification notification) {
        return Response.ok("{\"event_id\":\"" + notification.attributes().id() + "\"}", MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
