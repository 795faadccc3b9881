package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Finds intents nothing moved for a while (a lost notification, an unanswered creation, a payment still undecided)
 * and settles each from the API ({@link IntentResolution}). An intent is due when its {@code next_check_at} passed:
 * every change that leaves it non-final sets it {@code point.sweep.stale-after} ahead. Each sweep claims a batch
 * ({@code FOR UPDATE SKIP LOCKED}, pushing their check a lease ahead), so replicas sweep different intents.
 */
@ApplicationScoped
public class IntentSweep {

    private static final Logger LOG = Logger.getLogger(IntentSweep.class);

    private final IntentRepository intents;
    private final IntentResolution resolution;
    private final PointConfig config;
    private final Clock clock;

    public IntentSweep(IntentRepository intents, IntentResolution resolution, PointConfig config, Clock clock) {
        this.intents = intents;
        this.resolution = resolution;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${point.sweep.every:30S}", delayed = "10S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledSweep() {
        return sweep().invoke(checked -> {
            if (checked > 0) {
                LOG.infof("intent sweep: %d intents asked about", checked);
            }
        }).replaceWithVoid().onFailure().recoverWithItem(failure -> {
            LOG.warnf("intent sweep failed, the next run retries: %s", failure.toString());
            return null;
        });
    }

    /** One sweep: every due intent, a batch at a time; answers how many were asked about. */
    public Uni<Integer> sweep() {
        return batch().chain(ids -> ids.isEmpty()
                ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> resolution.check(id)
                                .onFailure().recoverWithNull().replaceWith(1))
                        .collect().asList().map(List::size)
                        .chain(done -> ids.size() < config.sweep().batchSize()
                                ? Uni.createFrom().item(done)
                                : sweep().map(more -> done + more)));
    }

    private Uni<List<UUID>> batch() {
        OffsetDateTime now = Timestamps.now(clock);
        return intents.claimDue(now, now.plus(config.sweep().lease()), config.sweep().batchSize());
    }
}
