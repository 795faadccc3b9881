package dev.mpmarketplace.testing.vault;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field of type {@link dev.mpmarketplace.sandbox.vault.VaultDevServer} that receives the server of
 * {@link WithVaultDevServer}, for outage tests: {@code stop()} makes Vault refuse connections (as a stopped or
 * restarting Vault does) and {@code restart()} brings it back on the same port with every secret it held. The field
 * stays {@code null} when the tests run against a real Vault ({@code VAULT_ADDR}).
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface InjectVaultDevServer {
}
