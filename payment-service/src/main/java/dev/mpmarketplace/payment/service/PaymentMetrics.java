package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.payment.repository.SellerRepository;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * The service's metrics (Prometheus at {@code /q/metrics}, on the management interface). Every tag comes from a fixed
 * set of the service's own words, never from a request or a notification.
 * <ul>
 * <li>{@code payment_creations_total{outcome}}: create requests by outcome ({@code created}, {@code unknown},
 * {@code refused}, {@code unavailable}, {@code replayed});</li>
 * <li>{@code payment_status_changes_total{source}}: status changes applied, by what told us ({@code api_answer},
 * {@code notification}, {@code sweep});</li>
 * <li>{@code payment_sweep_repairs_total}: changes only the sweep found (notifications missed them; alert on a steady
 * rise);</li>
 * <li>{@code payment_answers_ignored_total{reason}}: answers of Mercado Pago not applied ({@code stale},
 * {@code backwards}, {@code same}, {@code other_collector}, {@code other_payment});</li>
 * <li>{@code payment_unknown_outcomes_total{what}} and {@code payment_unknown_outcomes_resolved_total{how}}: unknown
 * outcomes met, and resolved ({@code found} by searching, {@code created} by repeating with the same key,
 * {@code refused});</li>
 * <li>{@code payment_unknown_outcomes_stuck}: payments whose creation's outcome is still unknown after
 * {@code payment.resolution.alert-after} (alert above 0);</li>
 * <li>{@code payment_status_lag_seconds{source}}: from Mercado Pago's {@code date_last_updated} to the change
 * applied here;</li>
 * <li>{@code payment_sweep_lag_seconds}: the age of the oldest sweep among linked sellers (alert when far above
 * {@code payment.sweep.every});</li>
 * <li>{@code payment_notifications_total{outcome}} and {@code payment_commands_total{type,outcome}}.</li>
 * </ul>
 */
@ApplicationScoped
public class PaymentMetrics {

    private static final Logger LOG = Logger.getLogger(PaymentMetrics.class);

    private final MeterRegistry registry;
    private final PaymentRepository payments;
    private final SellerRepository sellers;
    private final PaymentConfig config;
    private final Clock clock;
    private final AtomicLong stuck = new AtomicLong();
    private final AtomicLong sweepLagSeconds = new AtomicLong(-1);
    private final Counter repairs;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<StatusSource, Timer> lags = new ConcurrentHashMap<>();

    public PaymentMetrics(MeterRegistry registry, PaymentRepository payments, SellerRepository sellers,
            PaymentConfig config, Clock clock) {
        this.registry = registry;
        this.payments = payments;
        this.sellers = sellers;
        this.config = config;
        this.clock = clock;
        Gauge.builder("payment_unknown_outcomes_stuck", stuck, AtomicLong::get)
                .description("Payments whose creation's outcome is still unknown after payment.resolution.alert-after")
                .register(registry);
        Gauge.builder("payment_sweep_lag_seconds", sweepLagSeconds,
                value -> value.get() < 0 ? Double.NaN : value.get())
                .description("Age of the oldest reconciliation sweep among linked sellers").register(registry);
        this.repairs = Counter.builder("payment_sweep_repairs_total")
                .description("Status changes that only the reconciliation sweep found").register(registry);
    }

    public void creation(String outcome) {
        counter("payment_creations_total", "outcome", outcome).increment();
    }

    public void statusChanged(StatusSource source, OffsetDateTime mercadoPagoTime, OffsetDateTime now) {
        counter("payment_status_changes_total", "source", source.word()).increment();
        if (source == StatusSource.SWEEP) {
            repairs.increment();
        }
        if (mercadoPagoTime != null) {
            long lag = Duration.between(mercadoPagoTime, now).toMillis();
            if (lag >= 0) {
                lags.computeIfAbsent(source, s -> Timer.builder("payment_status_lag_seconds").tag("source", s.word())
                        .description("From Mercado Pago's date_last_updated to the change applied here")
                        .publishPercentiles(0.5, 0.99).register(registry)).record(lag, TimeUnit.MILLISECONDS);
            }
        }
    }

    public void answerIgnored(String reason) {
        counter("payment_answers_ignored_total", "reason", reason).increment();
    }

    public void unknownOutcome(String what) {
        counter("payment_unknown_outcomes_total", "what", what).increment();
    }

    public void unknownOutcomeResolved(String how) {
        counter("payment_unknown_outcomes_resolved_total", "how", how).increment();
    }

    public void notification(String outcome) {
        counter("payment_notifications_total", "outcome", outcome).increment();
    }

    public void command(String type, String outcome) {
        counters.computeIfAbsent("payment_commands_total|" + type + "|" + outcome,
                key -> registry.counter("payment_commands_total", "type", type, "outcome", outcome)).increment();
    }

    /** A counter of one name and tag, looked up once. Tags are the service's own words, so the set is bounded. */
    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + value, key -> registry.counter(name, tag, value));
    }

    /** Recomputes the gauges now (also every 30 s). */
    @Scheduled(every = "30S", delayed = "5S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> refresh() {
        OffsetDateTime now = Timestamps.now(clock);
        return payments.countUnresolvedCreatedBefore(now.minus(config.resolution().alertAfter())).invoke(stuck::set)
                .chain(() -> sellers.oldestSweep()).invoke(oldest -> sweepLagSeconds
                        .set(oldest == null ? -1 : Math.max(0, Duration.between(oldest, now).toSeconds())))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("payment gauges not refreshed: %s", failure.toString());
                    return null;
                });
    }
}
