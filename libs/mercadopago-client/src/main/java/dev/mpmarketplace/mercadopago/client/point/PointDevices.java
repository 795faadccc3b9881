package dev.mpmarketplace.mercadopago.client.point;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A page of {@code GET /point/integration-api/devices}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PointDevices(@JsonProperty("devices") List<Device> devices, @JsonProperty("paging") Paging paging) {

    public PointDevices {
        devices = devices == null ? List.of() : List.copyOf(devices);
    }

    /**
     * One device. Its id is opaque ({@code <BRAND>_<MODEL>__<SERIAL>} usually, not always: never parse it).
     *
     * @param storeId a string in the documentation, a number in some mocks: read as text
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(@JsonProperty("id") String id, @JsonProperty("pos_id") Long posId,
            @JsonProperty("store_id") String storeId, @JsonProperty("external_pos_id") String externalPosId,
            @JsonProperty("operating_mode") String operatingMode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Paging(@JsonProperty("total") int total, @JsonProperty("offset") int offset,
            @JsonProperty("limit") int limit) {
    }
}
