package dev.mpmarketplace.apiauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints bearer tokens for the platform's HTTP APIs: compact JWS, RS256, in the shape MicroProfile JWT verifiers
 * (SmallRye JWT) accept.
 * <ul>
 * <li>header {@code {"alg":"RS256","typ":"JWT","kid":<the key's thumbprint>}};</li>
 * <li>claims {@code iss}, {@code aud} (one audience), {@code sub} and {@code upn} (the caller), {@code groups} (its
 * {@link Roles roles}), {@code iat}, {@code exp} (seconds since the epoch) and a random {@code jti}.</li>
 * </ul>
 * In production the marketplace's identity provider issues the tokens; this issuer serves the local run
 * ({@code ./marketplace token}) and the tests, which thereby build their tokens exactly as a verifier expects them.
 * Instances are immutable; the {@code with...} methods return changed copies (another audience, an expired token's
 * clock).
 */
public final class ApiTokenIssuer {

    /** The issuer ({@code iss}) of the local run's tokens: {@code https://marketplace.local/auth}. */
    public static final String LOCAL_ISSUER = "https://marketplace.local/auth";
    /** The audience ({@code aud}) of the local run's tokens: {@code mp-marketplace}. */
    public static final String LOCAL_AUDIENCE = "mp-marketplace";
    /** How long a token is valid unless told otherwise: one hour. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ApiSigningKey key;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final Clock clock;

    /**
     * @param key signs the tokens
     * @param issuer the {@code iss} claim
     * @param audience the {@code aud} claim
     * @param lifetime from {@code iat} to {@code exp}; positive
     * @param clock gives {@code iat}
     */
    public ApiTokenIssuer(ApiSigningKey key, String issuer, String audience, Duration lifetime, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("a token lives at least one second, not " + lifetime);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The local run's issuer: {@link #LOCAL_ISSUER}, {@link #LOCAL_AUDIENCE}, {@link #DEFAULT_LIFETIME}. */
    public static ApiTokenIssuer local(ApiSigningKey key) {
        return new ApiTokenIssuer(key, LOCAL_ISSUER, LOCAL_AUDIENCE, DEFAULT_LIFETIME, Clock.systemUTC());
    }

    public ApiTokenIssuer withIssuer(String newIssuer) {
        return new ApiTokenIssuer(key, newIssuer, audience, lifetime, clock);
    }

    public ApiTokenIssuer withAudience(String newAudience) {
        return new ApiTokenIssuer(key, issuer, newAudience, lifetime, clock);
    }

    public ApiTokenIssuer withLifetime(Duration newLifetime) {
        return new ApiTokenIssuer(key, issuer, audience, newLifetime, clock);
    }

    /** With another clock: a clock in the past mints tokens that have already expired. */
    public ApiTokenIssuer withClock(Clock newClock) {
        return new ApiTokenIssuer(key, issuer, audience, lifetime, newClock);
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /**
     * A signed token for {@code subject} with {@code roles} in its {@code groups} claim.
     *
     * @param subject the caller ({@code sub} and {@code upn}), for example the backend's client id
     * @param roles usually some of {@link Roles#ALL}; any non-blank names are accepted, so that tests can present an
     *            unknown role
     */
    public String issue(String subject, Collection<String> roles) {
        requireText(subject, "subject");
        List<String> groups = List.copyOf(roles);
        groups.forEach(role -> requireText(role, "role"));
        Instant issuedAt = clock.instant();
        long iat = issuedAt.getEpochSecond();
        long exp = issuedAt.plus(lifetime).getEpochSecond();

        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" + json(key.keyId()) + "}";
        StringBuilder claims = new StringBuilder(256)
                .append("{\"iss\":").append(json(issuer))
                .append(",\"aud\":").append(json(audience))
                .append(",\"sub\":").append(json(subject))
                .append(",\"upn\":").append(json(subject))
                .append(",\"groups\":[");
        for (int i = 0; i < groups.size(); i++) {
            claims.append(i == 0 ? "" : ",").append(json(groups.get(i)));
        }
        claims.append("],\"iat\":").append(iat)
                .append(",\"exp\":").append(exp)
                .append(",\"jti\":").append(json(UUID.randomUUID().toString()))
                .append('}');

        String signingInput = base64Url(header) + "." + base64Url(claims.toString());
        return signingInput + "." + BASE64URL.encodeToString(sign(signingInput));
    }

    private byte[] sign(String signingInput) {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key.privateKey());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return rs256.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing failed", e);
        }
    }

    private static String base64Url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal (RFC 8259 section 7). */
    static String json(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be blank");
        }
        return value;
    }
}
