package dev.mpmarketplace.events.notification;

/**
 * A consumed record that is not what its topic promises: for a raw notification ({@link RawNotificationReader}) a
 * missing or invalid CloudEvents attribute or extension header, a key that is not {@code <seller>:<resource>}, a value
 * that is not one JSON object; for a domain event ({@link dev.mpmarketplace.events.DomainEventReader}) another
 * producer, or a value that is not its type's data. It can never be processed; the consumer sends it to its
 * dead-letter topic and carries on.
 * <p>
 * The message names what is wrong and never contains the record's value.
 */
public final class PoisonRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PoisonRecordException(String message) {
        super(message);
    }

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
