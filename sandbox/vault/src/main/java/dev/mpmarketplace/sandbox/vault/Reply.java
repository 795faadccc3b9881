package dev.mpmarketplace.sandbox.vault;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a backend answers to a successful request; the HTTP layer wraps it in Vault's response envelope.
 *
 * @param status the HTTP status code
 * @param data the envelope's {@code data}, or {@code null}
 * @param warnings the envelope's {@code warnings}, or {@code null}
 * @param raw whether the backend built the whole body itself ({@code logical.RespondWithStatusCode}), in which
 *        case Vault leaves {@code mount_type} empty
 */
record Reply(int status, JsonNode data, List<String> warnings, boolean raw) {

    static Reply ok(JsonNode data) {
        return new Reply(200, data, null, false);
    }

    static Reply okWithWarnings(List<String> warnings) {
        return new Reply(200, null, List.copyOf(warnings), false);
    }

    static Reply noContent() {
        return new Reply(204, null, null, false);
    }

    /** A non-200 response that still carries data, e.g. a 404 telling the version metadata of a deleted secret. */
    static Reply withStatus(int status, JsonNode data) {
        return new Reply(status, data, null, true);
    }

    boolean hasBody() {
        return status != 204;
    }
}
