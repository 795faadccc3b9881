package dev.mpmarketplace.events;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.CloudEventAttributes.MalformedCloudEventException;
import dev.mpmarketplace.events.notification.PoisonRecordException;

/**
 * Reads a consumed domain event (a record of another service's {@code *.events} topic, or of a service's own fact log)
 * back into its CloudEvents attributes and its data record, checking what the conventions promise, or throws
 * {@link PoisonRecordException}. The consumer says which producer it expects and which types it follows; a type it
 * does not follow is skipped ({@link Optional#empty()}), since producers add types without notice.
 * <p>
 * What it checks: the CloudEvents attributes are complete and come from the expected producer; the record has a key
 * and a value; a followed type's value is its data record in {@code MarketplaceJson}.
 */
public final class DomainEventReader {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    private DomainEventReader() {
    }

    /**
     * A domain event as read.
     *
     * @param attributes its CloudEvents attributes ({@code id} is what consumers de-duplicate on)
     * @param key the record key
     * @param data the data record of its type
     */
    public record DomainEvent<T>(CloudEventAttributes attributes, String key, T data) {

        public String id() {
            return attributes.id();
        }

        public String type() {
            return attributes.type();
        }

        /** The data as the record of a type, when it is one. */
        public <R> Optional<R> dataAs(Class<R> type) {
            return type.isInstance(data) ? Optional.of(type.cast(data)) : Optional.empty();
        }
    }

    /**
     * Reads one record.
     *
     * @param source the producer the record must come from
     * @param followed the types the consumer follows, each with the record its data is
     * @return the event, or empty when its type is not followed
     * @throws PoisonRecordException when it is not a domain event of {@code source}, or a followed type's value is
     *         not its data; the message says why and never contains the value
     */
    public static Optional<DomainEvent<Object>> read(ConsumerRecord<String, byte[]> record, EventSource source,
            Map<String, Class<?>> followed) {
        if (record == null) {
            throw new PoisonRecordException("no record");
        }
        CloudEventAttributes attributes;
        try {
            attributes = CloudEventAttributes.readFrom(record.headers());
        } catch (MalformedCloudEventException e) {
            throw new PoisonRecordException(e.getMessage(), e);
        }
        if (!source.uri().equals(attributes.source())) {
            throw new PoisonRecordException("ce_source " + attributes.source() + " is not " + source.uri());
        }
        Class<?> dataType = followed.get(attributes.type());
        if (dataType == null) {
            return Optional.empty();
        }
        if (record.key() == null || record.key().isEmpty()) {
            throw new PoisonRecordException("a " + attributes.type() + " record has no key");
        }
        if (record.value() == null || record.value().length == 0) {
            throw new PoisonRecordException("a " + attributes.type() + " record has no value");
        }
        Object data;
        try {
            data = JSON.readValue(record.value(), dataType);
        } catch (IOException e) {
            throw new PoisonRecordException("the value is not a " + dataType.getSimpleName() + " ("
                    + e.getClass().getSimpleName() + ")", null);
        }
        if (data == null) {
            throw new PoisonRecordException("the value is not a " + dataType.getSimpleName());
        }
        return Optional.of(new DomainEvent<>(attributes, record.key(), data));
    }
}
