package dev.mpmarketplace.linking.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.linking.config.LinkingConfig;
import dev.mpmarketplace.mercadopago.client.users.TestUsers;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * Creates Mercado Pago test accounts (sellers to link, buyers to pay with) with the application's own token, for
 * sandboxes, demos and {@code ./marketplace test-users}. Off unless {@code linking.test-users.enabled}; role
 * {@code sellers:admin}.
 */
@Path("/test-users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TestUsersResource {

    private static final Set<String> SITES = Set.of("MLA", "MLB", "MLM", "MLC", "MCO", "MPE", "MLU");
    private static final int MAX_PER_KIND = 10;

    private final TestUsers testUsers;
    private final LinkingConfig config;

    public TestUsersResource(TestUsers testUsers, LinkingConfig config) {
        this.testUsers = testUsers;
        this.config = config;
    }

    /** How many of each to create, and on which site ({@code MLA} by default). */
    public record TestUsersRequest(Integer sellers, Integer buyers, String siteId) {
    }

    /** One created account; its password logs in to Mercado Pago's test pages. */
    public record CreatedTestUser(String role, long id, String nickname, String email, String password) {
    }

    @POST
    @RolesAllowed(Roles.SELLERS_ADMIN)
    @Operation(summary = "Create Mercado Pago test sellers and buyers (sandboxes and demos only)")
    public Uni<List<CreatedTestUser>> create(TestUsersRequest request) {
        if (!config.testUsers().enabled()) {
            return Uni.createFrom().failure(ProblemException.notFound("test-users-disabled",
                    "test users are not enabled on this deployment (linking.test-users.enabled)"));
        }
        int sellers = request == null || request.sellers() == null ? 1 : request.sellers();
        int buyers = request == null || request.buyers() == null ? 1 : request.buyers();
        String site = request == null || request.siteId() == null ? "MLA" : request.siteId();
        if (sellers < 0 || buyers < 0 || sellers > MAX_PER_KIND || buyers > MAX_PER_KIND || sellers + buyers == 0
                || !SITES.contains(site)) {
            return Uni.createFrom().failure(ProblemException.badRequest("invalid-test-users",
                    "sellers and buyers between 0 and " + MAX_PER_KIND + " (not both 0), site_id one of " + SITES));
        }
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < sellers; i++) {
            roles.add("seller");
        }
        for (int i = 0; i < buyers; i++) {
            roles.add("buyer");
        }
        return Multi.createFrom().iterable(roles)
                .onItem().transformToUniAndConcatenate(role -> testUsers.create(site)
                        .map(user -> new CreatedTestUser(role, user.id(), user.nickname(), user.email(),
                                user.password())))
                .collect().asList();
    }
}
