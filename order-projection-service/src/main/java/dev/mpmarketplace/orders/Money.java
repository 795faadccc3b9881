package dev.mpmarketplace.orders;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Objects;

/** How the model writes an amount: exact, without trailing zeros, so that {@code 296} and {@code 296.00} are one value. */
public final class Money {

    private Money() {
    }

    /** The amount without trailing zeros; {@code null} stays {@code null}. */
    public static BigDecimal of(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The sum of the amounts that are known; zero when none is. */
    public static BigDecimal sum(Collection<BigDecimal> amounts) {
        return of(amounts.stream().filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add));
    }
}
