package dev.mpmarketplace.ingest.support;

import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small named builders of notification bodies, in the shapes the reference documents. */
public final class Notifications {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Notifications() {
    }

    /** A unique resource id for one test, so its records can be told apart from every other test's. */
    public static String uniqueId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));
    }

    /** A Mercado Pago Webhooks body (reference 6.1). */
    public static ObjectNode mercadoPago(String type, String action, String dataId, long userId) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", ThreadLocalRandom.current().nextLong(10_000_000_000L, 99_999_999_999L))
                .put("live_mode", true)
                .put("type", type)
                .put("date_created", "2026-11-22T10:04:58.396-03:00")
                .put("user_id", userId)
                .put("api_version", "v1")
                .put("action", action);
        body.putObject("data").put("id", dataId);
        return body;
    }

    /** A Mercado Libre feed notification (reference 6.5). */
    public static ObjectNode mercadoLibre(String topic, String resource, long userId, String applicationId) {
        return JSON.createObjectNode()
                .put("_id", java.util.UUID.randomUUID().toString())
                .put("resource", resource)
                .put("user_id", userId)
                .put("topic", topic)
                .put("application_id", Long.parseLong(applicationId))
                .put("attempts", 1)
                .put("sent", "2026-11-22T13:19:20.129Z")
                .put("received", "2026-11-22T13:19:20.106Z");
    }

    /** A Point integrator webhook body: the raw payment intent (reference 5A). */
    public static ObjectNode pointIntent(String intentId, String state, long callerId) {
        ObjectNode body = JSON.createObjectNode()
                .put("amount", 100)
                .put("caller_id", callerId)
                .put("client_id", 1234567890L)
                .put("created_at", "2026-11-22 17:10:37")
                .put("id", intentId)
                .put("state", state);
        body.putObject("payment").put("id", 123456789L).put("state", "approved").put("type", "credit_card");
        body.putObject("additional_info").put("external_reference", "information").put("ticket_number", "39SHDKKDJ");
        return body;
    }
}
