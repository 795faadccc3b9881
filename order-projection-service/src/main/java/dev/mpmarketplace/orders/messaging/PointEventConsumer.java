package dev.mpmarketplace.orders.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.DomainEventReader;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.point.PointIntent;
import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.events.point.PointIntentKind;
import dev.mpmarketplace.orders.fact.IntentFact;
import dev.mpmarketplace.orders.service.PaymentFacts;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * Consumes point-service's "intent finished" events ({@code point-intents.events}, {@code point-intent.finished}): a
 * payment intent's payment joins its order like any payment ({@link PaymentFacts#intentFinished}). Other types, and
 * refund intents (their refund reaches the model through payment-service's events of the payment), are skipped. A
 * record that is not point-service's event goes to the dead letters; a transient failure (the database) is retried in
 * place for up to five minutes.
 */
@ApplicationScoped
public class PointEventConsumer {

    private static final Logger LOG = Logger.getLogger(PointEventConsumer.class);
    private static final Map<String, Class<?>> FOLLOWED = Map.of(PointIntentEventTypes.FINISHED, PointIntent.class);

    private final PaymentFacts facts;
    private final KeyedLanes lanes;

    public PointEventConsumer(PaymentFacts facts, ConsumerLanes consumerLanes) {
        this.lanes = consumerLanes.of("point-events");
        this.facts = facts;
    }

    /** Hands the record to the channel's lanes: records of one key in order, other keys at once. */
    @Incoming("point-events")
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        return lanes.submit(message, this::process);
    }

    Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        Optional<DomainEventReader.DomainEvent<Object>> read;
        try {
            read = DomainEventReader.read(record, EventSource.POINT, FOLLOWED);
        } catch (PoisonRecordException poison) {
            LOG.warnf("poison Point event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    LogFields.safe(poison.getMessage()));
            return Uni.createFrom().failure(poison);
        }
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        DomainEventReader.DomainEvent<Object> event = read.get();
        PointIntent intent = (PointIntent) event.data();
        if (intent.kind() != PointIntentKind.PAYMENT) {
            return Uni.createFrom().voidItem();
        }
        LogFields.putField(LogFields.EVENT_ID, event.id());
        LogFields.put(intent.sellerId(), intent.intentId());
        IntentFact fact = new IntentFact(intent.intentId(), intent.sellerId(), intent.deviceId(),
                intent.state() == null ? null : intent.state().name(), intent.amount(), intent.currency(),
                intent.paymentId(), intent.paymentStatus(), intent.externalReference(), intent.changedAt());
        return ConsumerRetries.retryTransient(facts.intentFinished(event.id(), event.attributes().time(), fact),
                failure -> failure instanceof PoisonRecordException || failure instanceof IllegalArgumentException,
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(5)).replaceWithVoid();
    }
}
