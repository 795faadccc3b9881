package dev.mpmarketplace.testing.vault;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated Quarkus test against a Vault KV v2 server: the project's Vault dev server
 * ({@link dev.mpmarketplace.sandbox.vault.VaultDevServer}) on a free port, or, when the environment variable
 * {@code VAULT_ADDR} is set, that real Vault (with the token in {@code VAULT_TOKEN}). Injects
 * {@code quarkus.vault.url}, {@code quarkus.vault.authentication.client-token},
 * {@code quarkus.vault.kv-secret-engine-version=2} and {@code quarkus.vault.kv-secret-engine-mount-path}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(VaultDevServerResource.class)
public @interface WithVaultDevServer {

    /** The KV v2 mount the application uses. */
    String mount() default "secret";
}
