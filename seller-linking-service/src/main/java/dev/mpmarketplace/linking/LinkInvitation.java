package dev.mpmarketplace.linking;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A link the marketplace's backend started for one of its sellers ({@code POST /sellers/links}): a single-use URL the
 * seller's browser follows to the consent page, valid {@code linking.link.url-ttl}. Only the SHA-256 of the URL's
 * token is stored.
 */
@Entity
@Table(name = "link_invitation")
public class LinkInvitation {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "reference", nullable = false)
    public String reference;

    @Column(name = "return_to")
    public String returnTo;

    /** Who asked for it: the subject of the backend's bearer token. */
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    /** Set when the seller's browser followed it; it can never be followed again. */
    @Column(name = "used_at")
    public OffsetDateTime usedAt;
}
