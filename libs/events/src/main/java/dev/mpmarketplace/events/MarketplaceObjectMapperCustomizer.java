package dev.mpmarketplace.events;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/** Gives every Quarkus service of the platform the JSON conventions of {@link MarketplaceJson}. */
@Singleton
public class MarketplaceObjectMapperCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        MarketplaceJson.configure(mapper);
    }
}
