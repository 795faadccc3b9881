package dev.mpmarketplace.sellertokens;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemAnswered;
import dev.mpmarketplace.support.problem.ProblemMappers;

/**
 * Answers a {@link SellerTokensUnavailableException} that reached the REST layer with
 * {@link SellerTokensProblems#unavailable} (503 {@code seller-tokens-unavailable}, {@code Retry-After}), through
 * libs/service-support's {@link ProblemMappers} like every other problem (and its {@link ProblemAnswered} event),
 * instead of the 500 {@code internal-error} an unknown exception gets. Discovered in every service that has this
 * library, so no service keeps a mapper of its own. Logged at WARN with the kind of failure only: an outage is not a
 * bug, and its message names Vault's address.
 */
public class SellerTokensUnavailableMapper {

    private static final Logger LOG = Logger.getLogger(SellerTokensUnavailableMapper.class);

    private final ProblemMappers problems;

    public SellerTokensUnavailableMapper(Event<ProblemAnswered> answered) {
        this.problems = new ProblemMappers(answered);
    }

    @ServerExceptionMapper
    public Response unavailable(SellerTokensUnavailableException e, UriInfo uri) {
        LOG.warnf("seller %d: Vault unavailable on %s (%s)", e.userId(), LogFields.safe(uri.getPath()), e.kind());
        return problems.problem(SellerTokensProblems.unavailable(e), uri);
    }
}
