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
import dev.mpmarketplace.events.payment.PaymentEventTypes;
import dev.mpmarketplace.events.payment.PaymentRefunded;
import dev.mpmarketplace.events.payment.PaymentStatusChanged;
import dev.mpmarketplace.orders.service.PaymentFacts;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * Consumes payment-service's events ({@code payments.events}): a payment's status changed, a refund was seen; each is
 * attached to its order by {@link PaymentFacts}. Other types (a command that failed) are skipped. Idempotent on the
 * CloudEvents id (recorded with the effect). A record that is not payment-service's event goes to the dead letters; a
 * transient failure (the database) is retried in place for up to five minutes.
 */
@ApplicationScoped
public class PaymentEventConsumer {

    private static final Logger LOG = Logger.getLogger(PaymentEventConsumer.class);
    private static final Map<String, Class<?>> FOLLOWED = Map.of(PaymentEventTypes.STATUS_CHANGED,
            PaymentStatusChanged.class, PaymentEventTypes.REFUNDED, PaymentRefunded.class);

    private final PaymentFacts facts;
    private final KeyedLanes lanes;

    public PaymentEventConsumer(PaymentFacts facts, ConsumerLanes consumerLanes) {
        this.lanes = consumerLanes.of("payment-events");
        this.facts = facts;
    }

    /** Hands the record to the channel's lanes: records of one key in order, other keys at once. */
    @Incoming("payment-events")
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        return lanes.submit(message, this::process);
    }

    Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        Optional<DomainEventReader.DomainEvent<Object>> read;
        try {
            read = DomainEventReader.read(record, EventSource.PAYMENT, FOLLOWED);
        } catch (PoisonRecordException poison) {
            LOG.warnf("poison payment event at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    LogFields.safe(poison.getMessage()));
            return Uni.createFrom().failure(poison);
        }
        if (read.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        DomainEventReader.DomainEvent<Object> event = read.get();
        LogFields.putField(LogFields.EVENT_ID, event.id());
        Uni<String> applied;
        if (event.data() instanceof PaymentStatusChanged changed) {
            LogFields.put(changed.sellerId(), changed.mercadopagoPaymentId());
            applied = facts.statusChanged(event.id(), event.attributes().time(), changed);
        } else {
            PaymentRefunded refunded = (PaymentRefunded) event.data();
            LogFields.put(refunded.sellerId(), refunded.mercadopagoPaymentId());
            applied = facts.refunded(event.id(), event.attributes().time(), refunded);
        }
        return ConsumerRetries.retryTransient(applied, failure -> failure instanceof PoisonRecordException
                || failure instanceof IllegalArgumentException, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofMinutes(5)).replaceWithVoid();
    }
}
