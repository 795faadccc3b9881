package dev.mpmarketplace.outbox;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * Publishes the service's outbox to Kafka: in id order, each record with its own topic, key and binary-mode CloudEvents
 * headers, and marks events sent only after the broker acknowledged them ({@code acks=all}), in the same database
 * transaction that read them.
 * <p>
 * One relay at a time across replicas: a run holds {@code pg_try_advisory_xact_lock} for its transaction, so one
 * aggregate's events keep their order. A commit that added events wakes the relay at once (PostgreSQL
 * {@code NOTIFY outbox} from a trigger, delivered at commit to every replica); a poll every
 * {@code outbox.relay-interval} is the backstop. A crash after the acknowledgement and before the commit publishes
 * the events again on the next run with the same {@code ce_id}: at least once, de-duplicated by consumers.
 * <p>
 * Metrics: {@code outbox_pending} (unsent events), {@code outbox_lag_seconds} (age of the oldest unsent event),
 * {@code outbox_sent_total}, {@code outbox_send_failures_total}, {@code outbox_delivery_delay_seconds} (event time to
 * acknowledgement). On shutdown no new run starts and the run in flight is awaited.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CHANNEL = "outbox";
    private static final String SELECT_BATCH = """
            SELECT id, event_id, topic, message_key, type, source, subject, payload, occurred_at
              FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1""";

    private final Pool pool;
    private final MutinyEmitter<byte[]> emitter;
    private final OutboxConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final long lockKey;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter sent;
    private final Counter failures;
    private final Timer deliveryDelay;
    private final Optional<String> datasourceUrl;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;

    public OutboxRelay(Pool pool,
            @Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<byte[]> emitter,
            OutboxConfig config, Clock clock, Vertx vertx, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> datasourceUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.lockKey = ("outbox-relay:" + application).hashCode();
        this.datasourceUrl = datasourceUrl;
        this.username = username;
        this.password = password;
        Gauge.builder("outbox_pending", pending, AtomicLong::get).description("Outbox events not yet acknowledged")
                .register(registry);
        Gauge.builder("outbox_lag_seconds", lagMillis, value -> value.get() / 1000.0)
                .description("Age of the oldest unsent outbox event").register(registry);
        this.sent = Counter.builder("outbox_sent_total").description("Outbox events acknowledged by the broker")
                .register(registry);
        this.failures = Counter.builder("outbox_send_failures_total")
                .description("Outbox relay runs that failed (the events stay and are sent again)").register(registry);
        this.deliveryDelay = Timer.builder("outbox_delivery_delay_seconds")
                .description("From an event's time to the broker's acknowledgement").publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void listenForCommits(@Observes StartupEvent started) {
        if (!config.listen() || datasourceUrl.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(datasourceUrl.get().replaceFirst("^vertx-reactive:", ""));
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1_000L);
        subscriber.channel("outbox").handler(payload -> wakeUp());
        subscriber.connect().subscribe().with(connected -> wakeUp(),
                failure -> LOG.warnf("outbox relay could not listen for commits (%s); it polls every %s",
                        failure.toString(), config.relayInterval()));
    }

    @Scheduled(every = "${outbox.relay-interval:5S}", delayed = "1S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wakeUp();
        refreshGauges().subscribe().with(ignored -> {
        }, failure -> LOG.debugf("outbox gauges not refreshed: %s", failure.toString()));
    }

    /** Asks for a relay run soon; never blocks and never fails the caller. */
    public void wakeUp() {
        if (stopping.get()) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        relayAll().subscribe().with(count -> finished(), failure -> {
            failures.increment();
            LOG.warnf("outbox relay failed, the next run retries: %s", failure.toString());
            finished();
        });
    }

    private void finished() {
        running.set(false);
        if (again.get()) {
            wakeUp();
        }
    }

    /** Relays every unsent event, batch after batch; answers how many were sent. */
    public Uni<Integer> relayAll() {
        return relayBatch().chain(count -> count >= config.batchSize() && !stopping.get()
                ? relayAll().map(more -> count + more)
                : Uni.createFrom().item(count));
    }

    /** Relays one batch, if this replica gets the relay lock; answers how many events were sent. */
    public Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS locked").execute(Tuple.of(lockKey))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? sendBatch(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> sendBatch(SqlConnection connection) {
        return connection.preparedQuery(SELECT_BATCH).execute(Tuple.of(config.batchSize())).chain(rows -> {
            List<Row> batch = new ArrayList<>();
            rows.forEach(batch::add);
            if (batch.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            // Every send is handed to the producer in id order before any is awaited (one idempotent producer keeps
            // that order per partition); only the acknowledged prefix is marked sent.
            List<Uni<Boolean>> sends = batch.stream().map(this::send).toList();
            return Uni.join().all(sends).andFailFast().chain(acknowledged -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < batch.size() && acknowledged.get(i); i++) {
                    ids.add(batch.get(i).getLong("id"));
                }
                if (ids.isEmpty()) {
                    return Uni.createFrom().failure(new IllegalStateException("the broker acknowledged none of "
                            + batch.size() + " outbox events"));
                }
                OffsetDateTime now = Timestamps.now(clock);
                return connection.preparedQuery("UPDATE outbox SET sent_at = $1 WHERE id = ANY($2)")
                        .execute(Tuple.of(now, ids.toArray(Long[]::new)))
                        .invoke(() -> {
                            sent.increment(ids.size());
                            for (int i = 0; i < ids.size(); i++) {
                                OffsetDateTime occurred = batch.get(i).getOffsetDateTime("occurred_at");
                                deliveryDelay.record(Math.max(0, Duration.between(occurred, now).toMillis()),
                                        TimeUnit.MILLISECONDS);
                            }
                        })
                        .replaceWith(ids.size());
            });
        });
    }

    private Uni<Boolean> send(Row row) {
        CloudEventAttributes attributes = new CloudEventAttributes(row.getString("event_id"),
                URI.create(row.getString("source")), row.getString("type"), row.getString("subject"),
                row.getOffsetDateTime("occurred_at"), CloudEventAttributes.JSON);
        RecordHeaders headers = new RecordHeaders();
        attributes.writeTo(headers);
        Message<byte[]> message = Message.of(row.getString("payload").getBytes(StandardCharsets.UTF_8))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.getString("topic"))
                        .withKey(row.getString("message_key"))
                        .withHeaders(headers)
                        .build());
        return emitter.sendMessage(message)
                .ifNoItem().after(config.sendTimeout()).fail()
                .replaceWith(Boolean.TRUE)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("outbox event %s not acknowledged: %s", row.getString("event_id"), failure.toString());
                    return Boolean.FALSE;
                });
    }

    private Uni<Void> refreshGauges() {
        return pool.query("SELECT count(*) AS n, min(occurred_at) AS oldest FROM outbox WHERE sent_at IS NULL")
                .execute().invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong("n"));
                    OffsetDateTime oldest = row.getOffsetDateTime("oldest");
                    lagMillis.set(oldest == null
                            ? 0
                            : Math.max(0, Duration.between(oldest, OffsetDateTime.now(clock)).toMillis()));
                }).replaceWithVoid();
    }

    /** Forgets sent events and processed-event records older than their retention. */
    @Scheduled(every = "1H", delayed = "10M", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> forgetOld() {
        OffsetDateTime now = Timestamps.now(clock);
        return pool.preparedQuery("DELETE FROM outbox WHERE sent_at < $1")
                .execute(Tuple.of(now.minus(config.retention())))
                .chain(() -> pool.preparedQuery("DELETE FROM processed_event WHERE processed_at < $1")
                        .execute(Tuple.of(now.minus(config.processedEventRetention()))))
                .replaceWithVoid();
    }

    void drain(@Observes ShutdownEvent stopped) {
        stopping.set(true);
        long deadline = System.nanoTime() + config.sendTimeout().plusSeconds(1).toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
