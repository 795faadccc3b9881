package dev.mpmarketplace.testing.mercadopago;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
    private int appPort;
    private int managementPort;

    @Override
    public void init(WithMercadoPagoSandbox annotation) {
        appPort = freePort();
        managementPort = freePort();
        options = options.withSeededApplication(withAppPort(annotation.webhookUrl()),
                withAppPort(annotation.redirectUri()));
        if (annotation.webhookRetryLadderSeconds().length > 0) {
            options = options.withWebhookRetryLadder(Arrays.stream(annotation.webhookRetryLadderSeconds())
                    .mapToObj(Duration::ofSeconds).toList());
        }
    }

    @Override
    public Map<String, String> start() {
        sandbox = MercadoPagoSandbox.start(options);
        return Map.of("mercadopago.base-url", sandbox.url(), "mercadopago.sandbox-url", sandbox.url(),
                "quarkus.http.test-port", Integer.toString(appPort), "quarkus.management.test-port",
                Integer.toString(managementPort));
    }

    private String withAppPort(String url) {
        return url.replace(WithMercadoPagoSandbox.APP_PORT, Integer.toString(appPort));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the application under test", e);
        }
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
