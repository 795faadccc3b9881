package dev.mpmarketplace.linking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

import dev.mpmarketplace.linking.LinkInvitation;

/** Single-use link URLs, by token hash. */
@ApplicationScoped
public class LinkInvitationRepository implements PanacheRepositoryBase<LinkInvitation, String> {
}
