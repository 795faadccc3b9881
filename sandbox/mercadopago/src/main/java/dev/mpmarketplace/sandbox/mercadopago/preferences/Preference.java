package dev.mpmarketplace.sandbox.mercadopago.preferences;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;

/**
 * A Checkout Pro preference as the sandbox keeps it: who it belongs to, the token it was created with (the checkout
 * page pays in that name), and the request fields as the integrator sent them, which the resource echoes.
 */
public final class Preference {
    /** {@code <collector_id>-<uuid>}. */
    public String id;
    public long collectorId;
    /** The {@code client_id} the resource shows. */
    public String clientId;
    /** The application of the token that created it ({@code null} for a user's own token). */
    public String tokenClientId;
    public IssuedToken.Kind tokenKind;
    public String siteId;
    public Instant dateCreated;
    /** {@code null} until the first update. */
    public Instant lastUpdated;
    /** The request's fields (an update replaces the top-level fields it sends); valid by {@link PreferenceTerms}. */
    public ObjectNode request;
    /** Ids of the payments made on the checkout page, oldest first. */
    public List<String> paymentIds = new ArrayList<>();
}
