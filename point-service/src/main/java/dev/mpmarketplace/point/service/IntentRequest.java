package dev.mpmarketplace.point.service;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.mercadopago.client.point.PointAmounts;

/**
 * A request for a payment intent ({@code POST /intents} or the {@code create} command), checked before anything is
 * claimed.
 */
public record IntentRequest(long sellerId, String deviceId, BigDecimal amount, String description,
        String externalReference, Integer installments, String paymentType) {

    static final Set<String> PAYMENT_TYPES = Set.of("credit_card", "debit_card", "voucher_card");
    static final int MAX_DESCRIPTION = 150;
    static final int MAX_EXTERNAL_REFERENCE = 128;
    static final int MAX_DEVICE_ID = 128;
    static final int MAX_KEY = 64;

    /**
     * Checks what does not depend on the adapter.
     *
     * @throws dev.mpmarketplace.support.problem.ProblemException 400 naming the field
     */
    public void check() {
        if (sellerId <= 0) {
            throw PointProblems.invalid("seller_id must be a Mercado Pago user id");
        }
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > MAX_DEVICE_ID || hasControl(deviceId)) {
            throw PointProblems.invalid("device_id is required: a device of the seller (GET /sellers/{id}/devices)");
        }
        if (amount == null) {
            throw PointProblems.invalid("amount is required, with at most two decimals");
        }
        try {
            PointAmounts.toCents(amount);
        } catch (IllegalArgumentException e) {
            throw PointProblems.invalid("amount must be positive with at most two decimals (15.50), never rounded");
        }
        if (description != null && (description.length() > MAX_DESCRIPTION || hasControl(description))) {
            throw PointProblems.invalid("description has at most " + MAX_DESCRIPTION + " characters");
        }
        if (externalReference != null && (externalReference.isEmpty()
                || externalReference.length() > MAX_EXTERNAL_REFERENCE || hasControl(externalReference))) {
            throw PointProblems.invalid("external_reference has 1 to " + MAX_EXTERNAL_REFERENCE + " characters");
        }
        if (installments != null && (installments < 1 || installments > 72)) {
            throw PointProblems.invalid("installments is from 1 to 72");
        }
        if (paymentType != null && !PAYMENT_TYPES.contains(paymentType)) {
            throw PointProblems.invalid("payment_type is credit_card, debit_card or voucher_card");
        }
        if (installments != null && installments > 1 && !"credit_card".equals(paymentType)) {
            throw PointProblems.invalid("installments above 1 need payment_type credit_card");
        }
    }

    /** Checks what the seller's adapter cannot carry. */
    public void checkFor(PointAdapter adapter) {
        if (adapter == PointAdapter.ORDERS_API && "voucher_card".equals(paymentType)) {
            throw PointProblems.invalid("payment_type voucher_card is not offered by the Orders API (the seller's "
                    + "adapter): credit_card or debit_card");
        }
    }

    /** A digest of the request: the same key with another request is told apart by it. */
    public String hash() {
        return digest(sellerId + "\n" + deviceId + "\n" + amount.stripTrailingZeros().toPlainString() + "\n"
                + description + "\n" + externalReference + "\n" + installments + "\n" + paymentType);
    }

    /** Checks an idempotency key: 1 to 64 visible ASCII characters. */
    public static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw PointProblems.missingIdempotencyKey();
        }
        return key;
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
