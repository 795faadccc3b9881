package dev.mpmarketplace.ingest.service;

import java.util.Locale;

import dev.mpmarketplace.events.Topic;

/**
 * The broker did not acknowledge a record in time, refused it, or the service has too many records waiting for the
 * broker. The request is answered 503 so the sender retries; the record may still be written later, in which case the
 * retry is a duplicate with the same CloudEvents id.
 */
public final class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why publishing failed; the {@code reason} tag of {@code ingest_publish_failures_total}. */
    public enum Reason {
        /** No acknowledgement within {@code ingest.publish-timeout}. */
        TIMEOUT,
        /** The producer reported an error (broker unreachable past its own timeouts, record refused). */
        BROKER_ERROR,
        /** More records wait for the broker than the service holds ({@code ingest.max-in-flight-*}). */
        OVERLOADED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Topic topic;
    private final Reason reason;

    public PublishFailedException(Topic topic, Reason reason, Throwable cause) {
        super("publishing to " + topic.topicName() + " failed: " + reason.label(), cause);
        this.topic = topic;
        this.reason = reason;
    }

    public Topic topic() {
        return topic;
    }

    public Reason reason() {
        return reason;
    }
}
