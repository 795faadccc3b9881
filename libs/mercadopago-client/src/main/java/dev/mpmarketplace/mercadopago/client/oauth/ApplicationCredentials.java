package dev.mpmarketplace.mercadopago.client.oauth;

import java.util.Objects;

/**
 * The marketplace application's {@code client_id} and {@code client_secret}. {@link #toString()} is redacted.
 *
 * @param clientId the application id
 * @param clientSecret the application secret
 */
public record ApplicationCredentials(String clientId, String clientSecret) {

    public ApplicationCredentials {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
    }

    @Override
    public String toString() {
        return "ApplicationCredentials[client_id=" + clientId + ", client_secret=<redacted>]";
    }
}
