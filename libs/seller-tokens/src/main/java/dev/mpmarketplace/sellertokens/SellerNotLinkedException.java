package dev.mpmarketplace.sellertokens;

/** The seller has no tokens in Vault: never linked, or unlinked. Acting for it is impossible until it links again. */
public class SellerNotLinkedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long userId;

    public SellerNotLinkedException(long userId) {
        super("seller " + userId + " has no Mercado Pago tokens (not linked or unlinked)");
        this.userId = userId;
    }

    public long userId() {
        return userId;
    }
}
