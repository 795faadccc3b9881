package dev.mpmarketplace.orders.fact;

import java.util.Locale;

/** What made the service learn a fact; every timeline entry names it. */
public enum CauseKind {

    /** A Mercado Libre feed notification ({@code orders_v2}, {@code created_orders}) made it fetch the order. */
    NOTIFICATION,
    /** A feed message Mercado Libre gave up delivering, found in {@code /missed_feeds}. */
    MISSED_FEED,
    /** The periodic re-read of a Mercado Libre order that may still change. */
    REREAD,
    /** A fetch that had failed (order not yet readable, token refused), tried again. */
    REFETCH,
    /** A payment-service event. */
    PAYMENT_EVENT,
    /** A point-service event. */
    POINT_EVENT;

    /** The word on the wire and in the timeline: {@code notification}, {@code missed_feed}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
