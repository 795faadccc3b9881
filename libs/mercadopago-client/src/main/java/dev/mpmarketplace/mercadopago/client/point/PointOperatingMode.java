package dev.mpmarketplace.mercadopago.client.point;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A device's operating mode: {@code PDV} (integrated: takes intents and orders) or {@code STANDALONE}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PointOperatingMode(@JsonProperty("operating_mode") String operatingMode) {

    public static final String PDV = "PDV";
    public static final String STANDALONE = "STANDALONE";
}
