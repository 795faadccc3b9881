package dev.mpmarketplace.point.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.point.IntentChange;

/** Intents' timelines. */
@ApplicationScoped
public class IntentChangeRepository implements PanacheRepositoryBase<IntentChange, Long> {

    /** An intent's changes, oldest first. */
    public Uni<List<IntentChange>> timeline(UUID intentId) {
        return list("intentId", Sort.by("id"), intentId);
    }
}
