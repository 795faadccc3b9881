package dev.mpmarketplace.sandbox.launcher.faults;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What "backwards" means for each kind of thing the platform tracks, written down independently of the services (an
 * oracle that shares code with what it checks proves nothing): payments by the rank of payment-service's state rule
 * (docs/services/payment-service.md, decision 0019), Point intents by point-service's state order
 * (docs/services/point-service.md), Mercado Libre orders by the moves order-projection-service allows
 * (docs/services/order-projection-service.md: forward through payment, then refund or cancellation; back only where
 * Mercado Libre itself goes back).
 */
public enum Lifecycle {

    /** Mercado Pago's payment statuses, by rank; the platform's own (submitting, unknown) rank 0. */
    PAYMENT {
        private final Map<String, Integer> rank = Map.ofEntries(Map.entry("submitting", 0), Map.entry("unknown", 0),
                Map.entry("refused", 0), Map.entry("pending", 1), Map.entry("in_process", 1),
                Map.entry("authorized", 2), Map.entry("approved", 3), Map.entry("in_mediation", 3),
                Map.entry("rejected", 4), Map.entry("cancelled", 4), Map.entry("refunded", 5),
                Map.entry("charged_back", 5));

        @Override
        boolean backwards(String from, String to) {
            return rankOf(rank, from) > rankOf(rank, to);
        }
    },

    /** Point intent states; every final state shares one rank, and only a refund follows it. */
    POINT_INTENT {
        private final Map<String, Integer> rank = Map.ofEntries(Map.entry("pending", 0), Map.entry("open", 1),
                Map.entry("on_terminal", 2), Map.entry("processing", 3), Map.entry("confirmation_required", 4),
                Map.entry("finished", 5), Map.entry("rejected", 5), Map.entry("error", 5), Map.entry("canceled", 5),
                Map.entry("abandoned", 5), Map.entry("refused", 5), Map.entry("refunded", 6));

        @Override
        boolean backwards(String from, String to) {
            int before = rankOf(rank, from);
            int after = rankOf(rank, to);
            // Two different final states one after the other is a final state left: as wrong as going back.
            return after < before || (before == 5 && after == 5 && !from.equals(to));
        }
    },

    /** Mercado Libre order statuses: the moves a status may make, every other move is backwards. */
    ORDER {
        private final Map<String, Set<String>> next = Map.of(
                "confirmed", Set.of("payment_in_process", "partially_paid", "paid", "partially_refunded",
                        "pending_cancel", "cancelled", "invalid"),
                "payment_required", Set.of("payment_in_process", "partially_paid", "paid", "pending_cancel",
                        "cancelled", "invalid"),
                "payment_in_process", Set.of("confirmed", "payment_required", "partially_paid", "paid",
                        "pending_cancel", "cancelled", "invalid"),
                "partially_paid", Set.of("payment_in_process", "paid", "partially_refunded", "pending_cancel",
                        "cancelled", "invalid", "refunded"),
                "paid", Set.of("partially_refunded", "pending_cancel", "cancelled", "invalid", "refunded"),
                "partially_refunded", Set.of("pending_cancel", "cancelled", "refunded"),
                "pending_cancel", Set.of("cancelled"));

        @Override
        boolean backwards(String from, String to) {
            return !normal(from).equals(normal(to)) && !next.getOrDefault(normal(from), Set.of()).contains(normal(to));
        }
    };

    /** Whether a timeline that shows {@code from} and then {@code to} went backwards. */
    abstract boolean backwards(String from, String to);

    private static int rankOf(Map<String, Integer> ranks, String status) {
        Integer rank = ranks.get(normal(status));
        if (rank == null) {
            throw new IllegalArgumentException("unknown status '" + status + "'");
        }
        return rank;
    }

    private static String normal(String status) {
        return status.toLowerCase(Locale.ROOT);
    }
}
