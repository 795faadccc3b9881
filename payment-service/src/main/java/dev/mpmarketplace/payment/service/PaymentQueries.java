package dev.mpmarketplace.payment.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.payment.Payment;
import dev.mpmarketplace.payment.PaymentStatus;
import dev.mpmarketplace.payment.PaymentStatusChange;
import dev.mpmarketplace.payment.repository.PaymentOperationRepository;
import dev.mpmarketplace.payment.repository.PaymentRefundRepository;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.payment.repository.PaymentStatusChangeRepository;
import dev.mpmarketplace.payment.rest.PaymentView;

/** Reading payments: one with everything known of it, or a page of them with their timelines. */
@ApplicationScoped
public class PaymentQueries {

    /** A page of the listing, and where the next one starts ({@code null} at the end). */
    public record Page(List<PaymentView> payments, PaymentRepository.Keyset next) {
    }

    private final PaymentRepository payments;
    private final PaymentStatusChangeRepository timeline;
    private final PaymentRefundRepository refunds;
    private final PaymentOperationRepository operations;

    public PaymentQueries(PaymentRepository payments, PaymentStatusChangeRepository timeline,
            PaymentRefundRepository refunds, PaymentOperationRepository operations) {
        this.payments = payments;
        this.timeline = timeline;
        this.refunds = refunds;
        this.operations = operations;
    }

    /** The payment with its timeline, refunds and operations; fails with {@code payment-not-found}. */
    public Uni<PaymentView> payment(UUID id) {
        return Panache.withSession(() -> payments.findById(id).chain(payment -> {
            if (payment == null) {
                return Uni.createFrom().failure(PaymentProblems.paymentNotFound(id.toString()));
            }
            return timeline.timelineOf(id).chain(changes -> refunds.ofPayment(id)
                    .chain(refundList -> operations.ofPayment(id)
                            .map(operationList -> PaymentView.of(payment, changes, refundList, operationList))));
        }));
    }

    /** Mercado Pago's last applied answer about the payment, as received; empty when it has none yet. */
    public Uni<Optional<String>> mercadoPagoAnswer(UUID id) {
        return Panache.withSession(() -> payments.findById(id)).map(payment -> {
            if (payment == null) {
                throw PaymentProblems.paymentNotFound(id.toString());
            }
            return Optional.ofNullable(payment.providerPayment);
        });
    }

    /** A page of payments, newest first, each with its timeline. */
    public Uni<Page> page(Optional<Long> sellerId, Optional<PaymentStatus> status, Optional<OffsetDateTime> from,
            Optional<OffsetDateTime> to, Optional<PaymentRepository.Keyset> after, int limit) {
        return Panache.withSession(() -> payments.page(sellerId, status, from, to, after, limit + 1)
                .chain(found -> {
                    List<Payment> page = found.size() > limit ? found.subList(0, limit) : found;
                    List<UUID> ids = page.stream().map(p -> p.id).toList();
                    return timeline.timelinesOf(ids).map(changes -> {
                        Map<UUID, List<PaymentStatusChange>> byPayment = changes.stream()
                                .collect(Collectors.groupingBy(c -> c.paymentId));
                        List<PaymentView> views = page.stream()
                                .map(p -> PaymentView.of(p, byPayment.getOrDefault(p.id, List.of()), null, null))
                                .toList();
                        Payment last = page.isEmpty() ? null : page.get(page.size() - 1);
                        return new Page(views, found.size() > limit
                                ? new PaymentRepository.Keyset(last.createdAt, last.id)
                                : null);
                    });
                }));
    }
}
