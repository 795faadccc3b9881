package dev.mpmarketplace.linking.service;

/** No seller with this user id; a 404 problem. */
public class SellerNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SellerNotFoundException(long userId) {
        super("no seller " + userId);
    }
}
