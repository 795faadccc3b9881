package dev.mpmarketplace.mercadopago.client.mercadolibre;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.MercadoPagoJson;
import dev.mpmarketplace.mercadopago.client.RetryAfterBackoff;
import dev.mpmarketplace.mercadopago.client.RetryableFailure;
import dev.mpmarketplace.mercadopago.client.application.ApplicationTokens;

/**
 * The Mercado Libre feed messages the marketplace's application never acknowledged ({@code GET /missed_feeds}), read
 * with the application's own token ({@link ApplicationTokens}: a seller's token is refused). Mercado Libre keeps them
 * about two days, so a consumer that reads them more often than that loses no notification for good.
 */
@ApplicationScoped
public class MercadoLibreMissedFeeds {

    public static final String LIST = "GET /missed_feeds";
    /** The most messages one page may hold. */
    public static final int MAX_LIMIT = 1000;

    private final MercadoLibreMissedFeedsApi api;
    private final ApplicationTokens application;
    private final MercadoPagoClientConfig config;

    public MercadoLibreMissedFeeds(@RestClient MercadoLibreMissedFeedsApi api, ApplicationTokens application,
            MercadoPagoClientConfig config) {
        this.api = api;
        this.application = application;
        this.config = config;
    }

    /**
     * One page of the application's missed messages, oldest first.
     *
     * @param applicationId the application ({@code app_id})
     * @param topic only this topic, or {@code null} for every topic
     * @param offset how many to skip
     * @param limit at most this many, 1 to {@value #MAX_LIMIT}
     */
    @Retry(maxRetries = 2, delay = 250, maxDuration = 20_000)
    @RetryWhen(exception = RetryableFailure.class)
    @CustomBackoff(RetryAfterBackoff.class)
    public Uni<List<MissedFeedMessage>> page(String applicationId, String topic, int offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT + ": " + limit);
        }
        return application.accessToken()
                .chain(token -> api.list("Bearer " + token, applicationId, topic, offset, limit))
                .ifNoItem().after(config.timeout()).failWith(TimeoutException::new)
                .onFailure().transform(failure -> MercadoPagoErrors.classify(LIST, failure))
                .map(MercadoLibreMissedFeeds::messages);
    }

    static List<MissedFeedMessage> messages(String json) {
        JsonNode answer = MercadoPagoJson.object(LIST, json);
        JsonNode messages = answer.get("messages");
        if (messages == null || !messages.isArray()) {
            throw MercadoPagoException.of(MercadoPagoException.Kind.INVALID_RESPONSE, LIST,
                    "the answer has no messages array", null);
        }
        List<MissedFeedMessage> page = new ArrayList<>();
        for (JsonNode message : messages) {
            page.add(new MissedFeedMessage(MercadoPagoJson.text(message.get("_id")),
                    MercadoPagoJson.text(message.get("topic")), MercadoPagoJson.text(message.get("resource")),
                    MercadoPagoJson.longOrNull(message.get("user_id")),
                    MercadoPagoJson.text(message.get("application_id")),
                    MercadoPagoJson.intOrNull(message.get("attempts")), MercadoPagoJson.date(message.get("sent")),
                    MercadoPagoJson.date(message.get("received")), message.toString()));
        }
        return page;
    }
}
