package dev.mpmarketplace.sellertokens;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the seller token library ({@code seller-tokens.*}). */
@ConfigMapping(prefix = "seller-tokens")
public interface SellerTokensConfig {

    /** The KV v2 mount seller-linking-service writes to. Default {@code secret}. */
    @WithDefault("secret")
    String vaultMount();

    /** The path prefix under the mount; a seller's secret is {@code <prefix>/<user_id>}. Default {@code sellers}. */
    @WithDefault("sellers")
    String vaultPathPrefix();

    /**
     * How long a token read from Vault is served from memory. Events invalidate it sooner; the TTL bounds the damage
     * of a missed event. Default 60 seconds.
     */
    @WithDefault("60S")
    Duration cacheTtl();
}
