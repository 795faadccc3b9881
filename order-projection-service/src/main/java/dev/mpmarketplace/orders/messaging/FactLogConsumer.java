package dev.mpmarketplace.orders.messaging;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.DomainEventReader;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.orders.config.OrdersConfig;
import dev.mpmarketplace.orders.fact.FactKind;
import dev.mpmarketplace.orders.fact.OrderFact;
import dev.mpmarketplace.orders.service.OrderProjection;
import dev.mpmarketplace.orders.service.RebuildProgress;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * Replays the service's own fact log ({@code order-projection-service.facts}) into the model: the rebuild. The channel
 * {@code order-facts} runs only with {@code orders.rebuild.enabled=true} (and the live inputs off), from the consumer
 * group's committed offsets, which the operator reset to the beginning (docs/services/order-projection-service.md).
 * Each fact is applied exactly as it was live ({@link OrderProjection.Mode#REPLAY}: not logged again); a fact already
 * in the model (a replay that was restarted) does nothing. A record that is not an order fact goes to the dead
 * letters; a transient failure (the database) is retried in place for up to five minutes.
 */
@ApplicationScoped
public class FactLogConsumer {

    private static final Logger LOG = Logger.getLogger(FactLogConsumer.class);
    private static final Map<String, Class<?>> FACTS = Arrays.stream(FactKind.values())
            .collect(Collectors.toUnmodifiableMap(FactKind::type, kind -> OrderFact.class, (a, b) -> a));

    private final OrderProjection projection;
    private final RebuildProgress progress;
    private final OrdersConfig config;
    private final KeyedLanes lanes;

    public FactLogConsumer(OrderProjection projection, RebuildProgress progress, OrdersConfig config,
            ConsumerLanes consumerLanes) {
        this.lanes = consumerLanes.of("order-facts");
        this.projection = projection;
        this.progress = progress;
        this.config = config;
    }

    /** Hands the record to the channel's lanes: records of one key in order, other keys at once. */
    @Incoming("order-facts")
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        return lanes.submit(message, this::process);
    }

    /** One fact applied (what the lanes run; a test replays the log through it). */
    public Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        Optional<DomainEventReader.DomainEvent<Object>> read;
        try {
            read = DomainEventReader.read(record, EventSource.ORDER_PROJECTION, FACTS);
        } catch (PoisonRecordException poison) {
            LOG.warnf("poison fact at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    LogFields.safe(poison.getMessage()));
            return Uni.createFrom().failure(poison);
        }
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OrderFact fact = (OrderFact) read.get().data();
        if (!fact.factId().equals(read.get().id())) {
            return Uni.createFrom().failure(new PoisonRecordException("the fact's id is not its record's ce_id"));
        }
        LogFields.put(fact.sellerId(), fact.reference());
        LogFields.putField(LogFields.EVENT_ID, fact.factId());
        return ConsumerRetries.retryTransient(projection.apply(fact, OrderProjection.Mode.REPLAY,
                config.rebuild().publishOrderEvents()), failure -> failure instanceof PoisonRecordException,
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(5))
                .invoke(outcome -> progress.replayed())
                .replaceWithVoid();
    }
}
