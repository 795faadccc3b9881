package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the webhook fault rules do to one notification, decided (and the rules' {@code times} consumed) when the
 * notification is queued. A drop wins over everything else; a duplicate and an out-of-order hold combine (both copies
 * join the batch).
 *
 * @param droppedBy the id of the {@code webhook_drop} rule that fired, or {@code null}
 * @param duplicatedBy the id of the {@code webhook_duplicate} rule that fired, or {@code null}
 * @param heldBy the id of the {@code webhook_out_of_order} rule that fired, or {@code null}; it names the batch
 * @param batchSize how many held notifications make the batch
 * @param holdMs the longest a notification waits for its batch, on the sandbox clock
 */
public record WebhookFaults(String droppedBy, String duplicatedBy, String heldBy, int batchSize, long holdMs) {

    static final int DEFAULT_BATCH_SIZE = 3;
    static final long DEFAULT_HOLD_MS = 1000;

    private static final WebhookFaults NONE = new WebhookFaults(null, null, null, 0, 0);

    /**
     * Applies the rules in force to a notification. Runs under the state lock (it counts the rules' hits).
     *
     * @param type the notification's type (topic)
     * @param action the notification's action
     */
    public static WebhookFaults decide(FaultsState faults, String type, String action) {
        if (faults.rules.isEmpty()) {
            return NONE;
        }
        FaultRule drop = fire(faults, FaultKind.WEBHOOK_DROP, type, action);
        if (drop != null) {
            return new WebhookFaults(drop.id, null, null, 0, 0);
        }
        FaultRule duplicate = fire(faults, FaultKind.WEBHOOK_DUPLICATE, type, action);
        FaultRule hold = fire(faults, FaultKind.WEBHOOK_OUT_OF_ORDER, type, action);
        return new WebhookFaults(null, duplicate == null ? null : duplicate.id, hold == null ? null : hold.id,
                hold == null || hold.batchSize == null ? DEFAULT_BATCH_SIZE : hold.batchSize,
                hold == null || hold.holdMs == null ? DEFAULT_HOLD_MS : hold.holdMs);
    }

    public boolean dropped() {
        return droppedBy != null;
    }

    public boolean duplicated() {
        return duplicatedBy != null;
    }

    public boolean held() {
        return heldBy != null;
    }

    /** The first rule of that kind that matches and wins its probability draw, consumed; or {@code null}. */
    private static FaultRule fire(FaultsState faults, FaultKind kind, String type, String action) {
        for (FaultRule rule : new ArrayList<>(faults.rules)) {
            if (rule.faultKind() != kind || (rule.type != null && !rule.type.equals(type))
                    || (rule.action != null && !rule.action.equals(action))) {
                continue;
            }
            if (rule.probability < 1.0 && ThreadLocalRandom.current().nextDouble() >= rule.probability) {
                continue;
            }
            FaultInjector.consume(faults, rule);
            return rule;
        }
        return null;
    }
}
