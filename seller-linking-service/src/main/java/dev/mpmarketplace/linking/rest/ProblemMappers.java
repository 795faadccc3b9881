package dev.mpmarketplace.linking.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mpmarketplace.linking.service.LinkRefusedException;
import dev.mpmarketplace.linking.service.SellerConflictException;
import dev.mpmarketplace.linking.service.SellerNotFoundException;

/** Every error answer is an RFC 9457 problem; none carries a stack trace, a state, a code or a token. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response refused(LinkRefusedException e, UriInfo uri) {
        return Problem.of(e.reason(), "Link refused", e.status(), e.getMessage(), uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response notFound(SellerNotFoundException e, UriInfo uri) {
        return Problem.of("seller-not-found", "Seller not found", 404, e.getMessage(), uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response conflict(SellerConflictException e, UriInfo uri) {
        return Problem.of("seller-conflict", "Seller state conflict", 409, e.getMessage(), uri.getPath())
                .toResponse();
    }

    @ServerExceptionMapper
    public jakarta.ws.rs.core.Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        return Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                "the request was not valid for this resource", uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public jakarta.ws.rs.core.Response unexpected(Throwable e, UriInfo uri) {
        // The exception's type and message only: a stack trace of a client call could quote a request.
        LOG.errorf("unexpected failure on %s: %s", uri.getPath(), e.getClass().getName());
        return Problem.of("internal-error", "Internal error", 500, "the service failed unexpectedly; retry",
                uri.getPath()).toResponse();
    }
}
