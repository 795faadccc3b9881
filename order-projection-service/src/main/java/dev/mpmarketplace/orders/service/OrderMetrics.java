package dev.mpmarketplace.orders.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.mpmarketplace.orders.fact.FactKind;

/**
 * The service's metrics. Tags are bounded sets the service chooses (outcomes, fact kinds, causes), never a value from
 * outside.
 * <ul>
 * <li>{@code orders_facts_total{kind, outcome}}: facts applied (changed, unchanged, stale, backwards, ignored,
 * duplicate);</li>
 * <li>{@code orders_fetches_total{cause, outcome}}: Mercado Libre orders fetched, and what became of each
 * (applied, seller_not_linked, forbidden, not_the_seller, invalid_answer, refetch);</li>
 * <li>{@code orders_fetch_seconds}: one {@code GET /orders/{id}} with its retries;</li>
 * <li>{@code orders_notification_to_model_seconds}: from notification-ingest-service receiving a Mercado Libre
 * notification ({@code ce_time}) to the order it names being committed, as fetched (p50, p99);</li>
 * <li>{@code orders_refetch_pending}: orders waiting to be fetched again; {@code orders_refetch_given_up_total};</li>
 * <li>{@code orders_missed_feed_messages_total}: lost messages found and processed.</li>
 * </ul>
 */
@ApplicationScoped
public class OrderMetrics {

    private final MeterRegistry registry;
    private final Timer fetch;
    private final Timer notificationToModel;
    private final Counter givenUp;
    private final Counter missedMessages;
    private final AtomicLong refetchPending = new AtomicLong();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.fetch = Timer.builder("orders_fetch_seconds")
                .description("GET /orders/{id} at Mercado Libre, retries included")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.notificationToModel = Timer.builder("orders_notification_to_model_seconds")
                .description("From ingest receiving a Mercado Libre notification to its order committed")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
        this.givenUp = Counter.builder("orders_refetch_given_up_total")
                .description("Orders whose fetch kept failing until orders.refetch.give-up-after").register(registry);
        this.missedMessages = Counter.builder("orders_missed_feed_messages_total")
                .description("Feed messages Mercado Libre gave up delivering, found in /missed_feeds and processed")
                .register(registry);
        Gauge.builder("orders_refetch_pending", refetchPending, AtomicLong::get)
                .description("Orders waiting to be fetched again").register(registry);
    }

    public void fact(FactKind kind, String outcome) {
        counter("orders_facts_total", "Facts applied to the order model", "kind",
                kind.name().toLowerCase(java.util.Locale.ROOT), "outcome", outcome).increment();
    }

    public void fetched(String cause, String outcome) {
        counter("orders_fetches_total", "Mercado Libre orders fetched, by what caused the fetch and its end", "cause",
                cause, "outcome", outcome).increment();
    }

    public void fetchTook(Duration took) {
        fetch.record(took);
    }

    public void notificationToModel(Duration took) {
        notificationToModel.record(Math.max(0, took.toNanos()), TimeUnit.NANOSECONDS);
    }

    public void refetchGivenUp() {
        givenUp.increment();
    }

    public void missedMessage() {
        missedMessages.increment();
    }

    public void refetchPending(long pending) {
        refetchPending.set(pending);
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                key -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
