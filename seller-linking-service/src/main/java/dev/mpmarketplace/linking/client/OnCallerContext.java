package dev.mpmarketplace.linking.client;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Wraps a {@link CompletionStage} from a client that completes on its own thread (the Vault client, the Kafka
 * producer) so that the pipeline continues on the caller's Vert.x context, where Hibernate Reactive's session lives.
 */
public final class OnCallerContext {

    private OnCallerContext() {
    }

    public static <T> Uni<T> uni(Supplier<? extends CompletionStage<? extends T>> call) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().completionStage(call);
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }

    /** Waits on a Vert.x timer of the caller's context (so the pipeline stays on it); outside Vert.x on Mutiny's. */
    public static Uni<Void> delay(java.time.Duration delay) {
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

    public static <T> Uni<T> of(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.emitOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
