package dev.mpmarketplace.linking.rest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.service.SellerQueries;
import dev.mpmarketplace.linking.service.SellerTokenRefresher;
import dev.mpmarketplace.linking.service.SellerUnlinking;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * The marketplace backends' API over sellers: read, list ({@code sellers:read}), unlink, force a refresh
 * ({@code sellers:admin}). Never returns a token.
 */
@Path("/sellers")
@Produces(MediaType.APPLICATION_JSON)
public class SellerResource {

    private static final int MAX_PAGE_SIZE = 200;
    /** The furthest row a page may start at: page x size stays an int, whatever the caller asks. */
    private static final long MAX_OFFSET = 1_000_000_000L;

    private final SellerQueries queries;
    private final SellerUnlinking unlinking;
    private final SellerTokenRefresher refresher;

    public SellerResource(SellerQueries queries, SellerUnlinking unlinking, SellerTokenRefresher refresher) {
        this.queries = queries;
        this.unlinking = unlinking;
        this.refresher = refresher;
    }

    /** A page of sellers. */
    public record SellerPage(int page, int size, List<SellerView> sellers) {
    }

    @GET
    @RolesAllowed(Roles.SELLERS_READ)
    @Path("{userId: \\d+}")
    @Operation(summary = "A seller's status, token expiry and live mode")
    public Uni<SellerView> get(@PathParam("userId") long userId) {
        return queries.get(userId).map(SellerView::of);
    }

    @GET
    @RolesAllowed(Roles.SELLERS_READ)
    @Operation(summary = "Sellers, optionally of one status, by user id")
    public Uni<SellerPage> list(@QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE || (long) page * size > MAX_OFFSET) {
            return Uni.createFrom().failure(ProblemException.badRequest("invalid-page",
                    "page must be >= 0, size between 1 and " + MAX_PAGE_SIZE + ", page x size at most " + MAX_OFFSET));
        }
        Optional<SellerStatus> wanted;
        try {
            wanted = status == null || status.isBlank()
                    ? Optional.empty()
                    : Optional.of(SellerStatus.valueOf(status.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ProblemException.badRequest("invalid-status",
                    "status must be one of LINKED, REAUTHORIZATION_REQUIRED, UNLINKED"));
        }
        return queries.list(wanted, page, size)
                .map(sellers -> new SellerPage(page, size, sellers.stream().map(SellerView::of).toList()));
    }

    @DELETE
    @RolesAllowed(Roles.SELLERS_ADMIN)
    @Path("{userId: \\d+}")
    @Operation(summary = "Unlink a seller on the marketplace's side: destroy its tokens, emit 'unlinked'")
    public Uni<Response> unlink(@PathParam("userId") long userId) {
        return unlinking.unlinkByMarketplace(userId).replaceWith(Response.noContent().build());
    }

    /** The outcome of a forced refresh. */
    public record RefreshResult(String outcome) {
    }

    @POST
    @RolesAllowed(Roles.SELLERS_ADMIN)
    @Path("{userId: \\d+}/refresh")
    @Operation(summary = "Refresh a LINKED seller's tokens now")
    public Uni<RefreshResult> refresh(@PathParam("userId") long userId) {
        return refresher.refreshNow(userId).map(outcome -> new RefreshResult(outcome.name()));
    }
}
