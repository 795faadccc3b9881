package dev.mpmarketplace.ingest.rest;

import java.net.URI;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;

/**
 * An RFC 9457 problem details body, the service's one error format ({@value #MEDIA_TYPE}). The {@code type} is
 * {@code https://mpmarketplace.dev/problems/<reason>}, the reason being the same word as the metric tag. A problem
 * never carries a stack trace, a signature, a secret or the request body.
 *
 * @param type what kind of problem, a stable URI
 * @param title a short summary of the kind, the same for every occurrence
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 */
public record Problem(URI type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://mpmarketplace.dev/problems/";

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    public static Problem of(String reason, String title, int status, String detail, String instance) {
        return new Problem(URI.create(TYPE_BASE + reason), title, status, detail, instance);
    }

    /** The problem as a response builder (more headers may be added), body serialised here. */
    public Response.ResponseBuilder toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(json());
    }

    /** The body as JSON text. */
    public String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem is always serialisable", e);
        }
    }
}
