package dev.mpmarketplace.support.context;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one way back to the caller's Vert.x context. Clients that complete on a thread of their own (the Vault client,
 * a Kafka producer) would otherwise continue the pipeline there, where Hibernate Reactive's session (bound to the
 * caller's context) cannot be used.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** Calls {@code call} and continues on the caller's context (outside Vert.x: where the stage completes). */
    public static <T> Uni<T> uni(Supplier<? extends CompletionStage<? extends T>> call) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().completionStage(call);
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Waits on a Vert.x timer of the caller's context, so the pipeline stays on it; outside Vert.x on Mutiny's. */
    public static Uni<Void> delay(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        }
        return Uni.createFrom().emitter(emitter -> context.runOnContext(
                ignored -> context.owner().setTimer(Math.max(1, delay.toMillis()), id -> emitter.complete(null))));
    }
}
