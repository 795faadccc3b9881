package dev.mpmarketplace.linking.service;

import dev.mpmarketplace.support.problem.ProblemException;

/**
 * A link request or callback the service refuses; an RFC 9457 problem of type {@code .../problems/<reason>}. The
 * detail never contains the state, the code or a token.
 */
public class LinkRefusedException extends ProblemException {

    private static final long serialVersionUID = 1L;

    public LinkRefusedException(String reason, int status, String detail) {
        super(reason, "Link refused", status, detail);
    }
}
