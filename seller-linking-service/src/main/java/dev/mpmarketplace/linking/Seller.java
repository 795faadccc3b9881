package dev.mpmarketplace.linking;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;

/**
 * A seller who linked the marketplace's application. Holds no token: those live in Vault at
 * {@code sellers/<user_id>}, and {@link #secretVersion} is the KV v2 version that holds the current pair.
 * <p>
 * State changes go through the methods below, which refuse illegal transitions.
 */
@Entity
@Table(name = "seller")
public class Seller {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "reference", nullable = false)
    public String reference;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    public SellerStatus status;

    @Column(name = "live_mode")
    public Boolean liveMode;

    @Column(name = "scope")
    public String scope;

    @Column(name = "linked_at", nullable = false)
    public OffsetDateTime linkedAt;

    @Column(name = "token_expires_at")
    public OffsetDateTime tokenExpiresAt;

    @Column(name = "last_refresh_at")
    public OffsetDateTime lastRefreshAt;

    @Column(name = "unlinked_at")
    public OffsetDateTime unlinkedAt;

    @Column(name = "secret_version")
    public Integer secretVersion;

    @Column(name = "refresh_failures", nullable = false)
    public int refreshFailures;

    @Column(name = "next_refresh_attempt_at")
    public OffsetDateTime nextRefreshAttemptAt;

    @Column(name = "last_refresh_error")
    public String lastRefreshError;

    @Column(name = "lease_owner")
    public String leaseOwner;

    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    /**
     * The Vault version whose refresh token a refresh sent to {@code /oauth/token} without its answer being recorded
     * yet (set right before the call, by the lease check); {@code null} when none.
     */
    @Column(name = "pending_refresh_version")
    public Integer pendingRefreshVersion;

    @Column(name = "pending_refresh_at")
    public OffsetDateTime pendingRefreshAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    public long version;

    /** A first link. */
    public static Seller linked(long userId, String reference, GrantedTokens tokens, int secretVersion,
            OffsetDateTime now) {
        Seller seller = new Seller();
        seller.userId = userId;
        seller.relink(reference, tokens, secretVersion, now);
        return seller;
    }

    /** The seller linked again (from any status): new tokens replace the old ones. */
    public void relink(String newReference, GrantedTokens tokens, int newSecretVersion, OffsetDateTime now) {
        reference = newReference;
        status = SellerStatus.LINKED;
        liveMode = tokens.liveMode();
        scope = tokens.scope();
        linkedAt = now;
        tokenExpiresAt = tokens.expiresAt();
        secretVersion = newSecretVersion;
        unlinkedAt = null;
        clearRefreshState();
        updatedAt = now;
    }

    /**
     * New tokens from a refresh, already stored in Vault as {@code newSecretVersion}. The lease is released only when
     * {@code leaseOwner} holds it.
     */
    public void refreshed(OffsetDateTime expiresAt, int newSecretVersion, OffsetDateTime now, String leaseOwner) {
        requireStatus(SellerStatus.LINKED, "refresh");
        if (secretVersion != null && secretVersion >= newSecretVersion) {
            throw new IllegalStateException("seller " + userId + " already records secret version " + secretVersion);
        }
        tokenExpiresAt = expiresAt;
        secretVersion = newSecretVersion;
        lastRefreshAt = now;
        refreshFailures = 0;
        nextRefreshAttemptAt = null;
        lastRefreshError = null;
        if (pendingRefreshVersion != null && pendingRefreshVersion < newSecretVersion) {
            clearPendingRefresh();
        }
        releaseLease(leaseOwner);
        updatedAt = now;
    }

    /**
     * Mercado Pago refused the refresh token (or answered for another user): the seller must link again. The lease is
     * released only when {@code leaseOwner} holds it.
     */
    public void requireReauthorization(String reason, OffsetDateTime now, String leaseOwner) {
        requireStatus(SellerStatus.LINKED, "require reauthorization");
        status = SellerStatus.REAUTHORIZATION_REQUIRED;
        lastRefreshError = reason;
        nextRefreshAttemptAt = null;
        clearPendingRefresh();
        releaseLease(leaseOwner);
        updatedAt = now;
    }

    /**
     * A refresh failed for a reason that may pass (429, 5xx, timeout): retry after {@code retryAt}.
     *
     * @param pendingVersion what the pending mark becomes: still the version sent when the call may have taken effect
     *        (a timeout, a 5xx), what it was before the call when it certainly did not (a 429, a refused
     *        connection)
     * @param leaseOwner the lease is released only when it holds it
     */
    public void refreshPostponed(String reason, OffsetDateTime retryAt, OffsetDateTime now, Integer pendingVersion,
            String leaseOwner) {
        refreshFailures++;
        lastRefreshError = reason;
        nextRefreshAttemptAt = retryAt;
        if (pendingVersion == null) {
            clearPendingRefresh();
        } else {
            pendingRefreshVersion = pendingVersion;
        }
        releaseLease(leaseOwner);
        updatedAt = now;
    }

    /** Gives the refresh lease back, if {@code owner} holds it; another owner's lease is left alone. */
    public void releaseLease(String owner) {
        if (owner != null && owner.equals(leaseOwner)) {
            leaseOwner = null;
            leaseUntil = null;
        }
    }

    /** The seller revoked the application or the marketplace unlinked it; the secret is destroyed. */
    public void unlink(OffsetDateTime now) {
        if (status == SellerStatus.UNLINKED) {
            throw new IllegalStateException("seller " + userId + " is already unlinked");
        }
        status = SellerStatus.UNLINKED;
        unlinkedAt = now;
        secretVersion = null;
        clearRefreshState();
        updatedAt = now;
    }

    /**
     * A (re)link or an unlink starts the refresh history afresh. A refresher's lease stays: only its owner releases
     * it (or it lapses), and that refresher's check-and-set on the old secret version fails harmlessly.
     */
    private void clearRefreshState() {
        refreshFailures = 0;
        nextRefreshAttemptAt = null;
        lastRefreshError = null;
        clearPendingRefresh();
    }

    private void clearPendingRefresh() {
        pendingRefreshVersion = null;
        pendingRefreshAt = null;
    }

    private void requireStatus(SellerStatus expected, String what) {
        if (status != expected) {
            throw new IllegalStateException("cannot " + what + " seller " + userId + " in status " + status);
        }
    }
}
