package dev.mpmarketplace.point.messaging;

import java.io.IOException;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.notification.PoisonRecordException;
import dev.mpmarketplace.events.point.CreatePointIntent;
import dev.mpmarketplace.events.point.PointIntentEventTypes;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.service.IntentCreation;
import dev.mpmarketplace.point.service.IntentRequest;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerRetries;

/**
 * The {@code create} command on {@code point-intents.commands}: the same request as {@code POST /intents}, its
 * idempotency key in the body, so a redelivered command answers the intent the first one made and never queues a
 * second. The outcome is an event ({@code created}, or {@code refused} when the device is busy or Mercado Pago
 * refused). A command that can never succeed (malformed, another type, an invalid request, a key reused with another
 * request, Point not enabled for the seller, a seller not linked) goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class PointCommandConsumer {

    private static final Logger LOG = Logger.getLogger(PointCommandConsumer.class);
    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private final IntentCreation creation;

    public PointCommandConsumer(IntentCreation creation) {
        this.creation = creation;
    }

    @Incoming("point-commands")
    public Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        CloudEventAttributes attributes;
        CreatePointIntent command;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
            if (!PointIntentEventTypes.CREATE.equals(attributes.type())) {
                throw new PoisonRecordException(
                        "ce_type " + attributes.type() + " is not " + PointIntentEventTypes.CREATE);
            }
            if (record.value() == null) {
                throw new PoisonRecordException("the record has no value");
            }
            command = JSON.readValue(record.value(), CreatePointIntent.class);
        } catch (CloudEventAttributes.MalformedCloudEventException | IOException | PoisonRecordException e) {
            LOG.warnf("poison command at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e instanceof IOException ? "the value is not a create command" : e.getMessage());
            return Uni.createFrom().failure(e instanceof PoisonRecordException
                    ? e
                    : new PoisonRecordException("not a create command", e));
        }
        LogFields.put(command.sellerId(), command.deviceId());
        LogFields.putField(LogFields.EVENT_ID, attributes.id());
        IntentRequest request = new IntentRequest(command.sellerId(), command.deviceId(), command.amount(),
                command.description(), command.externalReference(), command.installments(), command.paymentType());
        return ConsumerRetries.retryTransient(Uni.createFrom().deferred(() -> creation.create(request,
                command.idempotencyKey(), IntentChange.Source.COMMAND, attributes.id())),
                NotificationConsumers::permanent, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(5))
                .invoke(created -> LOG.infof("command %s: intent %s %s", attributes.id(), created.intent().id,
                        created.intent().state))
                .onFailure().invoke(failure -> LOG.warnf("command %s refused: %s", attributes.id(),
                        failure.getMessage()))
                .replaceWithVoid();
    }
}
