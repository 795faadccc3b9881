package dev.mpmarketplace.outbox;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.support.context.CallerContext;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * What each consumer of a service has processed, by (consumer, CloudEvent id), written in the same transaction as the
 * effect: a redelivered record, a duplicate notification or a replay finds it and takes no effect again.
 * <p>
 * The usual shape of a consumer: {@link #outcomeOf} outside any transaction to skip a known duplicate cheaply; then
 * the network calls (fetching the resource a notification names); then one short transaction that runs
 * {@link #once}, which claims the id first (a concurrent duplicate waits on the claim and then finds it taken) and
 * only then applies the effect.
 */
@ApplicationScoped
public class ProcessedEvents {

    /** The outcome {@link #once} answers when the event was already processed. */
    public static final String DUPLICATE = "duplicate";

    private static final String CLAIM = """
            INSERT INTO processed_event (consumer, event_id, outcome, processed_at)
            VALUES (:consumer, :eventId, :outcome, :processedAt)
            ON CONFLICT (consumer, event_id) DO NOTHING""";
    private static final String SET_OUTCOME = """
            UPDATE processed_event SET outcome = :outcome WHERE consumer = :consumer AND event_id = :eventId""";
    private static final String CLAIM_POSITIONAL = """
            INSERT INTO processed_event (consumer, event_id, outcome, processed_at)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (consumer, event_id) DO NOTHING""";
    private static final String SET_OUTCOME_POSITIONAL = """
            UPDATE processed_event SET outcome = $3 WHERE consumer = $1 AND event_id = $2""";
    private static final String OUTCOME = """
            SELECT outcome FROM processed_event WHERE consumer = $1 AND event_id = $2""";

    private final Clock clock;
    private final Pool pool;

    public ProcessedEvents(Clock clock, Pool pool) {
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * In the caller's transaction: when the event is new to this consumer, claims it, runs {@code effect} and records
     * the outcome it answers; otherwise answers {@link #DUPLICATE} and runs nothing.
     */
    public Uni<String> once(String consumer, String eventId, Supplier<Uni<String>> effect) {
        return claim(consumer, eventId, "processing").chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().item(DUPLICATE);
            }
            return effect.get().call(outcome -> Panache.getSession()
                    .chain(session -> session.createNativeQuery(SET_OUTCOME)
                            .setParameter("outcome", outcome)
                            .setParameter("consumer", consumer)
                            .setParameter("eventId", eventId)
                            .executeUpdate()));
        });
    }

    /**
     * In the caller's transaction: records the event with an outcome known up front (no effect to take).
     *
     * @return {@code false} when the consumer had already processed it
     */
    public Uni<Boolean> record(String consumer, String eventId, String outcome) {
        return claim(consumer, eventId, outcome);
    }

    /**
     * On a connection of the reactive SQL client, inside the caller's transaction there
     * ({@code pool.withTransaction(connection -> ...)}, no session): claims the event for {@code consumer} before its
     * effect, as {@link #once} does (a concurrent duplicate waits on the claim, then finds it taken); the caller then
     * writes its effect and {@link #recordOutcome} on the same connection.
     *
     * @return {@code false} when the consumer had already processed (or is processing) the event: take no effect
     */
    public Uni<Boolean> claim(SqlClient client, String consumer, String eventId) {
        return client.preparedQuery(CLAIM_POSITIONAL)
                .execute(Tuple.of(consumer, eventId, "processing", Timestamps.now(clock)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** On the connection of {@link #claim(SqlClient, String, String)}: the outcome of the effect just written. */
    public Uni<Void> recordOutcome(SqlClient client, String consumer, String eventId, String outcome) {
        return client.preparedQuery(SET_OUTCOME_POSITIONAL).execute(Tuple.of(consumer, eventId, outcome))
                .replaceWithVoid();
    }

    /**
     * The recorded outcome, read with one statement on the pool (no session: a consumer asks this for every record,
     * and a Hibernate session costs more than the query); empty when the consumer has not processed the event. The
     * answer comes on the caller's context.
     */
    public Uni<Optional<String>> outcomeOf(String consumer, String eventId) {
        return CallerContext.resume(pool.preparedQuery(OUTCOME).execute(Tuple.of(consumer, eventId)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString(0)));
    }

    private Uni<Boolean> claim(String consumer, String eventId, String outcome) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CLAIM)
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .setParameter("outcome", outcome)
                .setParameter("processedAt", Timestamps.now(clock))
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
