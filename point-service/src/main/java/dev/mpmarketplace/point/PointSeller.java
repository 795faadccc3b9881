package dev.mpmarketplace.point;

import java.time.Duration;
import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import dev.mpmarketplace.events.point.PointAdapter;

/**
 * A seller's Point set-up: whether the marketplace switched Point on for it, which Mercado Pago API its intents use,
 * and the registration of its integrator webhook (the Integration API's notifications, and the challenge whose key is
 * the seller's integrator token in Vault). Changes go through the methods below.
 */
@Entity
@Table(name = "point_seller")
public class PointSeller {

    @Id
    @Column(name = "seller_id")
    public Long sellerId;

    @Column(name = "enabled", nullable = false)
    public boolean enabled;

    @Enumerated(EnumType.STRING)
    @Column(name = "adapter", nullable = false)
    public PointAdapter adapter;

    /** The seller's site ({@code MLB}, ...), read from {@code GET /users/me} with its token. */
    @Column(name = "site_id")
    public String siteId;

    /** The site's currency, ISO 4217. */
    @Column(name = "currency")
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(name = "registration", nullable = false)
    public RegistrationState registration;

    /** The webhook registered last (ingest's {@code /webhooks/point/<seller_id>}). */
    @Column(name = "webhook_url")
    public String webhookUrl;

    @Column(name = "registration_attempts", nullable = false)
    public int registrationAttempts;

    @Column(name = "last_attempt_at")
    public OffsetDateTime lastAttemptAt;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    /** Why the last attempt failed (Mercado Pago's words, never a token); null after a success. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "registered_at")
    public OffsetDateTime registeredAt;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    public long version;

    public static PointSeller configured(long sellerId, boolean enabled, PointAdapter adapter, OffsetDateTime now) {
        PointSeller seller = new PointSeller();
        seller.sellerId = sellerId;
        seller.createdAt = now;
        seller.registration = RegistrationState.NOT_REQUIRED;
        seller.configure(enabled, adapter, now);
        return seller;
    }

    /** Whether its intents need the integrator webhook. */
    public boolean needsIntegratorWebhook() {
        return enabled && adapter == PointAdapter.INTEGRATION_API;
    }

    /**
     * The marketplace switched Point on or off, or changed the adapter. Switching on the Integration API asks for a
     * registration at once (unless already registered); anything else needs none. Intents already made keep their
     * adapter.
     */
    public void configure(boolean enable, PointAdapter newAdapter, OffsetDateTime now) {
        enabled = enable;
        adapter = newAdapter;
        if (!needsIntegratorWebhook()) {
            registration = RegistrationState.NOT_REQUIRED;
            nextAttemptAt = null;
        } else if (registration != RegistrationState.REGISTERED) {
            registrationDue(now);
        }
        updatedAt = now;
    }

    /** The seller linked (again): its integrator may be new, so it is registered again. */
    public void linked(OffsetDateTime now) {
        if (needsIntegratorWebhook()) {
            registrationDue(now);
        }
        updatedAt = now;
    }

    /** The seller has no tokens: nothing can be registered until it links. */
    public void notLinked(OffsetDateTime now) {
        if (needsIntegratorWebhook()) {
            registration = RegistrationState.SELLER_NOT_LINKED;
            nextAttemptAt = null;
            lastError = "the seller has no Mercado Pago tokens (not linked)";
        }
        updatedAt = now;
    }

    /** The webhook passed the challenge. */
    public void registered(String url, OffsetDateTime now) {
        registration = RegistrationState.REGISTERED;
        webhookUrl = url;
        registeredAt = now;
        registrationAttempts = 0;
        nextAttemptAt = null;
        lastError = null;
        lastAttemptAt = now;
        updatedAt = now;
    }

    /** An attempt failed; the next one waits {@code backoffInitial} doubled per failure, at most {@code backoffMax}. */
    public void registrationFailed(String error, Duration backoffInitial, Duration backoffMax, OffsetDateTime now) {
        registration = RegistrationState.FAILED;
        registrationAttempts++;
        lastError = error;
        lastAttemptAt = now;
        long factor = 1L << Math.min(20, registrationAttempts - 1);
        Duration delay = backoffInitial.multipliedBy(factor);
        nextAttemptAt = now.plus(delay.compareTo(backoffMax) > 0 ? backoffMax : delay);
        updatedAt = now;
    }

    private void registrationDue(OffsetDateTime now) {
        registration = RegistrationState.PENDING;
        registrationAttempts = 0;
        nextAttemptAt = now;
        lastError = null;
    }
}
