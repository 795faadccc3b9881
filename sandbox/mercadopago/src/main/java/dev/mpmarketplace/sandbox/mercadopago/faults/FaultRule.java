package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.time.Instant;

/**
 * One fault-injection rule, as created through {@code POST /sandbox/faults}. Plain public fields: it is part of the
 * persisted sandbox state. Fields a kind does not use stay {@code null}.
 */
public final class FaultRule {
    public String id;
    /** A {@link FaultKind} wire name. */
    public String kind;
    /** {@code *}, a glob ({@code *} = one path segment, {@code **} = anything) or a prefix; API kinds only. */
    public String path;
    /** The HTTP method the rule is limited to, upper case, or {@code null} for any. */
    public String method;
    /** Delay before answering; required for {@code latency}, optional on the other API kinds. */
    public Long latencyMs;
    /** The 5xx of an {@code error} rule. */
    public Integer status;
    /** The {@code Retry-After} of a {@code rate_limit} rule. */
    public Integer retryAfterSeconds;
    /** Chance that a matching request or notification is affected. */
    public double probability = 1.0;
    /** How many times the rule may fire in all, as given; {@code null} = until deleted. */
    public Integer times;
    /** How many times it may still fire; the rule is removed when this reaches zero. */
    public Integer remaining;
    /** How many times it fired. */
    public long hits;
    /** {@code lost_answer}: how the answer is lost, a {@link LostAnswerMode} wire name. */
    public String mode;
    /** {@code lost_answer} in {@code timeout} mode: how long the answer is held after the effect. */
    public Long answerDelayMs;
    /** The window of a {@code not_found_after_notify} rule. */
    public Long durationMs;
    /** Webhook kinds: only notifications of this type (topic), or {@code null} for all. */
    public String type;
    /** Webhook kinds: only notifications with this action, or {@code null} for all. */
    public String action;
    /** {@code webhook_out_of_order}: how many notifications make a batch. */
    public Integer batchSize;
    /** {@code webhook_out_of_order}: the longest a notification is held waiting for its batch (sandbox clock). */
    public Long holdMs;
    public Instant createdAt;

    /** The kind, which the control API validated when the rule was created. */
    public FaultKind faultKind() {
        return FaultKind.fromWire(kind).orElseThrow();
    }
}
