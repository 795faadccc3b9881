package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Mercado Libre order (seed 001, reference 7 and 12.c), created by the control API as a buyer's purchase would be.
 * Its status follows its payments ({@link MercadoLibreService#settle}); {@link #moveTo} refuses what the flows of the
 * seed do not allow. Part of the persisted state (public fields).
 */
public final class MlOrder {

    /** One line of the order. */
    public static final class Line {
        public String itemId;
        public String title;
        public String categoryId;
        /** {@code new} or {@code used}: in MLA and MLM, a new item makes Mercado Pago mandatory. */
        public String condition;
        public int quantity;
        public BigDecimal unitPrice;
    }

    public long id;
    public long sellerId;
    public long buyerId;
    public String siteId;
    public String currencyId;
    /** {@code payment_required}, {@code confirmed}, {@code payment_in_process}, {@code partially_paid}, {@code paid}, {@code cancelled}. */
    public String status;
    /** Whether it entered Mercado Pago's mandatory flow (created {@code payment_required}). */
    public boolean mercadoPagoMandatory;
    public List<Line> lines = new ArrayList<>();
    public BigDecimal totalAmount;
    public BigDecimal shippingCost = BigDecimal.ZERO;
    /** The {@code /v1/payments} payments made on it, in order. */
    public List<Long> paymentIds = new ArrayList<>();
    /** Tags of the order's payments ({@code refund_account_money}), by payment id. */
    public Map<Long, List<String>> paymentTags = new HashMap<>();
    public List<String> tags = new ArrayList<>();
    public Instant dateCreated;
    public Instant dateClosed;
    public Instant lastUpdated;
    public String cancelGroup;
    public String cancelCode;
    public String cancelDescription;
    public Instant cancelDate;

    /** Whether the seller sees it: not while Mercado Pago's mandatory flow waits for the payment (seed 001). */
    boolean visibleToSeller() {
        return !"payment_required".equals(status);
    }

    /**
     * Cancels it ({@code cancelled}, or {@code pending_cancel} while a refund is owed), with the reason; refuses a
     * cancelled order.
     */
    void cancel(boolean refundsOwed, String group, String code, String description, Instant now) {
        if ("cancelled".equals(status) || "pending_cancel".equals(status)) {
            throw new IllegalStateException("the order is " + status + " already");
        }
        status = refundsOwed ? "pending_cancel" : "cancelled";
        cancelGroup = group;
        cancelCode = code;
        cancelDescription = description;
        cancelDate = now;
        lastUpdated = now;
    }

    /** Moves to a status, refusing to leave {@code cancelled} or to go back from {@code paid}. */
    void moveTo(String next, Instant now) {
        if ("cancelled".equals(status) || "paid".equals(status) && !"cancelled".equals(next)) {
            throw new IllegalStateException("an order " + status + " cannot become " + next);
        }
        status = next;
        lastUpdated = now;
    }
}
