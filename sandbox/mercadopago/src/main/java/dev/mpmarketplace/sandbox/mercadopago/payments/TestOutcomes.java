package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Mercado Pago's test-card rule: the cardholder name decides the outcome of a payment (reference section 9). The first
 * word of the name counts, so {@code "APRO"} and {@code "APRO Silva"} both approve.
 */
final class TestOutcomes {

    /** A {@code status} / {@code status_detail} pair. */
    record Outcome(String status, String statusDetail) {
        boolean approved() {
            return "approved".equals(status);
        }
    }

    static final Outcome APPROVED = new Outcome("approved", "accredited");
    static final Outcome AUTHORIZED = new Outcome("authorized", "pending_capture");
    static final Outcome BINARY_REJECTED = new Outcome("rejected", "cc_rejected_other_reason");
    /** The amount above which {@code TEST} rejects: the sandbox's own amount rule (UNCONFIRMED). */
    static final BigDecimal TEST_AMOUNT_LIMIT = new BigDecimal("10000");

    private static final Map<String, Outcome> BY_NAME = Map.ofEntries(
            Map.entry("APRO", APPROVED),
            Map.entry("OTHE", rejected("cc_rejected_other_reason")),
            Map.entry("CONT", new Outcome("in_process", "pending_contingency")),
            Map.entry("CALL", rejected("cc_rejected_call_for_authorize")),
            Map.entry("FUND", rejected("cc_rejected_insufficient_amount")),
            Map.entry("SECU", rejected("cc_rejected_bad_filled_security_code")),
            Map.entry("EXPI", rejected("cc_rejected_bad_filled_date")),
            Map.entry("FORM", rejected("cc_rejected_bad_filled_other")),
            Map.entry("CARD", rejected("cc_rejected_bad_filled_card_number")),
            Map.entry("INST", rejected("cc_rejected_invalid_installments")),
            Map.entry("DUPL", rejected("cc_rejected_duplicated_payment")),
            Map.entry("LOCK", rejected("cc_rejected_card_disabled")),
            Map.entry("CTNA", rejected("cc_rejected_card_type_not_allowed")),
            Map.entry("ATTE", rejected("cc_rejected_max_attempts")),
            Map.entry("BLAC", rejected("cc_rejected_blacklist")),
            Map.entry("UNSU", rejected("cc_rejected_card_error")));

    private TestOutcomes() {
    }

    /**
     * The outcome of a card payment before capture and binary mode are applied. Names outside the table approve, so
     * real-looking names behave like a healthy card.
     */
    static Outcome forCardholder(String cardholderName, BigDecimal amount) {
        String word = firstWord(cardholderName);
        if (word.equals("TEST")) {
            return amount.compareTo(TEST_AMOUNT_LIMIT) > 0 ? rejected("cc_amount_rate_limit_exceeded") : APPROVED;
        }
        return BY_NAME.getOrDefault(word, APPROVED);
    }

    private static String firstWord(String name) {
        if (name == null) {
            return "";
        }
        String trimmed = name.trim();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    private static Outcome rejected(String detail) {
        return new Outcome("rejected", detail);
    }
}
