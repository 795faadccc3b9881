package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.mpmarketplace.sandbox.mercadopago.state.EntityMap;

/** The payments part of the sandbox state. Guarded by the sandbox state's lock; persisted as JSON (public fields). */
public final class PaymentsState {
    @JsonIgnore
    public final EntityMap<String, CardToken> cardTokens = EntityMap.byString("card_tokens", CardToken.class);
    @JsonIgnore
    public final EntityMap<Long, Payment> payments = EntityMap.byLong("payments", Payment.class);
    /** Payment id by {@code "<collector id>:<X-Idempotency-Key>"}: keys are per user. */
    @JsonIgnore
    public final EntityMap<String, Long> idempotencyKeys = EntityMap.byString("payment_idempotency_keys",
            Long.class);
    /**
     * The sellers' balances: net received of captured payments minus what refunds took back. A seller without an
     * entry has {@code 0}.
     */
    public Map<Long, BigDecimal> balances = new HashMap<>();
    /** Mercado Pago's payment ids are 10-11 digit numbers; the sandbox counts up from here. */
    public long nextPaymentId = 1_320_000_001L;
    public long nextRefundId = 2_100_000_001L;

    /** The entity maps of this part, for the state file. */
    public List<EntityMap<?, ?>> entityMaps() {
        return List.of(cardTokens, payments, idempotencyKeys);
    }

    /** Payment ids by collector in creation order; derived, rebuilt after a restore. */
    @JsonIgnore
    private transient Map<Long, List<Long>> byCollector;

    /** The card token with that id, or {@code null}. */
    public CardToken cardToken(String id) {
        return id == null ? null : cardTokens.get(id);
    }

    /** The payment with that id if it belongs to that collector, else {@code null}. */
    public Payment payment(long collectorId, long id) {
        Payment payment = payments.get(id);
        return payment != null && payment.collectorId == collectorId ? payment : null;
    }

    /** A seller's balance. */
    public BigDecimal balance(long userId) {
        return balances.getOrDefault(userId, BigDecimal.ZERO);
    }

    void credit(long userId, BigDecimal amount) {
        balances.merge(userId, amount, BigDecimal::add);
    }

    void add(Payment payment) {
        // The index first: built lazily from the map, it must not see the new payment twice.
        collectorIndex().computeIfAbsent(payment.collectorId, k -> new ArrayList<>()).add(payment.id);
        payments.put(payment.id, payment);
        idempotencyKeys.put(idempotencyIndex(payment.collectorId, payment.idempotencyKey), payment.id);
    }

    List<Long> paymentIdsOf(long collectorId) {
        return collectorIndex().getOrDefault(collectorId, List.of());
    }

    static String idempotencyIndex(long userId, String key) {
        return userId + ":" + key;
    }

    private Map<Long, List<Long>> collectorIndex() {
        if (byCollector == null) {
            Map<Long, List<Long>> index = new HashMap<>();
            payments.peekValues().stream().sorted((a, b) -> Long.compare(a.id, b.id))
                    .forEach(p -> index.computeIfAbsent(p.collectorId, k -> new ArrayList<>()).add(p.id));
            byCollector = index;
        }
        return byCollector;
    }
}
