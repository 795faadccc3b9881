package dev.mpmarketplace.payment.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.repository.SellerRepository;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerNotLinkedException;

/**
 * The one way to a seller's access token for a call: refused for a seller seller-linking-service said is unlinked
 * (whatever a token cache still holds, so a dead token is never used), and for a seller without tokens in Vault.
 */
@ApplicationScoped
public class SellerAccess {

    private final SellerRepository sellers;
    private final SellerAccessTokens tokens;

    public SellerAccess(SellerRepository sellers, SellerAccessTokens tokens) {
        this.sellers = sellers;
        this.tokens = tokens;
    }

    /**
     * The seller's current access token.
     *
     * @return fails with the {@code seller-not-linked} problem when the seller is unlinked or has no tokens
     */
    public Uni<String> tokenFor(long sellerId) {
        return Panache.withSession(() -> sellers.findById(sellerId)).chain(seller -> {
            if (seller != null && seller.unlinked()) {
                return Uni.createFrom().failure(PaymentProblems.sellerNotLinked(sellerId));
            }
            return tokens.currentAccessToken(sellerId).onFailure(SellerNotLinkedException.class)
                    .transform(e -> PaymentProblems.sellerNotLinked(sellerId));
        });
    }
}
