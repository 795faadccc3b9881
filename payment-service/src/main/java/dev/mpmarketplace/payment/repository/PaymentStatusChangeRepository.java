package dev.mpmarketplace.payment.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.PaymentStatusChange;

/** Payments' status timelines. */
@ApplicationScoped
public class PaymentStatusChangeRepository implements PanacheRepositoryBase<PaymentStatusChange, Long> {

    /** The payment's timeline, in the order applied. */
    public Uni<List<PaymentStatusChange>> timelineOf(UUID paymentId) {
        return list("paymentId = ?1 order by seq", paymentId);
    }

    /** The timelines of several payments, each in the order applied. */
    public Uni<List<PaymentStatusChange>> timelinesOf(Collection<UUID> paymentIds) {
        if (paymentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("paymentId in ?1 order by paymentId, seq", paymentIds);
    }
}
