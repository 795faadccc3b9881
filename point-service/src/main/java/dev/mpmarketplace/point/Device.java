package dev.mpmarketplace.point;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A seller's Point device as Mercado Pago listed it last: a cache ({@code GET /sellers/{id}/devices} refreshes it on
 * demand or when stale). A mode set through the API takes effect only when the device restarts, so it is kept apart
 * ({@link #requestedOperatingMode}) until the list shows it.
 */
@Entity
@Table(name = "device")
@IdClass(Device.Key.class)
public class Device {

    /** The key: a seller and its device. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public long sellerId;
        public String deviceId;

        public Key() {
        }

        public Key(long sellerId, String deviceId) {
            this.sellerId = sellerId;
            this.deviceId = deviceId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sellerId == sellerId && Objects.equals(key.deviceId, deviceId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sellerId, deviceId);
        }
    }

    @Id
    @Column(name = "seller_id")
    public long sellerId;

    @Id
    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "pos_id")
    public Long posId;

    @Column(name = "store_id")
    public String storeId;

    @Column(name = "external_pos_id")
    public String externalPosId;

    @Column(name = "operating_mode", nullable = false)
    public String operatingMode;

    /** A mode set through the API that the device has not shown yet (it takes effect on restart). */
    @Column(name = "requested_operating_mode")
    public String requestedOperatingMode;

    @Column(name = "refreshed_at", nullable = false)
    public OffsetDateTime refreshedAt;

    /** What Mercado Pago listed now; a requested mode is forgotten once the device shows it. */
    public void listed(Long pos, String store, String externalPos, String mode, OffsetDateTime now) {
        posId = pos;
        storeId = store;
        externalPosId = externalPos;
        operatingMode = mode;
        if (mode != null && mode.equals(requestedOperatingMode)) {
            requestedOperatingMode = null;
        }
        refreshedAt = now;
    }
}
