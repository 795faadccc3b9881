package dev.mpmarketplace.point.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.point.Device;

/** The devices cache. */
@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, Device.Key> {

    /** A seller's cached devices, by id. */
    public Uni<List<Device>> ofSeller(long sellerId) {
        return list("sellerId", Sort.by("deviceId"), sellerId);
    }

    public Uni<Device> find(long sellerId, String deviceId) {
        return findById(new Device.Key(sellerId, deviceId));
    }
}
