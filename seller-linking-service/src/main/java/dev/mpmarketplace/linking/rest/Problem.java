package dev.mpmarketplace.linking.rest;

import java.net.URI;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;

/**
 * An RFC 9457 problem details body, the service's one error format ({@value #MEDIA_TYPE}); the type is
 * {@code https://mpmarketplace.dev/problems/<reason>}. Never carries a state, a code, a token or a stack trace.
 */
public record Problem(URI type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://mpmarketplace.dev/problems/";

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    public static Problem of(String reason, String title, int status, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + reason), title, status, detail, instance);
    }

    public Response toResponse() {
        try {
            return Response.status(status).type(MEDIA_TYPE).entity(JSON.writeValueAsString(this)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem is always serialisable", e);
        }
    }
}
