package dev.mpmarketplace.payment.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.payment.SellerLinkStatus;
import dev.mpmarketplace.sellertokens.SellerAccessTokens;
import dev.mpmarketplace.sellertokens.SellerNotLinkedException;
import dev.mpmarketplace.support.context.CallerContext;

/**
 * The one way to a seller's access token for a call: refused for a seller seller-linking-service said is unlinked
 * (whatever a token cache still holds, so a dead token is never used), and for a seller without tokens in Vault. The
 * link's state is read with one statement on the pool (no session, no entity), on every call.
 */
@ApplicationScoped
public class SellerAccess {

    private final Pool pool;
    private final SellerAccessTokens tokens;

    public SellerAccess(Pool pool, SellerAccessTokens tokens) {
        this.pool = pool;
        this.tokens = tokens;
    }

    /**
     * The seller's current access token.
     *
     * @return fails with the {@code seller-not-linked} problem when the seller is unlinked or has no tokens
     */
    public Uni<String> tokenFor(long sellerId) {
        return CallerContext.resume(pool.preparedQuery("SELECT link_status FROM seller WHERE seller_id = $1")
                .execute(Tuple.of(sellerId)))
                .chain(rows -> tokenFor(sellerId, rows.size() == 0 ? null : rows.iterator().next().getString(0)));
    }

    /**
     * The seller's current access token, its link's state already read ({@code null}: the service knows nothing of
     * it, and Vault decides).
     */
    public Uni<String> tokenFor(long sellerId, String linkStatus) {
        if (SellerLinkStatus.UNLINKED.name().equals(linkStatus)) {
            return Uni.createFrom().failure(PaymentProblems.sellerNotLinked(sellerId));
        }
        return tokens.currentAccessToken(sellerId).onFailure(SellerNotLinkedException.class)
                .transform(e -> PaymentProblems.sellerNotLinked(sellerId));
    }
}
