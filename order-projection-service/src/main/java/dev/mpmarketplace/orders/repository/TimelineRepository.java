package dev.mpmarketplace.orders.repository;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.orders.TimelineEntry;

/** Orders' timelines: read through Hibernate Reactive, and added to on a connection where a fact is applied. */
@ApplicationScoped
public class TimelineRepository implements PanacheRepositoryBase<TimelineEntry, TimelineEntry.Key> {

    /** Every column of {@code order_timeline}: the order of {@link #values} and of the statement. */
    private static final List<String> COLUMNS = List.of("order_id", "seq", "kind", "subject", "from_value",
            "to_value", "amount", "at", "observed_at", "cause_kind", "cause_event_id", "cause_topic", "fact_id");
    private static final String INSERT = Statements.insert("order_timeline", COLUMNS);

    /** An order's timeline, in the order its entries were written. */
    public Uni<List<TimelineEntry>> ofOrder(UUID orderId) {
        return list("orderId", Sort.by("seq"), orderId);
    }

    /** On a connection in the caller's transaction: new entries, in one batch. */
    public Uni<Void> insert(SqlClient connection, List<TimelineEntry> entries) {
        return Statements.batch(connection, INSERT, entries, TimelineRepository::values);
    }

    private static Tuple values(TimelineEntry entry) {
        return Tuple.from(Arrays.asList(entry.orderId, entry.seq, entry.kind, entry.subject, entry.fromValue,
                entry.toValue, entry.amount, entry.at, entry.observedAt, entry.causeKind, entry.causeEventId,
                entry.causeTopic, entry.factId));
    }
}
