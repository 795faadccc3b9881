package dev.mpmarketplace.testing.mercadopago;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated Quarkus test against the project's Mercado Pago sandbox
 * ({@link dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox}), started in the test JVM on a free port with its
 * default data set (docs/sandbox.md). Injects {@code mercadopago.base-url} (the API, also the consent page's host) and
 * {@code mercadopago.sandbox-url} (the same server, for the {@code /sandbox/*} control API). A field annotated with
 * {@link InjectMercadoPagoSandbox} of type {@code MercadoPagoSandbox} receives the running sandbox.
 * <p>
 * The application under test gets a free port of its own ({@code quarkus.http.test-port}), chosen before the sandbox
 * starts, so that the seeded application's webhook and redirect URLs can name it: {@value #APP_PORT} in
 * {@link #webhookUrl()} and {@link #redirectUri()} stands for that port. Its management interface gets another free
 * port ({@code quarkus.management.test-port}; Quarkus's own random port, {@code 0}, hangs the start-up with
 * Micrometer). Test classes of several builds can then run on one machine at once.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(MercadoPagoSandboxResource.class)
public @interface WithMercadoPagoSandbox {

    /** In a URL of this annotation: the port of the application under test. */
    String APP_PORT = "{app-port}";

    /**
     * Where the seeded marketplace application sends webhooks; by default the application under test on Quarkus's
     * test port.
     */
    String webhookUrl() default "http://127.0.0.1:" + APP_PORT + "/webhooks/mercadopago";

    /** The seeded application's redirect URL; by default the application under test on Quarkus's test port. */
    String redirectUri() default "http://127.0.0.1:" + APP_PORT + "/oauth/callback";

    /**
     * Delays of the webhook retries in seconds of sandbox time; empty means Mercado Pago's own ladder (+15 min,
     * +30 min, +6 h, +48 h, +96 h).
     */
    long[] webhookRetryLadderSeconds() default {};
}
