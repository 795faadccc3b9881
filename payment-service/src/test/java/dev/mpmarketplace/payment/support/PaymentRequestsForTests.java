package dev.mpmarketplace.payment.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Create requests as the marketplace's backend writes them: Mercado Pago's fields plus seller and currency. */
public final class PaymentRequestsForTests {

    private PaymentRequestsForTests() {
    }

    /** A card payment of {@code amount} BRL (written as given, e.g. {@code "100.10"}) with a fee. */
    public static Map<String, Object> payment(long sellerId, String cardToken, String amount, String fee) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seller_id", sellerId);
        body.put("currency_id", "BRL");
        body.put("transaction_amount", new java.math.BigDecimal(amount));
        body.put("token", cardToken);
        body.put("description", "Order 42");
        body.put("installments", 1);
        body.put("payment_method_id", "master");
        body.put("payer", Map.of("email", "test_user_buyer@testuser.com"));
        if (fee != null) {
            body.put("application_fee", new java.math.BigDecimal(fee));
        }
        body.put("metadata", Map.of("order_id", "42"));
        return body;
    }
}
