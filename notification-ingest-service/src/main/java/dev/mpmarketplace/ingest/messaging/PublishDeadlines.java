package dev.mpmarketplace.ingest.messaging;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.vertx.core.Context;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.ingest.service.PublishFailedException;
import dev.mpmarketplace.ingest.service.PublishFailedException.Reason;

/**
 * The deadlines of the requests waiting for the broker, kept by one periodic {@link #sweep} instead of a timer per
 * request (a Vert.x timer set and cancelled for every request cost more: docs/benchmarks.md). Every request has the
 * same timeout, so the order in which they are watched is the order of their deadlines: the queue is read from its
 * head, and a sweep stops at the first request still in time. Requests completed meanwhile leave the queue when they
 * reach its head. Thread-safe: requests are watched from any event loop, swept from one timer.
 */
final class PublishDeadlines {

    private final long timeoutNanos;
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    PublishDeadlines(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** How often to sweep for a timeout: a twentieth of it, between 10 and 100 ms. */
    static long sweepPeriodMillis(Duration timeout) {
        return Math.max(10, Math.min(100, timeout.toMillis() / 20));
    }

    /**
     * Watches a request published at {@code start} ({@link System#nanoTime()}): unless completed by then, a sweep after
     * its deadline fails it with {@link Reason#TIMEOUT} on {@code context} (or on the sweeping thread when it has none).
     */
    void watch(CompletableFuture<Duration> result, Context context, Topic topic, long start) {
        waiting.add(new Waiting(result, context, topic, start + timeoutNanos));
    }

    /** Fails every request whose deadline is before {@code now} ({@link System#nanoTime()}) and forgets completed ones. */
    void sweep(long now) {
        for (Waiting head = waiting.peek(); head != null; head = waiting.peek()) {
            if (!head.result().isDone() && head.deadline() - now > 0) {
                return;
            }
            waiting.poll();
            if (!head.result().isDone()) {
                head.expire();
            }
        }
    }

    /** Requests watched and not yet forgotten (completed ones behind one still waiting included). */
    int size() {
        return waiting.size();
    }

    private record Waiting(CompletableFuture<Duration> result, Context context, Topic topic, long deadline) {

        void expire() {
            Runnable fail = () -> result.completeExceptionally(new PublishFailedException(topic, Reason.TIMEOUT, null));
            if (context == null) {
                fail.run();
            } else {
                context.runOnContext(ignored -> fail.run());
            }
        }
    }
}
