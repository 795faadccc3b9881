package dev.mpmarketplace.sellertokens;

import java.time.OffsetDateTime;

/**
 * A seller's secret as it lives in Vault (see {@link SellerSecrets} for where), with the KV v2 version that holds it.
 * {@link #toString()} is redacted.
 *
 * @param version the KV v2 version
 * @param accessToken the access token, to call Mercado Pago for the seller
 * @param refreshToken the single-use refresh token
 * @param publicKey the seller's public key, or {@code null}
 * @param expiresAt when the access token expires, or {@code null} when unknown
 */
public record SellerSecret(int version, String accessToken, String refreshToken, String publicKey,
        OffsetDateTime expiresAt) {

    /** The fields of the secret's data, as written by seller-linking-service. */
    public static final String ACCESS_TOKEN = "access_token";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String PUBLIC_KEY = "public_key";
    public static final String EXPIRES_AT = "expires_at";
    public static final String SCOPE = "scope";
    public static final String LIVE_MODE = "live_mode";

    @Override
    public String toString() {
        return "SellerSecret[version=" + version + ", expires_at=" + expiresAt + ", tokens=<redacted>]";
    }
}
