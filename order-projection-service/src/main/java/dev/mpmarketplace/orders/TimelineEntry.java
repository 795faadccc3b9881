package dev.mpmarketplace.orders;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.mpmarketplace.orders.fact.OrderFact;

/**
 * One change of an order, in the order the changes were applied ({@link #seq} from 0), with what caused it: the fact
 * and what made the service learn it (a notification's CloudEvents id and topic, a missed feed message, a re-read, a
 * payment or intent event). Written once, never changed.
 */
@Entity
@Table(name = "order_timeline")
@IdClass(TimelineEntry.Key.class)
public class TimelineEntry {

    /** What changed. */
    public enum Kind {
        /** The order's status ({@code from_value} to {@code to_value}). */
        STATUS,
        /** A payment's status ({@code subject} the payment, {@code from_value} absent when it was new). */
        PAYMENT,
        /** A refund of a payment ({@code subject} the refund id, {@code amount} its amount). */
        REFUND,
        /** A tag was added to the order ({@code subject} the tag). */
        TAG_ADDED,
        /** A tag was removed from the order. */
        TAG_REMOVED
    }

    /** The primary key: the order and the entry's number. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        public UUID orderId;
        public int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && seq == key.seq && Objects.equals(orderId, key.orderId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(orderId, seq);
        }
    }

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Id
    @Column(name = "seq")
    public int seq;

    @Column(name = "kind", nullable = false)
    public String kind;

    @Column(name = "subject")
    public String subject;

    @Column(name = "from_value")
    public String fromValue;

    @Column(name = "to_value")
    public String toValue;

    @Column(name = "amount")
    public BigDecimal amount;

    /** The provider's time of the change (Mercado Libre's {@code last_updated}, Mercado Pago's last modification). */
    @Column(name = "at")
    public OffsetDateTime at;

    /** When the service learned it. */
    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;

    @Column(name = "cause_kind", nullable = false)
    public String causeKind;

    @Column(name = "cause_event_id")
    public String causeEventId;

    @Column(name = "cause_topic")
    public String causeTopic;

    @Column(name = "fact_id", nullable = false)
    public String factId;

    static TimelineEntry of(UUID orderId, int seq, Kind kind, String subject, String from, String to,
            BigDecimal amount, OffsetDateTime at, OrderFact fact) {
        TimelineEntry entry = new TimelineEntry();
        entry.orderId = orderId;
        entry.seq = seq;
        entry.kind = kind.name().toLowerCase(java.util.Locale.ROOT);
        entry.subject = subject;
        entry.fromValue = from;
        entry.toValue = to;
        entry.amount = Money.of(amount);
        entry.at = Times.utc(at);
        entry.observedAt = fact.observedAt();
        entry.causeKind = fact.cause().kind().word();
        entry.causeEventId = fact.cause().eventId();
        entry.causeTopic = fact.cause().topic();
        entry.factId = fact.factId();
        return entry;
    }
}
