package dev.mpmarketplace.linking.service;

/** The seller is not in a state that allows the request (already unlinked, being refreshed); a 409 problem. */
public class SellerConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SellerConflictException(String detail) {
        super(detail);
    }
}
