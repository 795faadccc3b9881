package dev.mpmarketplace.linking.service;

import dev.mpmarketplace.support.problem.ProblemException;

/**
 * The seller is not in a state that allows the request (already unlinked, being refreshed); a 409 problem
 * {@code seller-conflict}.
 */
public class SellerConflictException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public SellerConflictException(String detail) {
        super("seller-conflict", "Seller state conflict", 409, detail);
    }
}
