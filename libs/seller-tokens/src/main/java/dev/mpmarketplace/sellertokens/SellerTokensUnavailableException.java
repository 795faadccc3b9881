package dev.mpmarketplace.sellertokens;

/**
 * A seller's tokens could not be read: Vault did not answer, or answered an error other than "no such secret", and
 * no cached token was left. Transient, unlike {@link SellerNotLinkedException}: nothing is known about the seller, so
 * a caller must neither act nor conclude that the seller is unlinked; it may try again later. The message names the
 * seller and the kind of failure, never a token.
 */
public class SellerTokensUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long userId;

    public SellerTokensUnavailableException(long userId, Throwable cause) {
        super("the tokens of seller " + userId + " could not be read from Vault (" + cause.getClass().getSimpleName()
                + ")", cause);
        this.userId = userId;
    }

    public long userId() {
        return userId;
    }
}
