package dev.mpmarketplace.linking;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One started link: the SHA-256 of its {@code state} (the state itself is never stored), its PKCE verifier until the
 * callback consumes it, and where the seller returns. Single use, valid {@code linking.link.state-ttl}.
 */
@Entity
@Table(name = "link_attempt")
public class LinkAttempt {

    @Id
    @Column(name = "state_hash")
    public String stateHash;

    @Column(name = "reference", nullable = false)
    public String reference;

    @Column(name = "return_to")
    public String returnTo;

    /** Cleared when the callback uses the attempt. */
    @Column(name = "code_verifier")
    public String codeVerifier;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "used_at")
    public OffsetDateTime usedAt;
}
