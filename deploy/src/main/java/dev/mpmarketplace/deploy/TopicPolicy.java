package dev.mpmarketplace.deploy;

import java.time.Duration;

import dev.mpmarketplace.events.Topic;

/**
 * How a topic of each {@link Topic.Kind} is laid out in the cluster. The base is the production layout (three
 * replicas, two in sync); the {@code dev} overlay lowers replication for a one-broker cluster. Retention and cleanup
 * are the kind's, not the environment's.
 *
 * @param partitions the parallelism of its consumers and the unit of ordering (records of one resource share a key)
 * @param retention how long a record is kept, whether or not it was consumed
 * @param reason why the kind has these values, written into docs/deploy.md
 */
public record TopicPolicy(int partitions, Duration retention, String reason) {

    /** Replicas of every partition in the base (production) layout. */
    public static final int REPLICAS = 3;
    /** Acknowledging writes ({@code acks=all}) need this many in-sync replicas: one broker may be down, not two. */
    public static final int MIN_IN_SYNC_REPLICAS = 2;
    /** Records are deleted after their retention; no topic is compacted (every record is a fact, not a state). */
    public static final String CLEANUP_POLICY = "delete";

    /** No time limit ({@code retention.ms} -1). */
    public static final Duration FOREVER = Duration.ofMillis(-1);

    public static TopicPolicy of(Topic.Kind kind) {
        return switch (kind) {
            case RAW_NOTIFICATION -> new TopicPolicy(12, Duration.ofDays(7),
                    "a consumer may be down for days and still catch up; Mercado Pago itself stops retrying after a "
                            + "few days, and every consumer re-fetches the resource anyway");
            case DOMAIN_EVENT -> new TopicPolicy(12, Duration.ofDays(30),
                    "the public interface of the marketplace's backends: a backend may be down over a month-end and "
                            + "a projection replays its inputs from here");
            case COMMAND -> new TopicPolicy(6, Duration.ofDays(7),
                    "a command older than a week is stale; the sender's idempotency key makes a re-send safe");
            case DEAD_LETTER -> new TopicPolicy(3, Duration.ofDays(30),
                    "kept for inspection and replay by an operator; low volume");
            case FACT_LOG -> new TopicPolicy(12, FOREVER,
                    "a service's own model is rebuilt by replaying it from the start: kept as long as the model "
                            + "(retention.ms -1), never compacted (one key carries every fact of one aggregate)");
        };
    }
}
