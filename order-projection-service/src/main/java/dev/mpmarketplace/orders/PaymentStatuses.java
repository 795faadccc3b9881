package dev.mpmarketplace.orders;

import java.util.Map;
import java.util.Set;

/**
 * Mercado Pago's payment statuses (reference 2.5) and where each may go, so that a payment in an order never moves
 * back: one in process may become anything; an authorized one approved, cancelled or rejected; an approved one may go
 * to mediation, be refunded or charged back; {@code rejected}, {@code cancelled}, {@code refunded} and
 * {@code charged_back} are final. A status this list does not know is let through (Mercado Pago adds some).
 */
public final class PaymentStatuses {

    private static final Set<String> KNOWN = Set.of("pending", "in_process", "authorized", "approved",
            "in_mediation", "rejected", "cancelled", "refunded", "charged_back");
    private static final Map<String, Set<String>> NEXT = Map.of(
            "pending", Set.of("in_process", "authorized", "approved", "in_mediation", "rejected", "cancelled",
                    "refunded", "charged_back"),
            "in_process", Set.of("pending", "authorized", "approved", "in_mediation", "rejected", "cancelled",
                    "refunded", "charged_back"),
            "authorized", Set.of("approved", "cancelled", "rejected"),
            "approved", Set.of("in_mediation", "refunded", "charged_back"),
            "in_mediation", Set.of("approved", "refunded", "charged_back"));

    private PaymentStatuses() {
    }

    /** Whether a payment may move from {@code from} to {@code to} (staying is not a move). */
    public static boolean mayBecome(String from, String to) {
        if (from == null || !KNOWN.contains(from) || !KNOWN.contains(to)) {
            return true;
        }
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    /** Whether the payment's money was taken (approved, or approved once and then disputed or returned). */
    public static boolean paid(String status) {
        return "approved".equals(status) || "in_mediation".equals(status) || "refunded".equals(status)
                || "charged_back".equals(status);
    }

    /** Whether the payment may still be approved. */
    public static boolean inProcess(String status) {
        return "pending".equals(status) || "in_process".equals(status) || "authorized".equals(status);
    }

    /** Whether all of the payment's money went back. */
    public static boolean returned(String status) {
        return "refunded".equals(status) || "charged_back".equals(status);
    }
}
