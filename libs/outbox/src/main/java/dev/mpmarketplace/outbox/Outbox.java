package dev.mpmarketplace.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.MarketplaceJson;

/**
 * Adds events to the service's outbox inside the caller's transaction, so an event exists if and only if the change
 * it states was committed; {@link OutboxRelay} publishes it after the commit. Call {@link #add(OutboxMessage)} from
 * within {@code Panache.withTransaction(...)} (or a {@code @WithTransaction} method), after the change itself; or
 * {@link #add(SqlClient, OutboxMessage)} on the connection of a transaction of the reactive SQL client, for a hot path
 * that writes its change with plain statements (they may be pipelined with the change's).
 */
@ApplicationScoped
public class Outbox {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();
    private static final String INSERT = """
            INSERT INTO outbox (event_id, topic, message_key, type, source, subject, payload, occurred_at)
            VALUES (:eventId, :topic, :messageKey, :type, :source, :subject, :payload, :occurredAt)
            ON CONFLICT (event_id) DO NOTHING""";
    private static final String INSERT_POSITIONAL = """
            INSERT INTO outbox (event_id, topic, message_key, type, source, subject, payload, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (event_id) DO NOTHING""";

    /**
     * Adds one event to the current transaction.
     *
     * @return {@code true} when added, {@code false} when an event with that id was already in the outbox (the same
     *         fact stated twice is one event)
     */
    public Uni<Boolean> add(OutboxMessage message) {
        String payload;
        try {
            payload = payload(message);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("eventId", message.eventId())
                .setParameter("topic", message.topic().topicName())
                .setParameter("messageKey", message.key())
                .setParameter("type", message.type())
                .setParameter("source", message.source().uri().toString())
                .setParameter("subject", message.subject())
                .setParameter("payload", payload)
                .setParameter("occurredAt", message.time())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * Adds one event on a connection of the reactive SQL client, inside the caller's transaction there
     * ({@code pool.withTransaction(connection -> ...)}).
     *
     * @return {@code true} when added, {@code false} when an event with that id was already in the outbox
     */
    public Uni<Boolean> add(SqlClient client, OutboxMessage message) {
        String payload;
        try {
            payload = payload(message);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return client.preparedQuery(INSERT_POSITIONAL).execute(Tuple.from(java.util.Arrays.asList(message.eventId(),
                message.topic().topicName(), message.key(), message.type(), message.source().uri().toString(),
                message.subject(), payload, message.time())))
                .map(rows -> rows.rowCount() == 1);
    }

    private static String payload(OutboxMessage message) {
        try {
            return JSON.writeValueAsString(message.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the data of event " + message.type() + " is not serialisable", e);
        }
    }
}
