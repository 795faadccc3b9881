package dev.mpmarketplace.testing.mercadopago;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxOptions;

/** The Quarkus test resource behind {@link WithMercadoPagoSandbox}. */
public class MercadoPagoSandboxResource
        implements
            QuarkusTestResourceConfigurableLifecycleManager<WithMercadoPagoSandbox> {

    private MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults();
    private MercadoPagoSandbox sandbox;

    @Override
    public void init(WithMercadoPagoSandbox annotation) {
        options = options.withSeededApplication(annotation.webhookUrl(), annotation.redirectUri());
        if (annotation.webhookRetryLadderSeconds().length > 0) {
            options = options.withWebhookRetryLadder(Arrays.stream(annotation.webhookRetryLadderSeconds())
                    .mapToObj(Duration::ofSeconds).toList());
        }
    }

    @Override
    public Map<String, String> start() {
        sandbox = MercadoPagoSandbox.start(options);
        return Map.of("mercadopago.base-url", sandbox.url(), "mercadopago.sandbox-url", sandbox.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sandbox,
                new TestInjector.AnnotatedAndMatchesType(InjectMercadoPagoSandbox.class, MercadoPagoSandbox.class));
    }

    @Override
    public void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }
}
