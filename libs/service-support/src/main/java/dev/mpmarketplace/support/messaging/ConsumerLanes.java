package dev.mpmarketplace.support.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * The {@link KeyedLanes} of a service's consumers, one per channel, configured per channel, and closed before the
 * Kafka connector is: when the application stops, each takes no record any more and its running records get
 * {@code marketplace.consumer-lanes.drain-timeout} to finish (and be acknowledged).
 * <p>
 * Configuration (per channel, each with its default):
 * <ul>
 * <li>{@code marketplace.consumer-lanes.<channel>.max-in-flight} (64): records queued or running at once (each key
 * one at a time, so up to this many at once when their keys differ); the connector fetches no further record before
 * one finished (and a record holds a database connection only while its transaction runs, so this may exceed the
 * pool);</li>
 * <li>{@code marketplace.consumer-lanes.drain-timeout} (10S): how long stopping waits for running records.</li>
 * </ul>
 */
@ApplicationScoped
public class ConsumerLanes {

    private static final Logger LOG = Logger.getLogger(ConsumerLanes.class);
    private static final String PREFIX = "marketplace.consumer-lanes.";

    private final Config config;
    private final Map<String, KeyedLanes> lanes = new ConcurrentHashMap<>();

    public ConsumerLanes(Config config) {
        this.config = config;
    }

    /** The lanes of {@code channel} (one instance however many consumers the channel has). */
    public KeyedLanes of(String channel) {
        return lanes.computeIfAbsent(channel, name -> new KeyedLanes(name,
                config.getOptionalValue(PREFIX + name + ".max-in-flight", Integer.class).orElse(64)));
    }

    /** Before the connector closes (its own observers run at later priorities). */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        Duration timeout = config.getOptionalValue(PREFIX + "drain-timeout", Duration.class)
                .orElse(Duration.ofSeconds(10));
        Map<String, CompletableFuture<Void>> drained = new HashMap<>();
        lanes.forEach((channel, keyed) -> drained.put(channel, keyed.stop().toCompletableFuture()));
        try {
            CompletableFuture.allOf(drained.values().toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            drained.forEach((channel, done) -> {
                if (!done.isDone()) {
                    LOG.warnf("%s: %d record(s) still running after %s: acknowledged only if they complete",
                            channel, lanes.get(channel).inFlight(), timeout);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
