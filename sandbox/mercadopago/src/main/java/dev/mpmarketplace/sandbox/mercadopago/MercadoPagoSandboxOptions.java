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
 */
public record MercadoPagoSandboxOptions(String host, int port, Path dataDir, SandboxClock clock,
        List<Duration> webhookRetryLadder, Duration webhookFirstAttemptTimeout, Duration webhookRetryTimeout,
        boolean seed, String ingestWebhookUrl, String linkingRedirectUri) {

    /** Mercado Pago's documented retry ladder (MPE site): +15 min, +30 min, +6 h, +48 h, +96 h. */
    public static final List<Duration> MERCADO_PAGO_LADDER = List.of(Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(6), Duration.ofHours(48), Duration.ofHours(96));

    public MercadoPagoSandboxOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clock, "clock");
        webhookRetryLadder = List.copyOf(webhookRetryLadder);
        Objects.requireNonNull(webhookFirstAttemptTimeout, "webhookFirstAttemptTimeout");
        Objects.requireNonNull(webhookRetryTimeout, "webhookRetryTimeout");
    }

    /** Loopback, a free port, in memory, system clock, Mercado Pago's ladder and timeouts, seeded. */
    public static MercadoPagoSandboxOptions defaults() {
        return new MercadoPagoSandboxOptions("127.0.0.1", 0, null, SandboxClock.system(), MERCADO_PAGO_LADDER,
                Duration.ofSeconds(22), Duration.ofSeconds(5), true, "http://127.0.0.1:8081/webhooks/mercadopago",
                "http://127.0.0.1:8082/oauth/callback");
    }

    public MercadoPagoSandboxOptions withPort(int newPort) {
        return new MercadoPagoSandboxOptions(host, newPort, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withHost(String newHost) {
        return new MercadoPagoSandboxOptions(newHost, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withDataDir(Path newDataDir) {
        return new MercadoPagoSandboxOptions(host, port, newDataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withClock(SandboxClock newClock) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, newClock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withWebhookRetryLadder(List<Duration> ladder) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, ladder, webhookFirstAttemptTimeout,
                webhookRetryTimeout, seed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withWebhookTimeouts(Duration firstAttempt, Duration retries) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder, firstAttempt, retries,
                seed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withSeed(boolean newSeed) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, newSeed, ingestWebhookUrl, linkingRedirectUri);
    }

    public MercadoPagoSandboxOptions withSeededApplication(String webhookUrl, String redirectUri) {
        return new MercadoPagoSandboxOptions(host, port, dataDir, clock, webhookRetryLadder,
                webhookFirstAttemptTimeout, webhookRetryTimeout, seed, webhookUrl, redirectUri);
    }
}
