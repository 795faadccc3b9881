package dev.mpmarketplace.orders.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MercadoLibreMissedFeeds;
import dev.mpmarketplace.mercadopago.client.mercadolibre.MissedFeedMessage;
import dev.mpmarketplace.orders.Order;
import dev.mpmarketplace.orders.config.OrdersConfig;
import dev.mpmarketplace.orders.fact.CauseKind;
import dev.mpmarketplace.orders.fact.FactCause;
import dev.mpmarketplace.orders.repository.OrderRepository;
import dev.mpmarketplace.orders.repository.RefetchRepository;
import dev.mpmarketplace.orders.repository.SweepTurnRepository;
import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * What catches what a notification did not: Mercado Libre's {@code /missed_feeds} (the messages it gave up delivering,
 * read with the application's own token), the periodic re-read of orders that may still change, and the refetch of
 * orders whose fetch failed. Each ends in {@link MercadoLibreOrderFetches#fetch}, as a notification does, so an order
 * already known as it is changes nothing. Each is off while the service rebuilds ({@code orders.live.enabled=false}).
 * Fetches run {@code orders.reread.concurrency} at a time, each on a context of its own (a Hibernate Reactive session
 * is never shared by two at once). With several replicas, the missed feeds and the re-read run on one replica per
 * period ({@link SweepTurnRepository}); the refetch sweep claims its rows one by one.
 */
@ApplicationScoped
public class MercadoLibreSweeps {

    private static final Logger LOG = Logger.getLogger(MercadoLibreSweeps.class);
    private static final Pattern ORDER = Pattern.compile("(?:https?://[^/]+)?/orders/([1-9][0-9]{0,18})");

    /** What one run did. */
    public record Run(int candidates, int fetched, int failed) {
    }

    private final MercadoLibreOrderFetches fetches;
    private final MercadoLibreMissedFeeds missedFeeds;
    private final OrderRepository orders;
    private final RefetchRepository refetches;
    private final OrderMetrics metrics;
    private final OrdersConfig config;
    private final Clock clock;
    private final Optional<String> applicationClientId;
    private final SweepTurnRepository sweepTurns;
    private final String holder = "orders-" + UUID.randomUUID();

    public MercadoLibreSweeps(MercadoLibreOrderFetches fetches, MercadoLibreMissedFeeds missedFeeds,
            OrderRepository orders, RefetchRepository refetches, SweepTurnRepository sweepTurns,
            OrderMetrics metrics, OrdersConfig config, Clock clock,
            @ConfigProperty(name = "mercadopago.application.client-id") Optional<String> applicationClientId) {
        this.fetches = fetches;
        this.missedFeeds = missedFeeds;
        this.orders = orders;
        this.refetches = refetches;
        this.sweepTurns = sweepTurns;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.applicationClientId = applicationClientId;
    }

    @Scheduled(every = "${orders.missed-feeds.every:5M}", delayed = "20S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledMissedFeeds() {
        return onItsTurn("missed-feeds", config.missedFeeds().every(), () -> logged("missed feeds", missedFeeds()));
    }

    @Scheduled(every = "${orders.reread.every:15M}", delayed = "1M", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledReread() {
        return onItsTurn("reread", config.reread().every(), () -> logged("re-read", reread()));
    }

    /**
     * Runs a sweep every replica schedules only on the replica that claims its turn for this period (the refetch
     * sweep needs none: it claims its rows one by one). A claim that fails (the database away) skips the period.
     */
    private Uni<Void> onItsTurn(String sweep, String every, Supplier<Uni<Void>> run) {
        if (!config.live().enabled()) {
            return Uni.createFrom().voidItem();
        }
        return sweepTurns.claim(sweep, holder, Timestamps.now(clock), turn(every))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("%s: its turn could not be claimed, the next period retries: %s", sweep,
                            failure.toString());
                    return false;
                })
                .chain(mine -> mine ? run.get() : Uni.createFrom().voidItem());
    }

    /**
     * How long a turn lasts: nine tenths of the scheduler's period (its {@code every}, as Quarkus reads it: {@code 5M},
     * {@code 1D}, or an ISO-8601 duration), so the first replica to tick in the next period takes the next turn.
     */
    static Duration turn(String every) {
        String text = every.trim().toUpperCase(Locale.ROOT);
        Duration period;
        if (!text.isEmpty() && Character.isDigit(text.charAt(0))) {
            period = Duration.parse(text.endsWith("D") ? "P" + text : "PT" + text);
        } else {
            period = Duration.parse(text);
        }
        return period.multipliedBy(9).dividedBy(10);
    }

    @Scheduled(every = "${orders.refetch.every:30S}", delayed = "10S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefetch() {
        return config.live().enabled() ? logged("refetch", refetch()) : Uni.createFrom().voidItem();
    }

    /**
     * Reads every missed order message of the application, page by page, and fetches each order it names as the
     * message's seller. A message that names no order of a seller is skipped.
     */
    public Uni<Run> missedFeeds() {
        Optional<String> applicationId = config.missedFeeds().applicationId().or(() -> applicationClientId)
                .filter(id -> !id.isBlank() && !"unset".equals(id));
        if (applicationId.isEmpty()) {
            LOG.debug("no Mercado Libre application id: missed feeds are not read");
            return Uni.createFrom().item(new Run(0, 0, 0));
        }
        return Multi.createFrom().iterable(config.missedFeeds().topics())
                .onItem().transformToUniAndConcatenate(topic -> missedOfTopic(applicationId.get(), topic, 0,
                        new Run(0, 0, 0)))
                .collect().asList()
                .map(MercadoLibreSweeps::sum);
    }

    private Uni<Run> missedOfTopic(String applicationId, String topic, int offset, Run sofar) {
        int size = Math.min(config.missedFeeds().pageSize(), MercadoLibreMissedFeeds.MAX_LIMIT);
        return missedFeeds.page(applicationId, topic, offset, size).chain(page -> {
            List<MissedFeedMessage> usable = page.stream().filter(message -> orderId(message).isPresent()
                    && message.userId() != null).toList();
            usable.forEach(message -> metrics.missedMessage());
            return fetchAll(usable.stream().map(message -> new Target(message.userId(), orderId(message).get(),
                    new FactCause(CauseKind.MISSED_FEED,
                            StableEventId.of("mercadolibre", message.id()), message.topic())))
                    .toList())
                    .chain(run -> {
                        Run total = new Run(sofar.candidates() + page.size(), sofar.fetched() + run.fetched(),
                                sofar.failed() + run.failed());
                        return page.size() < size
                                ? Uni.createFrom().item(total)
                                : missedOfTopic(applicationId, topic, offset + page.size(), total);
                    });
        });
    }

    /** Fetches again the Mercado Libre orders that may still change and have not changed for a while. */
    public Uni<Run> reread() {
        OffsetDateTime now = Timestamps.now(clock);
        return Panache.withSession(() -> orders.unsettledMercadoLibreOrders(now.minus(config.reread().unchangedFor()),
                now.minus(config.reread().maxAge()), config.reread().batchSize()))
                .chain(found -> fetchAll(found.stream().map(MercadoLibreSweeps::reread).toList()));
    }

    private static Target reread(Order order) {
        return new Target(order.sellerId, order.mercadolibreOrderId, new FactCause(CauseKind.REREAD, null, null));
    }

    /**
     * Fetches the orders whose refetch is due; one still unreadable {@code orders.refetch.give-up-after} after its
     * first failure is given up (logged, counted).
     */
    public Uni<Run> refetch() {
        OffsetDateTime now = Timestamps.now(clock);
        return refetches.claimDue(now, config.refetch().lease(), config.refetch().batchSize())
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUni(refetch -> {
                            if (refetch.firstFailedAt().plus(config.refetch().giveUpAfter()).isBefore(now)) {
                                LOG.warnf("Mercado Libre order %d of seller %d given up after %d attempts",
                                        refetch.mercadolibreOrderId(), refetch.sellerId(), refetch.attempts());
                                metrics.refetchGivenUp();
                                return refetches.done(refetch.mercadolibreOrderId()).replaceWith(0);
                            }
                            FactCause cause = new FactCause(CauseKind.REFETCH, refetch.cause().eventId(),
                                    refetch.cause().topic());
                            return CallerContext.detached(() -> fetches.fetch(refetch.sellerId(),
                                    refetch.mercadolibreOrderId(), cause))
                                    .chain(outcome -> outcome == MercadoLibreOrderFetches.Outcome.REFETCH
                                            ? Uni.createFrom().item(0)
                                            : refetches.done(refetch.mercadolibreOrderId()).replaceWith(1))
                                    .onFailure().recoverWithUni(failure -> fetches.later(refetch.sellerId(),
                                            refetch.mercadolibreOrderId(), cause,
                                            failure instanceof MercadoPagoException e
                                                    ? e.tag()
                                                    : failure.getClass().getSimpleName())
                                            .replaceWith(0));
                        }).merge(config.reread().concurrency())
                        .collect().asList()
                        .map(done -> new Run(due.size(), done.stream().mapToInt(Integer::intValue).sum(),
                                due.size() - done.stream().mapToInt(Integer::intValue).sum())))
                .call(() -> refetches.pending().invoke(metrics::refetchPending));
    }

    /** A Mercado Libre order to fetch, as whom, and why. */
    private record Target(long sellerId, long orderId, FactCause cause) {
    }

    private Uni<Run> fetchAll(List<Target> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().item(new Run(0, 0, 0));
        }
        return Multi.createFrom().iterable(targets)
                .onItem().transformToUni(target -> CallerContext.detached(() -> fetches.fetch(target.sellerId(),
                        target.orderId(), target.cause()))
                        .replaceWith(true)
                        .onFailure().recoverWithUni(failure -> fetches.later(target.sellerId(), target.orderId(),
                                target.cause(), failure instanceof MercadoPagoException e
                                        ? e.tag()
                                        : failure.getClass().getSimpleName())
                                .replaceWith(false)))
                .merge(config.reread().concurrency())
                .collect().asList()
                .map(results -> {
                    int fetched = (int) results.stream().filter(ok -> ok).count();
                    return new Run(targets.size(), fetched, targets.size() - fetched);
                });
    }

    private static Optional<Long> orderId(MissedFeedMessage message) {
        if (message.resource() == null) {
            return Optional.empty();
        }
        Matcher matcher = ORDER.matcher(message.resource());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Run sum(List<Run> runs) {
        return new Run(runs.stream().mapToInt(Run::candidates).sum(), runs.stream().mapToInt(Run::fetched).sum(),
                runs.stream().mapToInt(Run::failed).sum());
    }

    private static Uni<Void> logged(String what, Uni<Run> run) {
        return run.invoke(done -> {
            if (done.candidates() > 0) {
                LOG.infof("%s: %d candidates, %d fetched, %d to try again", what, done.candidates(), done.fetched(),
                        done.failed());
            }
        }).replaceWithVoid().onFailure().recoverWithItem(failure -> {
            LOG.warnf("%s failed, the next run retries: %s", what, failure.toString());
            return null;
        });
    }
}
