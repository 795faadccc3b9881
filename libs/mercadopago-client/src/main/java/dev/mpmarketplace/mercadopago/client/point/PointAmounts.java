package dev.mpmarketplace.mercadopago.client.point;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Money between the platform's exact decimals and the two forms Point uses: the Integration API's integer with two
 * implied decimals ({@code 1500} = 15.00, reference 5A) and the Orders API's decimal string ({@code "15.00"}). Never
 * rounds: an amount with more than two decimals is refused, never charged as something else.
 */
public final class PointAmounts {

    private PointAmounts() {
    }

    /**
     * The Integration API's integer of cents.
     *
     * @throws IllegalArgumentException when the amount has more than two decimals, is not positive or does not fit
     */
    public static long toCents(BigDecimal amount) {
        requirePositive(amount);
        try {
            return amount.setScale(2, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("an amount has at most two decimals and fits in cents: " + amount, e);
        }
    }

    /** The exact amount of an integer of cents, with two decimals. */
    public static BigDecimal fromCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /**
     * The Orders API's decimal string, with two decimals ({@code "15.00"}).
     *
     * @throws IllegalArgumentException when the amount has more than two decimals or is not positive
     */
    public static String toDecimalString(BigDecimal amount) {
        requirePositive(amount);
        try {
            return amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("an amount has at most two decimals: " + amount, e);
        }
    }

    private static void requirePositive(BigDecimal amount) {
        if (amount == null || amount.signum() <= 0) {
            throw new IllegalArgumentException("an amount is positive: " + amount);
        }
    }
}
