package dev.mpmarketplace.sellertokens;

/**
 * A seller's tokens could not be reached: Vault did not answer, or answered an error other than "no such secret" (and,
 * for a read, no cached token was left). Transient, unlike {@link SellerNotLinkedException}: nothing is known about
 * the seller, so a caller must neither act nor conclude that the seller is unlinked; it may try again later. Every
 * service answers it 503 {@code seller-tokens-unavailable} ({@link SellerTokensUnavailableMapper}), and every Kafka
 * consumer retries it in place (it is never a permanent failure). The message names the seller and the kind of
 * failure, never a token nor Vault's address.
 */
public class SellerTokensUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long userId;
    private final String kind;

    /** A read that failed. */
    public SellerTokensUnavailableException(long userId, Throwable cause) {
        this(userId, "read from", cause);
    }

    /**
     * @param operation what could not be done, as in "could not be {@code read from} / {@code destroyed in} Vault"
     */
    public SellerTokensUnavailableException(long userId, String operation, Throwable cause) {
        this(userId, operation, kindOf(cause), cause);
    }

    private SellerTokensUnavailableException(long userId, String operation, String kind, Throwable cause) {
        super("the tokens of seller " + userId + " could not be " + operation + " Vault (" + kind + ")", cause);
        this.userId = userId;
        this.kind = kind;
    }

    public long userId() {
        return userId;
    }

    /** The kind of failure: the cause's simple class name, with Vault's status when it answered one. */
    public String kind() {
        return kind;
    }

    private static String kindOf(Throwable cause) {
        Throwable failure = SellerSecrets.unwrapped(cause);
        if (failure instanceof VaultUnreachableException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        Integer status = SellerSecrets.vaultStatus(failure);
        return failure.getClass().getSimpleName() + (status == null ? "" : " " + status);
    }
}
