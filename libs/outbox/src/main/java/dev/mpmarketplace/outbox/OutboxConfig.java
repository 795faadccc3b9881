package dev.mpmarketplace.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the outbox relay and the processed-events table ({@code outbox.*}). */
@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /**
     * How often the relay looks for unsent events even when nothing woke it (a commit wakes it at once through
     * PostgreSQL's {@code NOTIFY}; this is the backstop for a lost notification or a relay that was busy). Default
     * 5 seconds.
     */
    @WithDefault("5S")
    Duration relayInterval();

    /** Whether the relay listens for commits ({@code LISTEN outbox}); off, it only polls. Default on. */
    @WithDefault("true")
    boolean listen();

    /** Events sent per relay transaction. Default 200. */
    @WithDefault("200")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgement of a batch. Default 10 seconds. */
    @WithDefault("10S")
    Duration sendTimeout();

    /** Sent events are deleted after this long (they are on the topic; this is for diagnosis). Default 7 days. */
    @WithDefault("7D")
    Duration retention();

    /**
     * Processed-event records are deleted after this long. It must be longer than any delay after which a duplicate
     * can still arrive: the retention of the topics consumed and Mercado Pago's retry period (days). Default 30 days.
     */
    @WithDefault("30D")
    Duration processedEventRetention();
}
