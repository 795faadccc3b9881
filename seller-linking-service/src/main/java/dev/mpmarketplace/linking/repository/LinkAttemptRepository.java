package dev.mpmarketplace.linking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

import dev.mpmarketplace.linking.LinkAttempt;

/** Started links, by state hash. */
@ApplicationScoped
public class LinkAttemptRepository implements PanacheRepositoryBase<LinkAttempt, String> {
}
