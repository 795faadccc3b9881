package dev.mpmarketplace.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration of the platform, used for event payloads, HTTP bodies and Mercado Pago calls alike:
 * {@code snake_case} names (Mercado Pago's own convention, so a payload reads the same on every side), ISO-8601
 * dates with offsets, money as exact decimals (also inside a {@code JsonNode}: {@code 10.50} stays {@code 10.50}),
 * absent values omitted, unknown fields tolerated (both providers add fields without notice).
 * <p>
 * Inside Quarkus the configuration reaches the application's {@code ObjectMapper} through
 * {@link MarketplaceObjectMapperCustomizer}; outside it, use {@link #newMapper()}.
 */
public final class MarketplaceJson {

    private MarketplaceJson() {
    }

    /** Applies the platform's JSON conventions to a mapper and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper
                .registerModule(new JavaTimeModule())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** A new mapper with the platform's JSON conventions, for code that runs outside a Quarkus application. */
    public static ObjectMapper newMapper() {
        return configure(new ObjectMapper());
    }
}
