package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayment;
import dev.mpmarketplace.mercadopago.client.payments.PaymentSearch;
import dev.mpmarketplace.mercadopago.client.payments.PaymentSearchPage;
import dev.mpmarketplace.payment.StatusSource;
import dev.mpmarketplace.payment.client.PaymentsAtMercadoPago;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.payment.repository.SellerRepository;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * The reconciliation sweep: what notifications missed (Mercado Pago stops retrying after a few days, and some never
 * arrive) is found by asking. For every seller that is not unlinked, one replica at a time (a lease on the seller's
 * row):
 * <ol>
 * <li>the seller's payments Mercado Pago changed since the newest change the previous sweep saw (minus
 * {@code payment.sweep.overlap}; the first sweep looks back {@code payment.sweep.initial-begin}), oldest change first,
 * page by page; each answer is applied through {@link PaymentSync} (source {@code sweep}), so one already known
 * changes nothing and a payment made elsewhere is recorded;</li>
 * <li>every payment of the seller that Mercado Pago may still change by itself ({@code pending}, {@code in_process},
 * {@code authorized}, {@code in_mediation}) is fetched and applied;</li>
 * <li>every payment of the seller whose creation's outcome is unknown gets a resolution attempt
 * ({@link UnknownOutcomes}).</li>
 * </ol>
 * Dates are Mercado Pago's own (its {@code date_last_updated}, its {@code NOW}), so the two clocks never meet.
 * Changes only the sweep found are counted in {@code payment_sweep_repairs_total}.
 */
@ApplicationScoped
public class ReconciliationSweep {

    private static final Logger LOG = Logger.getLogger(ReconciliationSweep.class);

    private final SellerRepository sellers;
    private final PaymentRepository payments;
    private final SellerAccess sellerAccess;
    private final PaymentsAtMercadoPago mercadoPago;
    private final PaymentSync sync;
    private final UnknownOutcomes unknownOutcomes;
    private final PaymentConfig config;
    private final Clock clock;
    private final String owner = "sweep-" + UUID.randomUUID();

    public ReconciliationSweep(SellerRepository sellers, PaymentRepository payments, SellerAccess sellerAccess,
            PaymentsAtMercadoPago mercadoPago, PaymentSync sync, UnknownOutcomes unknownOutcomes, PaymentConfig config,
            Clock clock) {
        this.sellers = sellers;
        this.payments = payments;
        this.sellerAccess = sellerAccess;
        this.mercadoPago = mercadoPago;
        this.sync = sync;
        this.unknownOutcomes = unknownOutcomes;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${payment.sweep.every:10M}", delayed = "30S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweep().replaceWithVoid().onFailure().recoverWithItem(failure -> {
            LOG.warnf("reconciliation sweep failed, the next run retries: %s", failure.toString());
            return null;
        });
    }

    /** Sweeps every seller not swept by another replica right now; answers how many changes it applied. */
    public Uni<Integer> sweep() {
        OffsetDateTime started = Timestamps.now(clock);
        AtomicInteger changes = new AtomicInteger();
        return sweepBatch(started, changes).replaceWith(changes::get)
                .invoke(count -> LOG.infof("reconciliation sweep: %d changes applied", count));
    }

    private Uni<Void> sweepBatch(OffsetDateTime started, AtomicInteger changes) {
        OffsetDateTime now = Timestamps.now(clock);
        return sellers.leaseSweep(owner, now, now.plus(config.sweep().lease()), started, 20).chain(leases -> {
            if (leases.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Multi.createFrom().iterable(leases)
                    .onItem().transformToUniAndConcatenate(lease -> sweepSeller(lease)
                            .invoke(changes::addAndGet)
                            .onFailure().recoverWithUni(failure -> {
                                if (failure instanceof ProblemException problem
                                        && PaymentProblems.SELLER_NOT_LINKED.equals(problem.reason())) {
                                    // No tokens in Vault (the unlinked event not seen yet): nothing to ask with.
                                    LOG.debugf("sweep of seller %d skipped: not linked", lease.sellerId());
                                } else {
                                    LOG.warnf("sweep of seller %d failed, the next sweep retries: %s",
                                            lease.sellerId(), failure.toString());
                                }
                                return sellers.sweepFailed(lease.sellerId(), owner).replaceWith(0);
                            }))
                    .collect().asList()
                    .chain(() -> sweepBatch(started, changes));
        });
    }

    private Uni<Integer> sweepSeller(SellerRepository.SweepLease lease) {
        long sellerId = lease.sellerId();
        LogFields.put(sellerId, null);
        AtomicInteger changes = new AtomicInteger();
        AtomicReference<OffsetDateTime> newest = new AtomicReference<>();
        String begin = lease.sweptUntil() == null
                ? config.sweep().initialBegin()
                : OffsetDateTime.parse(lease.sweptUntil()).minus(config.sweep().overlap()).toString();
        return sellerAccess.tokenFor(sellerId)
                .chain(token -> changedSince(token, sellerId, PaymentSearch.updatedBetween(begin, "NOW",
                        config.sweep().pageSize()), 0, changes, newest)
                        .chain(() -> payments.openMercadoPagoIds(sellerId, config.sweep().pageSize()))
                        .chain(open -> Multi.createFrom().iterable(open)
                                .onItem().transformToUniAndConcatenate(id -> mercadoPago.get(token, id)
                                        .chain(answer -> apply(answer, sellerId, changes, newest)))
                                .collect().asList()))
                .chain(() -> payments.unresolvedOf(sellerId))
                .chain(unresolved -> Multi.createFrom().iterable(unresolved)
                        .onItem().transformToUniAndConcatenate(unknownOutcomes::resolve).collect().asList())
                .chain(() -> sellers.sweepDone(sellerId, owner,
                        newest.get() == null ? null : newest.get().toString(), Timestamps.now(clock)))
                .replaceWith(changes::get);
    }

    private Uni<Void> changedSince(String token, long sellerId, PaymentSearch query, int pages,
            AtomicInteger changes, AtomicReference<OffsetDateTime> newest) {
        return mercadoPago.search(token, query).chain((PaymentSearchPage page) -> Multi.createFrom()
                .iterable(page.results())
                .onItem().transformToUniAndConcatenate(answer -> apply(answer, sellerId, changes, newest))
                .collect().asList()
                .chain(() -> page.hasMore() && pages + 1 < config.sweep().maxPages()
                        ? changedSince(token, sellerId, query.from(query.offset() + page.results().size()), pages + 1,
                                changes, newest)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> apply(MercadoPagoPayment answer, long sellerId, AtomicInteger changes,
            AtomicReference<OffsetDateTime> newest) {
        if (answer.dateLastUpdated() != null) {
            newest.accumulateAndGet(answer.dateLastUpdated(),
                    (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
        return Panache.withTransaction(() -> sync.apply(answer, sellerId, StatusSource.SWEEP))
                .invoke(applied -> {
                    if (applied.observation().statusChanged()) {
                        changes.incrementAndGet();
                    }
                })
                .replaceWithVoid();
    }
}
