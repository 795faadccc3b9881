package dev.mpmarketplace.testing.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;

/**
 * Bearer tokens for a test, signed by the key the application under test trusts, or deliberately wrong: expired,
 * signed by another key, for another audience.
 */
public final class ApiTokens {

    private final ApiTokenIssuer issuer;

    ApiTokens(ApiSigningKey key) {
        this.issuer = ApiTokenIssuer.local(key);
    }

    /** The {@code Authorization} header value of a valid token with these roles. */
    public String bearer(String... roles) {
        return "Bearer " + issuer.issue("test-backend", List.of(roles));
    }

    /** A valid token with every role. */
    public String admin() {
        return "Bearer " + issuer.issue("test-backend", Roles.ALL);
    }

    /** A token with these roles that expired an hour ago. */
    public String expired(String... roles) {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        return "Bearer " + issuer.withClock(twoHoursAgo).issue("test-backend", List.of(roles));
    }

    /** A token with these roles signed by a key the application does not trust. */
    public String signedByAnotherKey(String... roles) {
        return "Bearer " + ApiTokenIssuer.local(ApiSigningKey.generate()).issue("test-backend", List.of(roles));
    }

    /** A token with these roles for another audience. */
    public String forAnotherAudience(String... roles) {
        return "Bearer " + issuer.withAudience("another-application").issue("test-backend", List.of(roles));
    }
}
