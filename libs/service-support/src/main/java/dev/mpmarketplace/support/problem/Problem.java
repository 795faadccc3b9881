package dev.mpmarketplace.support.problem;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;

/**
 * An RFC 9457 problem details body, the one error format of every service ({@value #MEDIA_TYPE}).
 * <p>
 * The {@code type} is {@code https://mpmarketplace.dev/problems/<reason>}: the reason is a stable lower-case word
 * (the same word a metric tag uses), so a client can switch on it. {@code title} is the same for every occurrence of
 * a type; {@code detail} says what went wrong with this request. Extension members (for example Mercado Pago's
 * {@code cause} codes) are written beside the standard ones. A problem never carries a stack trace, a token, a
 * secret, a signature or the request body.
 *
 * @param type what kind of problem, a stable URI
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param extensions further members, in order; never {@code null}
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(URI type, String title, int status, String detail, String instance,
        @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://mpmarketplace.dev/problems/";

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    public Problem {
        Objects.requireNonNull(type, "type");
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem of type {@code TYPE_BASE + reason}. */
    public static Problem of(String reason, String title, int status, String detail, String instance) {
        return new Problem(typeOf(reason), title, status, detail, instance, Map.of());
    }

    /** The type URI of a reason. */
    public static URI typeOf(String reason) {
        return URI.create(TYPE_BASE + reason);
    }

    /** The reason: the last segment of the type. */
    @JsonIgnore
    public String reason() {
        String text = type.toString();
        return text.startsWith(TYPE_BASE) ? text.substring(TYPE_BASE.length()) : text;
    }

    /** The same problem with one more extension member. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, more);
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }

    /** The problem as a response builder (more headers may be added); the body is serialised here. */
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
