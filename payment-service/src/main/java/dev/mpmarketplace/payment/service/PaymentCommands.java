package dev.mpmarketplace.payment.service;

import java.time.Clock;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.events.payment.CancelPayment;
import dev.mpmarketplace.events.payment.CapturePayment;
import dev.mpmarketplace.events.payment.CreatePayment;
import dev.mpmarketplace.events.payment.PaymentCommandTypes;
import dev.mpmarketplace.events.payment.RefundPayment;
import dev.mpmarketplace.outbox.ProcessedEvents;
import dev.mpmarketplace.payment.repository.PaymentRepository;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * The commands on {@code payments.commands}, each carried out by the same use case as its HTTP twin
 * ({@link PaymentCreation}, {@link PaymentOperations}) with the idempotency key the command carries: a command
 * delivered twice, or sent both as a command and over HTTP with one key, has one effect.
 * <p>
 * A command is recorded as processed by its CloudEvent id. One that cannot be carried out (the seller unlinked, the key
 * used for another request, Mercado Pago refused it, ...) is recorded with its reason and stated as a
 * {@code command-failed} event, in one transaction. The outcome of one that was carried out is in the payment events
 * (which carry the creation's idempotency key).
 */
@ApplicationScoped
public class PaymentCommands {

    private static final Logger LOG = Logger.getLogger(PaymentCommands.class);
    private static final ObjectMapper JSON = MarketplaceJson.newMapper();

    /** The consumer name under which commands are recorded as processed. */
    public static final String CONSUMER = "payment-commands";

    private final PaymentCreation creation;
    private final PaymentOperations operations;
    private final PaymentRepository payments;
    private final ProcessedEvents processed;
    private final PaymentEvents events;
    private final PaymentMetrics metrics;
    private final Clock clock;

    public PaymentCommands(PaymentCreation creation, PaymentOperations operations, PaymentRepository payments,
            ProcessedEvents processed, PaymentEvents events, PaymentMetrics metrics, Clock clock) {
        this.creation = creation;
        this.operations = operations;
        this.payments = payments;
        this.processed = processed;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** What a command names, for its failure event. */
    private record Target(String idempotencyKey, Long sellerId, String paymentId) {
    }

    /**
     * Carries out one command once.
     *
     * @param type one of {@link PaymentCommandTypes#ALL} (the consumer dead-letters others)
     * @return the outcome recorded; fails only for transient reasons (database, Vault, Mercado Pago unavailable)
     */
    public Uni<String> handle(String commandId, String type, JsonNode data) {
        return processed.outcomeOf(CONSUMER, commandId).chain(done -> {
            if (done.isPresent()) {
                return Uni.createFrom().item(ProcessedEvents.DUPLICATE);
            }
            Target target = target(type, data);
            return Uni.createFrom().deferred(() -> run(type, data))
                    .chain(outcome -> record(commandId, outcome))
                    .onFailure(ProblemException.class).recoverWithUni(failure -> refused(commandId, type, target,
                            (ProblemException) failure));
        }).invoke(outcome -> metrics.command(tag(type), outcome));
    }

    private Uni<String> run(String type, JsonNode data) {
        if (PaymentCommandTypes.CREATE.equals(type)) {
            CreatePayment request = PaymentRequests.read(data, true);
            return creation.create(request, request.idempotencyKey())
                    .map(created -> created.replayed() ? "replayed" : created.pending() ? "unknown" : "done");
        }
        if (PaymentCommandTypes.CAPTURE.equals(type)) {
            CapturePayment command = read(data, CapturePayment.class);
            return operations.capture(PaymentRequests.paymentId(command.paymentId()),
                    PaymentRequests.amount(command.amount()), PaymentRequests.idempotencyKey(command.idempotencyKey()))
                    .map(PaymentCommands::outcome);
        }
        if (PaymentCommandTypes.CANCEL.equals(type)) {
            CancelPayment command = read(data, CancelPayment.class);
            return operations.cancel(PaymentRequests.paymentId(command.paymentId()),
                    PaymentRequests.idempotencyKey(command.idempotencyKey())).map(PaymentCommands::outcome);
        }
        if (PaymentCommandTypes.REFUND.equals(type)) {
            RefundPayment command = read(data, RefundPayment.class);
            return operations.refund(PaymentRequests.paymentId(command.paymentId()),
                    PaymentRequests.amount(command.amount()), PaymentRequests.idempotencyKey(command.idempotencyKey()))
                    .map(PaymentCommands::outcome);
        }
        throw new IllegalArgumentException("not a payment command type: " + type);
    }

    private static String outcome(PaymentOperations.Result result) {
        return result.replayed() ? "replayed" : result.pending() ? "unknown" : "done";
    }

    private Uni<String> refused(String commandId, String type, Target target, ProblemException problem) {
        if (PaymentProblems.REQUEST_IN_PROGRESS.equals(problem.reason())) {
            // The same request is being carried out (a redelivery overtaking the first delivery): one effect.
            return record(commandId, "in_progress");
        }
        Object refusedPayment = problem.extensions().get("payment_id");
        String paymentId = refusedPayment != null ? refusedPayment.toString() : target.paymentId();
        LOG.infof("command %s (%s) refused: %s", commandId, tag(type), problem.reason());
        return sellerOf(target, paymentId).chain(sellerId -> Panache.withTransaction(() -> processed.once(CONSUMER,
                commandId, () -> events.commandFailed(commandId, type, target.idempotencyKey(), sellerId, paymentId,
                        problem.reason(), problem.getMessage(), PaymentProblems.causeCodes(problem),
                        Timestamps.now(clock)).replaceWith(problem.reason()))));
    }

    private Uni<Long> sellerOf(Target target, String paymentId) {
        if (target.sellerId() != null || paymentId == null) {
            return Uni.createFrom().item(target.sellerId());
        }
        UUID id;
        try {
            id = UUID.fromString(paymentId);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> payments.findById(id)).map(p -> p == null ? null : p.sellerId);
    }

    private Uni<String> record(String commandId, String outcome) {
        return Panache.withTransaction(() -> processed.record(CONSUMER, commandId, outcome))
                .map(recorded -> recorded ? outcome : ProcessedEvents.DUPLICATE);
    }

    private static Target target(String type, JsonNode data) {
        String key = data.path("idempotency_key").asText(null);
        Long seller = data.path("seller_id").canConvertToLong() ? data.path("seller_id").asLong() : null;
        String payment = data.path("payment_id").asText(null);
        return new Target(key != null && key.length() > 255 ? key.substring(0, 255) : key, seller,
                payment != null && payment.length() > 64 ? null : payment);
    }

    private static <T> T read(JsonNode data, Class<T> type) {
        try {
            return JSON.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw PaymentProblems.invalidRequest("the command's data is not a " + type.getSimpleName());
        }
    }

    /** The command type's last word, a bounded metric tag. */
    static String tag(String type) {
        return PaymentCommandTypes.ALL.contains(type) ? type.split("\\.")[3] : "other";
    }
}
