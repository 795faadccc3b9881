package dev.mpmarketplace.linking.service;

import dev.mpmarketplace.support.problem.ProblemException;

/** No seller with this user id; a 404 problem {@code seller-not-found}. */
public class SellerNotFoundException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public SellerNotFoundException(long userId) {
        super("seller-not-found", "Seller not found", 404, "no seller " + userId);
    }
}
