package dev.mpmarketplace.orders.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.orders.TimelineEntry;

/** Orders' timelines. */
@ApplicationScoped
public class TimelineRepository implements PanacheRepositoryBase<TimelineEntry, TimelineEntry.Key> {

    /** An order's timeline, in the order its entries were written. */
    public Uni<List<TimelineEntry>> ofOrder(UUID orderId) {
        return list("orderId", Sort.by("seq"), orderId);
    }
}
