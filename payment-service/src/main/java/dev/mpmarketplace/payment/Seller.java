package dev.mpmarketplace.payment;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * What payment-service knows of a seller: the link's state as seller-linking-service's events said it (an unlinked
 * seller is never called for, whatever a token cache still holds), and where the reconciliation sweep stands for it.
 */
@Entity
@Table(name = "seller")
public class Seller {

    @Id
    @Column(name = "seller_id")
    public Long sellerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "link_status", nullable = false)
    public SellerLinkStatus linkStatus;

    @Column(name = "link_changed_at", nullable = false)
    public OffsetDateTime linkChangedAt;

    /** Mercado Pago's {@code date_last_updated} of the newest change the sweep applied, as Mercado Pago wrote it. */
    @Column(name = "swept_until")
    public String sweptUntil;

    @Column(name = "last_swept_at")
    public OffsetDateTime lastSweptAt;

    @Column(name = "sweep_lease_owner")
    public String sweepLeaseOwner;

    @Column(name = "sweep_lease_until")
    public OffsetDateTime sweepLeaseUntil;

    public boolean unlinked() {
        return linkStatus == SellerLinkStatus.UNLINKED;
    }
}
