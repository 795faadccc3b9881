package dev.mpmarketplace.payment.rest;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.mpmarketplace.payment.service.PaymentProblems;
import dev.mpmarketplace.sellertokens.SellerTokensUnavailableException;
import dev.mpmarketplace.support.problem.ProblemAnswered;
import dev.mpmarketplace.support.problem.ProblemMappers;

/**
 * An API request that needed a seller's token while Vault could not tell it (and none was cached): 503
 * {@code seller-tokens-unavailable} with {@code Retry-After}, answered like every other problem, instead of the 500
 * {@code internal-error} an unknown exception gets. Nothing was called or stored before the token was read, so the
 * caller repeats the request with the same Idempotency-Key (the fault suite's {@code VaultOutageFaultIT}).
 */
public class SellerTokensUnavailableMapper {

    private final ProblemMappers problems;

    public SellerTokensUnavailableMapper(Event<ProblemAnswered> answered) {
        this.problems = new ProblemMappers(answered);
    }

    @ServerExceptionMapper
    public Response unavailable(SellerTokensUnavailableException e, UriInfo uri) {
        return problems.problem(PaymentProblems.sellerTokensUnavailable(e), uri);
    }
}
