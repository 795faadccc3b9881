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
     * The path prefix under the mount of the sellers' Point integrator keys; a seller's is
     * {@code <prefix>/<user_id>} ({@link PointIntegratorKeys}). Default {@code point-integrators}, the path the
     * deployment's Vault policies grant (deploy/, {@code GeneratedFiles.POINT_INTEGRATOR_KEYS_PREFIX}).
     */
    @WithDefault("point-integrators")
    String pointIntegratorPathPrefix();

    /**
     * How long a token read from Vault is served from memory. Events invalidate it sooner; the TTL bounds the damage
     * of a missed event. Default 60 seconds.
     */
    @WithDefault("60S")
    Duration cacheTtl();
}
