package dev.mpmarketplace.linking.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.linking.SellerStatus;
import dev.mpmarketplace.linking.repository.SellerRepository;

/**
 * The service's metrics (Prometheus at {@code /q/metrics}, on the management interface):
 * <ul>
 * <li>{@code linking_sellers{status}}: sellers per status, recomputed every 30 s;</li>
 * <li>{@code linking_token_min_days_to_expiry}: days until the earliest LINKED token expires (alert below ~25: the
 * sweep is not keeping up);</li>
 * <li>{@code linking_refresh_total{outcome,reason}}: refreshes by outcome: {@code refreshed}; {@code postponed}
 * ({@code rate_limited}, {@code server_error}, {@code timeout}, {@code unreachable}, {@code store_failed}, ...: alert
 * on growth); {@code conflict} ({@code refreshed_elsewhere}: refused because another refresher spent the token first
 * and Vault moved on; {@code cas_conflict}: Vault moved on before our write); {@code reauthorization_required}
 * ({@code invalid_grant}, {@code refresh_answer_lost}, {@code invalid_response}, {@code secret_missing});
 * {@code skipped} ({@code lease_lost}: the lease lapsed before the call, which was not made; alert on growth);</li>
 * <li>{@code linking_refresh_answers_lost_total}: sellers whose refresh token Mercado Pago refused although Vault
 * still held it after a refresh whose answer never reached Vault (a crash between the answer and the Vault write, or
 * a timed-out call Mercado Pago carried out): each must link again (alert on any);</li>
 * <li>{@code linking_refresh_in_flight}: refreshes between the lease check and their recorded outcome (what a shutdown
 * waits for);</li>
 * <li>{@code linking_links_total{outcome,reason}}: completed and failed links ({@code reason} from a fixed set);</li>
 * <li>{@code linking_deauthorizations_total{outcome}}: mp-connect deauthorizations by what they ended as:
 * {@code unlinked} (Mercado Pago confirmed: the token is refused), {@code unconfirmed} (the token still works: a
 * false, forged or stale notification; alert on growth), {@code unknown_seller}, {@code already_unlinked}.</li>
 * </ul>
 */
@ApplicationScoped
public class SellerMetrics {

    private final MeterRegistry registry;
    private final SellerRepository sellers;
    private final Clock clock;
    private final Map<SellerStatus, AtomicLong> byStatus = new EnumMap<>(SellerStatus.class);
    private final AtomicLong minDaysToExpiry = new AtomicLong(Long.MAX_VALUE);

    public SellerMetrics(MeterRegistry registry, SellerRepository sellers, Clock clock) {
        this.registry = registry;
        this.sellers = sellers;
        this.clock = clock;
        for (SellerStatus status : SellerStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("linking_sellers", count, AtomicLong::get).tag("status", status.name())
                    .description("Sellers per status").register(registry);
        }
        Gauge.builder("linking_token_min_days_to_expiry", minDaysToExpiry,
                value -> value.get() == Long.MAX_VALUE ? Double.NaN : value.get())
                .description("Days until the earliest LINKED seller's access token expires").register(registry);
    }

    @Scheduled(every = "30S", delayed = "2S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> recompute() {
        return sellers.countByStatus().invoke(counts -> counts.forEach((status, n) -> byStatus.get(status).set(n)))
                .chain(sellers::earliestExpiry)
                .invoke(earliest -> minDaysToExpiry.set(earliest
                        .map(e -> Duration.between(Instant.now(clock), e.toInstant()).toDays())
                        .orElse(Long.MAX_VALUE)))
                .replaceWithVoid();
    }

    /**
     * One refresh's outcome.
     *
     * @param outcome one of the fixed outcomes above
     * @param reason a fixed word ({@code none} for a refresh); never text from outside
     */
    public void refresh(String outcome, String reason) {
        counter("linking_refresh_total", outcome, reason).increment();
    }

    /** A refreshed pair that never reached Vault was detected: the seller must link again. */
    public void refreshAnswerLost() {
        Counter.builder("linking_refresh_answers_lost_total")
                .description("Sellers whose refreshed pair was lost between Mercado Pago's answer and Vault")
                .register(registry).increment();
    }

    /** Registers the gauge of refreshes in flight. */
    public void refreshesInFlight(IntSupplier inFlight) {
        Gauge.builder("linking_refresh_in_flight", inFlight, IntSupplier::getAsInt)
                .description("Refreshes between their lease check and their recorded outcome").register(registry);
    }

    public void linked() {
        counter("linking_links_total", "success", "none").increment();
    }

    public void linkFailed(String reason) {
        counter("linking_links_total", "failure", reason).increment();
    }

    /** @param outcome one of SellerUnlinking's fixed outcomes */
    public void deauthorization(String outcome) {
        Counter.builder("linking_deauthorizations_total").tag("outcome", outcome).register(registry).increment();
    }

    private Counter counter(String name, String outcome, String reason) {
        return Counter.builder(name).tag("outcome", outcome).tag("reason", reason).register(registry);
    }
}
