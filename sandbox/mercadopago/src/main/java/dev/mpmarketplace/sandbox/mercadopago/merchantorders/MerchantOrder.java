package dev.mpmarketplace.sandbox.mercadopago.merchantorders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Checkout Pro merchant order (reference 6.1, 12.d): the order of a preference, made when the preference is first
 * paid on the checkout page, holding its payments. {@code opened} until approved payments cover the total, then
 * {@code closed}. Part of the persisted state (public fields).
 */
public final class MerchantOrder {
    public long id;
    public String preferenceId;
    public long collectorId;
    /** The application of the preference's token, or {@code null}. */
    public String clientId;
    public String externalReference;
    public String notificationUrl;
    public String siteId;
    public String currencyId;
    /** The items as the preference has them, when the merchant order was made. */
    public List<Item> items = new ArrayList<>();
    public BigDecimal totalAmount;
    public BigDecimal shippingCost = BigDecimal.ZERO;
    public List<Long> paymentIds = new ArrayList<>();
    public String status = "opened";
    public String orderStatus = "payment_required";
    public Instant dateCreated;
    public Instant lastUpdated;

    /** One item. */
    public static final class Item {
        public String id;
        public String title;
        public String description;
        public int quantity;
        public BigDecimal unitPrice;
        public String currencyId;
    }
}
