package dev.mpmarketplace.linking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

import dev.mpmarketplace.linking.OutboxEvent;

/** Seller events in the outbox; written with the change they state, relayed by {@code SellerEventRelay}. */
@ApplicationScoped
public class OutboxEventRepository implements PanacheRepositoryBase<OutboxEvent, Long> {
}
