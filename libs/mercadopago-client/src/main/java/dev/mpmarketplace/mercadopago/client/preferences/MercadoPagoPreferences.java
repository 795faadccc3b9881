package dev.mpmarketplace.mercadopago.client.preferences;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoCalls;
import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.RetryableWithoutEffect;

/**
 * A seller's Checkout Pro preferences at Mercado Pago, called with the seller's access token: every call bounded by
 * {@code mercadopago.client.timeout}, every failure a classified {@link MercadoPagoException}.
 * <p>
 * Retries: reads and updates (a {@code PUT} sets fields: repeating it changes nothing more) on any retryable failure;
 * {@link #create} only when the failure certainly had no effect (429, no connection). A create whose outcome is
 * unknown fails at once with {@link MercadoPagoException#outcomeUnknown()}: the caller asks first
 * ({@link #findByExternalReference}) and repeats only with the same idempotency key.
 */
@ApplicationScoped
public class MercadoPagoPreferences {

    public static final String CREATE = "POST /checkout/preferences";
    public static final String GET = "GET /checkout/preferences/{id}";
    public static final String UPDATE = "PUT /checkout/preferences/{id}";
    public static final String SEARCH = "GET /checkout/preferences/search";

    private final MercadoPagoPreferencesApi api;
    private final MercadoPagoClientConfig config;

    public MercadoPagoPreferences(@RestClient MercadoPagoPreferencesApi api, MercadoPagoClientConfig config) {
        this.api = api;
        this.config = config;
    }

    /**
     * Creates a preference.
     *
     * @param body the preference as JSON text (reference section 3)
     */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableWithoutEffect.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPreference> create(String accessToken, String idempotencyKey, String body) {
        return bounded(CREATE, api.create(bearer(accessToken), idempotencyKey, body))
                .map(json -> MercadoPagoPreference.parse(CREATE, json));
    }

    /** The preference as Mercado Pago has it now. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPreference> get(String accessToken, String preferenceId) {
        return bounded(GET, api.get(bearer(accessToken), preferenceId))
                .map(json -> MercadoPagoPreference.parse(GET, json));
    }

    /** Replaces the top-level fields {@code body} holds (JSON text); answers the preference after the change. */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<MercadoPagoPreference> update(String accessToken, String preferenceId, String body) {
        return bounded(UPDATE, api.update(bearer(accessToken), preferenceId, body))
                .map(json -> MercadoPagoPreference.parse(UPDATE, json));
    }

    /**
     * The ids of the seller's preferences whose {@code external_reference} is exactly {@code externalReference}
     * (newest first; the first page of 100 is plenty for a reference the platform makes unique).
     */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<List<String>> findByExternalReference(String accessToken, String externalReference) {
        return bounded(SEARCH, api.search(bearer(accessToken), externalReference, 100, 0)).map(json -> {
            JsonNode page = MercadoPagoJson.read(SEARCH, json);
            if (!page.path("elements").isArray()) {
                throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, SEARCH,
                        "the answer is not a preference search", null);
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode element : page.get("elements")) {
                if (externalReference.equals(MercadoPagoJson.text(element.get("external_reference")))
                        && element.path("id").isTextual()) {
                    ids.add(element.get("id").asText());
                }
            }
            return ids;
        });
    }

    private <T> Uni<T> bounded(String operation, Uni<T> call) {
        return MercadoPagoCalls.bounded(operation, config.timeout(), call);
    }

    private static String bearer(String accessToken) {
        return MercadoPagoCalls.bearer(accessToken);
    }
}
