package dev.mpmarketplace.linking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;

/** The seller's refresh transitions: a lease is released only by its owner, and versions only move forward. */
class SellerTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 27, 12, 0, 0, 0, ZoneOffset.UTC);

    private static Seller leasedBy(String owner) {
        Seller seller = Seller.linked(42L, "ref-42", new GrantedTokens(42L, "a", "r", null, "read", true,
                NOW.plusDays(180)), 1, NOW);
        seller.leaseOwner = owner;
        seller.leaseUntil = NOW.plusMinutes(1);
        seller.pendingRefreshVersion = 1;
        return seller;
    }

    @Test
    void aRefreshReleasesTheLeaseOnlyForItsOwner() {
        Seller theirs = leasedBy("replica-b:sweep:7");
        theirs.refreshed(NOW.plusDays(180), 2, NOW, "replica-a:sweep:3");
        assertThat(theirs.leaseOwner).isEqualTo("replica-b:sweep:7");
        assertThat(theirs.leaseUntil).isNotNull();
        assertThat(theirs.secretVersion).isEqualTo(2);
        assertThat(theirs.pendingRefreshVersion).as("the mark of the spent version 1 is answered").isNull();

        Seller ours = leasedBy("replica-a:sweep:3");
        ours.refreshed(NOW.plusDays(180), 2, NOW, "replica-a:sweep:3");
        assertThat(ours.leaseOwner).isNull();
        assertThat(ours.leaseUntil).isNull();
    }

    @Test
    void reauthorizationAndPostponementLeaveAnotherOwnersLeaseAlone() {
        Seller refused = leasedBy("replica-b:manual:1");
        refused.requireReauthorization("invalid_grant", NOW, "replica-a:sweep:3");
        assertThat(refused.status).isEqualTo(SellerStatus.REAUTHORIZATION_REQUIRED);
        assertThat(refused.leaseOwner).isEqualTo("replica-b:manual:1");

        Seller postponed = leasedBy("replica-b:manual:1");
        postponed.refreshPostponed("timeout", NOW.plusMinutes(1), NOW, 1, "replica-a:sweep:3");
        assertThat(postponed.leaseOwner).isEqualTo("replica-b:manual:1");
        assertThat(postponed.pendingRefreshVersion).isEqualTo(1);
        postponed.refreshPostponed("rate_limited", NOW.plusMinutes(2), NOW, null, "replica-b:manual:1");
        assertThat(postponed.leaseOwner).isNull();
        assertThat(postponed.pendingRefreshVersion).isNull();
        assertThat(postponed.refreshFailures).isEqualTo(2);
    }

    @Test
    void aRelinkStartsTheRefreshHistoryAfreshButKeepsARefreshersLease() {
        Seller seller = leasedBy("replica-b:sweep:7");
        seller.refreshFailures = 3;
        seller.relink("ref-42", new GrantedTokens(42L, "a2", "r2", null, "read", true, NOW.plusDays(180)), 5, NOW);
        assertThat(seller.leaseOwner).isEqualTo("replica-b:sweep:7");
        assertThat(seller.pendingRefreshVersion).isNull();
        assertThat(seller.refreshFailures).isZero();
    }

    @Test
    void aRefreshNeverMovesTheSecretVersionBackwards() {
        Seller seller = leasedBy("replica-a:sweep:3");
        seller.refreshed(NOW.plusDays(180), 3, NOW, "replica-a:sweep:3");
        assertThatThrownBy(() -> seller.refreshed(NOW.plusDays(180), 2, NOW, "replica-a:sweep:4"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(seller.secretVersion).isEqualTo(3);
    }
}
