package dev.mpmarketplace.apiauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

class ApiTokenIssuerTest {

    private static final ApiSigningKey KEY = ApiSigningKey.generate();

    @TempDir
    Path dir;

    @Test
    void theSignatureVerifiesWithThePublicKeyReadBackFromPem() throws Exception {
        Path pem = dir.resolve("signing-key.pub.pem");
        KEY.writePublicKey(pem);
        String token = ApiTokenIssuer.local(KEY).issue("backend", Roles.ALL);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(rs256Verifies(ApiSigningKey.readPublicKey(pem), parts)).isTrue();
        assertThat(rs256Verifies(ApiSigningKey.generate().publicKey(), parts)).as("another key").isFalse();
        String[] tampered = {parts[0], base64Url(decode(parts[1]).replace("sellers:read", "sellers:root")), parts[2]};
        assertThat(rs256Verifies(KEY.publicKey(), tampered)).as("changed claims").isFalse();
    }

    @Test
    void theHeaderNamesTheAlgorithmTypeAndKeyId() {
        String token = ApiTokenIssuer.local(KEY).issue("backend", List.of(Roles.SELLERS_READ));

        assertThat(decode(token.split("\\.")[0]))
                .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY.keyId() + "\"}");
    }

    @Test
    void smallRyeJwtAcceptsTheTokenAndReadsEveryClaim() throws Exception {
        Instant now = Instant.now();
        ApiTokenIssuer issuer = ApiTokenIssuer.local(KEY).withClock(Clock.fixed(now, ZoneOffset.UTC));

        JsonWebToken jwt = parse(issuer.issue("marketplace-backend", List.of(Roles.SELLERS_READ, Roles.ORDERS_READ)),
                KEY.publicKey(), ApiTokenIssuer.LOCAL_ISSUER, ApiTokenIssuer.LOCAL_AUDIENCE);

        assertThat(jwt.getIssuer()).isEqualTo("https://marketplace.local/auth");
        assertThat(jwt.getAudience()).containsExactly("mp-marketplace");
        assertThat(jwt.getSubject()).isEqualTo("marketplace-backend");
        assertThat(jwt.getName()).as("upn").isEqualTo("marketplace-backend");
        assertThat(jwt.getGroups()).containsExactlyInAnyOrder("sellers:read", "orders:read");
        assertThat(jwt.getIssuedAtTime()).isEqualTo(now.getEpochSecond());
        assertThat(jwt.getExpirationTime()).isEqualTo(now.getEpochSecond() + 3600);
        assertThat(jwt.getTokenID()).isNotBlank();
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        ApiTokenIssuer issuer = ApiTokenIssuer.local(KEY);

        String first = parseLocal(issuer.issue("backend", Roles.ALL)).getTokenID();
        String second = parseLocal(issuer.issue("backend", Roles.ALL)).getTokenID();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anExpiredTokenIsRefused() {
        ApiTokenIssuer issuedTwoHoursAgo = ApiTokenIssuer.local(KEY)
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));

        assertThatThrownBy(() -> parseLocal(issuedTwoHoursAgo.issue("backend", Roles.ALL)))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void aTokenOfAnotherKeyIssuerOrAudienceIsRefused() {
        ApiSigningKey otherKey = ApiSigningKey.generate();

        assertThatThrownBy(() -> parseLocal(ApiTokenIssuer.local(otherKey).issue("backend", Roles.ALL)))
                .isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parseLocal(ApiTokenIssuer.local(KEY).withIssuer("https://attacker.example")
                .issue("backend", Roles.ALL))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> parseLocal(ApiTokenIssuer.local(KEY).withAudience("another-api")
                .issue("backend", Roles.ALL))).isInstanceOf(ParseException.class);
    }

    @Test
    void theLifetimeIsConfigurableAndAtLeastOneSecond() throws Exception {
        Instant now = Instant.now();
        ApiTokenIssuer fiveMinutes = ApiTokenIssuer.local(KEY).withClock(Clock.fixed(now, ZoneOffset.UTC))
                .withLifetime(Duration.ofMinutes(5));

        assertThat(parseLocal(fiveMinutes.issue("backend", Roles.ALL)).getExpirationTime())
                .isEqualTo(now.getEpochSecond() + 300);
        assertThatThrownBy(() -> ApiTokenIssuer.local(KEY).withLifetime(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stringsAreEscapedSoNoClaimCanBeInjected() throws Exception {
        String subject = "back\"end\\\n\",\"groups\":[\"sellers:admin\"]";

        JsonWebToken jwt = parseLocal(ApiTokenIssuer.local(KEY).issue(subject, List.of(Roles.ORDERS_READ)));

        assertThat(jwt.getSubject()).isEqualTo(subject);
        assertThat(jwt.getGroups()).containsExactly(Roles.ORDERS_READ);
    }

    @Test
    void blankSubjectsAndRolesAreRefused() {
        ApiTokenIssuer issuer = ApiTokenIssuer.local(KEY);

        assertThatThrownBy(() -> issuer.issue(" ", Roles.ALL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> issuer.issue("backend", List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolesAreTheDocumentedNames() {
        assertThat(Roles.ALL).containsExactly("sellers:read", "sellers:admin", "payments:read", "payments:write",
                "point:read", "point:operate", "orders:read");
    }

    private static JsonWebToken parseLocal(String token) throws ParseException {
        return parse(token, KEY.publicKey(), ApiTokenIssuer.LOCAL_ISSUER, ApiTokenIssuer.LOCAL_AUDIENCE);
    }

    private static JsonWebToken parse(String token, PublicKey key, String issuer, String audience)
            throws ParseException {
        JWTAuthContextInfo context = new JWTAuthContextInfo(key, issuer);
        context.setExpectedAudience(Set.of(audience));
        return new DefaultJWTParser(context).parse(token);
    }

    private static boolean rs256Verifies(PublicKey key, String[] parts) throws Exception {
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
