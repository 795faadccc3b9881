package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.util.Map;
import java.util.Set;

/**
 * What the sandbox knows of card numbers: Mercado Pago's published test cards by BIN (reference section 9), and,
 * for other numbers, the network guessed from the leading digits, as a BIN lookup would.
 */
final class CardBrands {

    /** A card's payment method as Mercado Pago names it. {@code issuerId} may be {@code null} (unknown BIN). */
    record Brand(String paymentMethodId, String paymentTypeId, String issuerId, int securityCodeLength) {
    }

    private static final Brand AMEX = new Brand("amex", "credit_card", null, 4);

    /**
     * The test cards of section 9. Issuer ids are the sandbox's own choice, except 503175 (Mastercard, issuer 3, as
     * the saved-cards guide shows it).
     */
    private static final Map<String, Brand> TEST_BINS = Map.ofEntries(
            Map.entry("503175", new Brand("master", "credit_card", "3", 3)),
            Map.entry("450995", new Brand("visa", "credit_card", "1", 3)),
            Map.entry("371180", new Brand("amex", "credit_card", "310", 4)),
            Map.entry("400917", new Brand("visa", "credit_card", "1", 3)),
            Map.entry("503143", new Brand("master", "credit_card", "24", 3)),
            Map.entry("548083", new Brand("master", "credit_card", "24", 3)),
            Map.entry("423564", new Brand("visa", "credit_card", "25", 3)),
            Map.entry("375365", new Brand("amex", "credit_card", "26", 4)),
            Map.entry("506776", new Brand("debelo", "debit_card", "687", 3)),
            Map.entry("541675", new Brand("master", "credit_card", "24", 3)),
            Map.entry("416881", new Brand("visa", "credit_card", "25", 3)),
            Map.entry("375778", new Brand("amex", "credit_card", "26", 4)),
            Map.entry("525413", new Brand("master", "credit_card", "24", 3)),
            Map.entry("401354", new Brand("visa", "credit_card", "25", 3)),
            Map.entry("374378", new Brand("amex", "credit_card", "26", 4)),
            Map.entry("547492", new Brand("master", "credit_card", "24", 3)),
            Map.entry("407559", new Brand("visa", "credit_card", "25", 3)),
            Map.entry("557905", new Brand("debmaster", "debit_card", "24", 3)),
            Map.entry("418914", new Brand("debvisa", "debit_card", "25", 3)));

    /** Card payment methods a payment may name; anything else is not a card (and not simulated). */
    static final Set<String> CARD_METHODS = Set.of("visa", "master", "amex", "elo", "hipercard", "diners", "debvisa",
            "debmaster", "debelo", "maestro", "naranja", "cabal", "debcabal", "argencard", "cencosud", "cmr", "oca",
            "magna", "presto", "codensa", "tarshop", "lider", "mercadopagocard");

    private CardBrands() {
    }

    /** The brand of a card number by its BIN; {@code null} when no network can be inferred. */
    static Brand of(String cardNumber) {
        if (cardNumber.length() < 6) {
            return null;
        }
        Brand known = TEST_BINS.get(cardNumber.substring(0, 6));
        if (known != null) {
            return known;
        }
        int two = Integer.parseInt(cardNumber.substring(0, 2));
        int four = Integer.parseInt(cardNumber.substring(0, 4));
        if (cardNumber.startsWith("5067") || cardNumber.startsWith("509") || cardNumber.startsWith("636368")
                || cardNumber.startsWith("4389") || cardNumber.startsWith("4576") || cardNumber.startsWith("4011")) {
            return new Brand("elo", "credit_card", null, 3);
        }
        if (cardNumber.startsWith("606282") || cardNumber.startsWith("3841")) {
            return new Brand("hipercard", "credit_card", null, 3);
        }
        if (cardNumber.charAt(0) == '4') {
            return new Brand("visa", "credit_card", null, 3);
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return new Brand("master", "credit_card", null, 3);
        }
        if (two == 34 || two == 37) {
            return AMEX;
        }
        if (two == 36 || two == 38 || (four >= 3000 && four <= 3059)) {
            return new Brand("diners", "credit_card", null, 3);
        }
        return null;
    }

    /** Whether the BIN is one of the published test cards (its payment method is then certain). */
    static boolean isTestCard(String firstSixDigits) {
        return firstSixDigits != null && TEST_BINS.containsKey(firstSixDigits);
    }

    /** The CVV length a payment method's cards have. */
    static int securityCodeLength(String paymentMethodId) {
        return "amex".equals(paymentMethodId) ? 4 : 3;
    }

    /** The Luhn check digit test. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
