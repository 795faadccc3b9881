package dev.mpmarketplace.payment.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.payment.PaymentCommandTypes;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.payment.config.PaymentConfig;
import dev.mpmarketplace.payment.service.PaymentCommands;
import dev.mpmarketplace.support.logging.LogFields;
import dev.mpmarketplace.support.messaging.ConsumerLanes;
import dev.mpmarketplace.support.messaging.ConsumerRetries;
import dev.mpmarketplace.support.messaging.KeyedLanes;

/**
 * Consumes {@code payments.commands} (binary CloudEvents from the marketplace's backends; the value is the command's
 * JSON data, {@code dev.mpmarketplace.events.payment}). A record that is not a CloudEvent, not JSON or not a payment
 * command type is poison: it goes to {@code payment-service.dead-letter} at once. Everything else is carried out by
 * {@link PaymentCommands}; transient failures are retried in place, then dead-lettered with their reason.
 */
@ApplicationScoped
public class PaymentCommandConsumer {

    private static final Logger LOG = Logger.getLogger(PaymentCommandConsumer.class);
    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private final PaymentCommands commands;
    private final PaymentConfig config;
    private final KeyedLanes lanes;

    public PaymentCommandConsumer(PaymentCommands commands, PaymentConfig config, ConsumerLanes consumerLanes) {
        this.lanes = consumerLanes.of("payment-commands");
        this.commands = commands;
        this.config = config;
    }

    /** Hands the record to the channel's lanes: records of one key in order, other keys at once. */
    @Incoming("payment-commands")
    public CompletionStage<Void> consume(Message<ConsumerRecord<String, byte[]>> message) {
        return lanes.submit(message, this::process);
    }

    Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        CloudEventAttributes attributes;
        JsonNode data;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
            data = JSON.readTree(record.value() == null ? new byte[0] : record.value());
            if (!PaymentCommandTypes.ALL.contains(attributes.type())) {
                throw new PoisonCommandException("not a payment command type");
            }
            if (data == null || !data.isObject()) {
                throw new PoisonCommandException("the data is not a JSON object");
            }
        } catch (CloudEventAttributes.MalformedCloudEventException | IOException | PoisonCommandException e) {
            LOG.warnf("poison payment command at %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(e instanceof PoisonCommandException
                    ? e
                    : new PoisonCommandException(e.getMessage()));
        }
        LogFields.putField(LogFields.EVENT_ID, attributes.id());
        return ConsumerRetries.retryTransient(commands.handle(attributes.id(), attributes.type(), data),
                PaymentCommandConsumer::permanent, Duration.ofMillis(200), Duration.ofSeconds(30),
                config.notifications().retryFor())
                .replaceWithVoid();
    }

    private static boolean permanent(Throwable failure) {
        return failure instanceof PoisonCommandException || failure instanceof IllegalArgumentException
                || failure instanceof MercadoPagoException mercadoPago && !mercadoPago.retryable();
    }

    /** A record that can never be carried out. */
    static final class PoisonCommandException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PoisonCommandException(String message) {
            super(message);
        }
    }
}
