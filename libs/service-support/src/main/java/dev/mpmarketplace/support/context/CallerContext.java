package dev.mpmarketplace.support.context;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one way back to the caller's Vert.x context. Clients that complete on a thread of their own (the Vault client,
 * a Kafka producer, a REST client behind a fault-tolerance timer) would otherwise continue the pipeline there, where
 * Hibernate Reactive's session (bound to the caller's context) cannot be used.
 * <p>
 * And the one way out of an HTTP request's context for a use case that calls the outside world between short
 * transactions ({@link #detached}): in a REST resource method Quarkus opens one Hibernate Reactive session for the
 * whole request, and a session keeps its pooled connection until it closes, so a use case run on the request's
 * context would hold a connection across its network calls (decision 0014 wants milliseconds).
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

    /**
     * Continues {@code uni}'s item or failure on the context it was subscribed from (outside Vert.x: where it
     * completes); for Mutiny-based clients, whatever thread they complete on.
     */
    public static <T> Uni<T> resume(Uni<T> uni) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                return uni;
            }
            return uni.emitOn(task -> {
                if (Vertx.currentContext() == context) {
                    task.run();
                } else {
                    context.runOnContext(ignored -> task.run());
                }
            });
        });
    }

    /**
     * Runs {@code work} on a new duplicated context of the caller's event loop, with nothing of the caller's context
     * (no request-scoped Hibernate Reactive session: each {@code Panache.withSession}/{@code withTransaction} of the work
     * opens and closes its own, so a connection is held only for that step), and delivers its result on the caller's
     * context. The work runs to its end even when the caller stops waiting (an HTTP client that hangs up): a use case
     * between a claim and its apply is not cut in the middle. Outside Vert.x the work simply runs.
     */
    public static <T> Uni<T> detached(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context caller = Vertx.currentContext();
            if (caller == null) {
                work.get().subscribe().with(emitter::complete, emitter::fail);
                return;
            }
            Context fresh = VertxContext.createNewDuplicatedContext(caller);
            // Hibernate Reactive refuses a context not flagged safe (isolated): this one is new and ours alone.
            VertxContextSafetyToggle.setContextSafe(fresh, true);
            fresh.runOnContext(ignored -> {
                Uni<T> uni;
                try {
                    uni = work.get();
                } catch (RuntimeException e) {
                    caller.runOnContext(again -> emitter.fail(e));
                    return;
                }
                uni.subscribe().with(item -> caller.runOnContext(again -> emitter.complete(item)),
                        failure -> caller.runOnContext(again -> emitter.fail(failure)));
            });
        });
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
