package dev.mpmarketplace.orders.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Identifier;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.orders.config.OrdersConfig;

/**
 * How far a rebuild is: the facts replayed, and how many the consumer group has still to commit on the fact log
 * (its lag, read from the broker every 5 seconds, so it counts every replica's partitions). The rebuild is caught up
 * when the lag is 0; the readiness check says so, and one log line tells the operator to restart with the live
 * inputs on. Outside a rebuild it does nothing.
 * <p>
 * Start-up refuses a rebuild with the live inputs on: a live fact applied to an order before the log's older facts
 * of that order would make the replay skip them as stale, and the rebuilt model would differ.
 */
@ApplicationScoped
public class RebuildProgress {

    private static final Logger LOG = Logger.getLogger(RebuildProgress.class);

    private final OrdersConfig config;
    private final String group;
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong lag = new AtomicLong(-1);
    private volatile boolean caughtUp;
    private Admin admin;

    /** The Kafka client configuration the connector uses (bootstrap servers, security). */
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    public RebuildProgress(OrdersConfig config, MeterRegistry registry,
            @ConfigProperty(name = "mp.messaging.incoming.order-facts.group.id") String group) {
        this.config = config;
        this.group = group;
        Gauge.builder("orders_rebuild_lag", lag, AtomicLong::get)
                .description("Facts of the fact log the rebuild has still to apply (-1: not rebuilding or unknown)")
                .register(registry);
        Gauge.builder("orders_rebuild_replayed", replayed, AtomicLong::get)
                .description("Facts the rebuild applied since start-up").register(registry);
    }

    void check(@Observes StartupEvent started) {
        if (config.rebuild().enabled() && config.live().enabled()) {
            throw new IllegalStateException("orders.rebuild.enabled=true needs orders.live.enabled=false: a live fact "
                    + "applied during the replay would make it skip older ones (docs/services/order-projection-service.md)");
        }
        if (config.rebuild().enabled()) {
            LOG.infof("rebuilding the order model from %s (consumer group %s)",
                    Topic.ORDER_PROJECTION_FACTS.topicName(), group);
        }
    }

    /** One fact replayed. */
    public void replayed() {
        replayed.incrementAndGet();
    }

    /** Whether the service is rebuilding and has not caught up yet. */
    public boolean rebuilding() {
        return config.rebuild().enabled() && !caughtUp;
    }

    public long replayedCount() {
        return replayed.get();
    }

    /** The last measured lag, -1 when unknown. */
    public long lag() {
        return lag.get();
    }

    @Scheduled(every = "5S", delayed = "2S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void measure() {
        if (!config.rebuild().enabled()) {
            return;
        }
        try {
            long behind = measureLag();
            lag.set(behind);
            if (behind == 0 && !caughtUp) {
                caughtUp = true;
                LOG.infof("rebuild caught up: %d facts replayed; restart with orders.rebuild.enabled=false and "
                        + "orders.live.enabled=true", replayed.get());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warnf("could not read the rebuild's lag: %s", e.toString());
        }
    }

    private long measureLag() throws Exception {
        Admin client = admin();
        String topic = Topic.ORDER_PROJECTION_FACTS.topicName();
        Set<TopicPartition> partitions = client.describeTopics(List.of(topic)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                .map(partition -> new TopicPartition(topic, partition.partition())).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        client.listOffsets(latest).all().get(10, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        long behind = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata at = committed.get(partition);
            behind += Math.max(0, ends.getOrDefault(partition, 0L) - (at == null ? 0 : at.offset()));
        }
        return behind;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>();
            kafka.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    properties.put(key, value);
                }
            });
            admin = Admin.create(properties);
        }
        return admin;
    }

    void close(@Observes ShutdownEvent stopped) {
        synchronized (this) {
            if (admin != null) {
                admin.close();
            }
        }
    }
}
