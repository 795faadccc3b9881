package dev.mpmarketplace.testing.auth;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;

/** The Quarkus test resource behind {@link WithApiTokens}. */
public class ApiTokensResource implements QuarkusTestResourceLifecycleManager {

    private ApiSigningKey key;

    @Override
    public Map<String, String> start() {
        key = ApiSigningKey.generate();
        return Map.of("mp.jwt.verify.publickey", key.publicKeyPem(),
                "mp.jwt.verify.issuer", ApiTokenIssuer.LOCAL_ISSUER,
                "mp.jwt.verify.audiences", ApiTokenIssuer.LOCAL_AUDIENCE);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(new ApiTokens(key),
                new TestInjector.AnnotatedAndMatchesType(InjectApiTokens.class, ApiTokens.class));
    }

    @Override
    public void stop() {
        key = null;
    }
}
