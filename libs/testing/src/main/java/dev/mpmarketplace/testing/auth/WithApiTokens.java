package dev.mpmarketplace.testing.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated Quarkus test with a signing key of its own standing in for the marketplace's identity provider:
 * the application verifies bearer tokens against its public key ({@code mp.jwt.verify.publickey}, issuer and audience
 * of the local run), and a field annotated with {@link InjectApiTokens} of type {@link ApiTokens} mints tokens with
 * the same code as {@code ./marketplace token} ({@code libs/api-auth}).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(ApiTokensResource.class)
public @interface WithApiTokens {
}
