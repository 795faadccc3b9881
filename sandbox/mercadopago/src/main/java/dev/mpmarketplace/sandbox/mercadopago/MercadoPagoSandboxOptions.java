package dev.mpmarketplace.sandbox.mercadopago;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run a sandbox.
 *
 * @param host the interface to listen on
 * @param port the port; 0 picks a free one
 * @param dataDir where state is persisted across restarts, or {@code null} to keep it in memory only
 * @param clock the sandbox clock
 * @param webhookRetryLadder delays of the retries after a failed first delivery (Mercado Pago's: +15 min, +30 min,
 *        +6 h, +48 h, +96 h); after the last one the delivery is given up
 * @param webhookFirstAttemptTimeout how long the first delivery attempt waits for an answer (Mercado Pago: 22 s)
 * @param webhookRetryTimeout how long each retry waits for an answer (Mercado Pago: 5 s)
 * @param seed whether a fresh sandbox creates the default data set (docs/sandbox.md)
 * @param ingestWebhookUrl where the seeded application sends webhooks
 * @param linkingRedirectUri the redirect URI of the seeded application
 * @param mercadoLibreCallbackUrl where the seeded application receives the Mercado Libre feed; {@code null}: next to
 *        the webhook URL ({@code .../webhooks/mercadolibre} when that ends in {@code /webhooks/mercadopago})
 * @param mercadoLibreRetryLadder delays of the retries of a Mercado Libre feed message after a failed first attempt
 *        (default: +1, +2, +4, +8, +15, +15, +15 minutes, so the eighth and last attempt comes an hour after the
 *        first, reference 12.c)
 * @param mercadoLibreTimeout how long each feed attempt waits for an answer (Mercado Libre: 500 ms)
 * @param pointAbandonAfter how long a Point payment intent or order may wait untouched before it is abandoned or
 *        expires (Mercado Pago: 15 minutes since 2024-07-01)
 */
public record MercadoPagoSandboxOptions(String host, int port, Path dataDir, SandboxClock clock,
        List<Duration> webhookRetryLadder, Duration webhookFirstAttemptTimeout, Duration webhookRetryTimeout,
        boolean seed, String ingestWebhookUrl, String linkingRedirectUri, String mercadoLibreCallbackUrl,
        List<Duration> mercadoLibreRetryLadder, Duration mercadoLibreTimeout, Duration pointAbandonAfter) {

    /** Mercado Pago's documented retry ladder (MPE site): +15 min, +30 min, +6 h, +48 h, +96 h. */
    public static final List<Duration> MERCADO_PAGO_LADDER = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(6), Duration.ofHours(48), Duration.ofHours(96));

    /**
     * Mercado Libre's feed retries: seven retries, the last an hour after the first attempt (the reference: retried
     * for about an hour, lost after the 8th attempt; the spacing is the sandbox's choice).
     */
    public static final List<Duration> MERCADO_LIBRE_LADDER = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15), Duration.ofMinutes(15),
            Duration.ofMinutes(15));

    private static final String MERCADO_PAGO_WEBHOOK_PATH = "/webhooks/mercadopago";

    public MercadoPagoSandboxOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        webhookRetryLadder = List.copyOf(webhookRetryLadder);
        mercadoLibreRetryLadder = List.copyOf(mercadoLibreRetryLadder);
        Objects.requireNonNull(webhookFirstAttemptTimeout, "webhookFirstAttemptTimeout");
        Objects.requireNonNull(webhookRetryTimeout, "webhookRetryTimeout");
        Objects.requireNonNull(mercadoLibreTimeout, "mercadoLibreTimeout");
        Objects.requireNonNull(pointAbandonAfter, "pointAbandonAfter");
    }

    /** Loopback, a free port, in memory, system clock, Mercado Pago's and Mercado Libre's ladders and timeouts, seeded. */
    public static MercadoPagoSandboxOptions defaults() {
        return new MercadoPagoSandboxOptions("127.0.0.1", 0, null, SandboxClock.system(), MERCADO_PAGO_LADDER,
                Duration.ofSeconds(22), Duration.ofSeconds(5), true, "http://127.0.0.1:8081/webhooks/mercadopago",
                "http://127.0.0.1:8082/oauth/callback", null, MERCADO_LIBRE_LADDER, Duration.ofMillis(500),
                Duration.ofMinutes(15));
    }

    /**
     * Where the seeded application receives the Mercado Libre feed: the option, or the webhook URL with
     * {@code /webhooks/mercadopago} turned into {@code /webhooks/mercadolibre} (notification-ingest-service takes
     * both), or {@code null} when neither gives one.
     */
    public String seededMercadoLibreCallbackUrl() {
        if (mercadoLibreCallbackUrl != null) {
            return mercadoLibreCallbackUrl;
        }
        if (ingestWebhookUrl != null && ingestWebhookUrl.endsWith(MERCADO_PAGO_WEBHOOK_PATH)) {
            return ingestWebhookUrl.substring(0, ingestWebhookUrl.length() - MERCADO_PAGO_WEBHOOK_PATH.length())
                    + "/webhooks/mercadolibre";
        }
        return null;
    }

    public MercadoPagoSandboxOptions withPort(int newPort) {
        return new MercadoPagoSandboxOptions(host, newPort, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withHost(String newHost) {
        return new MercadoPagoSandboxOptions(newHost, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withDataDir(Path newDataDir) {
        return new MercadoPagoSandboxOptions(host, port, newDataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withClock(SandboxClock newClock) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, newClock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withWebhookRetryLadder(List<Duration> ladder) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, ladder, webhookFirstAttemptTimeout,
                webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri, mercadoLibreCallbackUrl,
                mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withWebhookTimeouts(Duration firstAttempt, Duration retries) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder, firstAttempt, retries,
                seed, ingestWebhookUrl, linkingRedirectUri, mercadoLibreCallbackUrl, mercadoLibreRetryLadder,
                mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withSeed(boolean newSeed) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, newSeed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withSeededApplication(String webhookUrl, String redirectUri) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, webhookUrl, redirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    /** The seeded application's Mercado Libre callback URL (notification feed). */
    public MercadoPagoSandboxOptions withMercadoLibreCallbackUrl(String callbackUrl) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                callbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withMercadoLibreRetries(List<Duration> ladder, Duration timeout) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, ladder, timeout, pointAbandonAfter);
    }

    public MercadoPagoSandboxOptions withPointAbandonAfter(Duration after) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri,
                mercadoLibreCallbackUrl, mercadoLibreRetryLadder, mercadoLibreTimeout, after);
    }
}
