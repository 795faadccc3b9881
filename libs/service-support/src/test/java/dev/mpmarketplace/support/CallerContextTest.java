package dev.mpmarketplace.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.mpmarketplace.support.context.CallerContext;

class CallerContextTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Runs {@code body} on a duplicated context, as a request or a record is handled in Quarkus. */
    private void onRequestContext(java.util.function.Consumer<Context> body) {
        Context request = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        request.putLocal("session", "the request's session");
        request.runOnContext(ignored -> body.accept(request));
    }

    @Test
    void detachedWorkRunsOnAContextOfItsOwnAndAnswersOnTheCallers() throws Exception {
        CompletableFuture<Object> sessionSeenByWork = new CompletableFuture<>();
        CompletableFuture<Boolean> safeForHibernateReactive = new CompletableFuture<>();
        CompletableFuture<Boolean> answeredOnCaller = new CompletableFuture<>();
        onRequestContext(request -> CallerContext.detached(() -> {
            Object session = Vertx.currentContext().getLocal("session");
            sessionSeenByWork.complete(session == null ? "none" : session);
            safeForHibernateReactive.complete(VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(
                    Vertx.currentContext()));
            return Uni.createFrom().item("done");
        }).subscribe().with(item -> answeredOnCaller.complete(Vertx.currentContext() == request)));

        assertThat(sessionSeenByWork.get(5, TimeUnit.SECONDS)).isEqualTo("none");
        assertThat(safeForHibernateReactive.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(answeredOnCaller.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void detachedWorkRunsToItsEndWhenTheCallerStopsWaiting() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Cancellable> subscription = new AtomicReference<>();
        onRequestContext(request -> subscription.set(CallerContext.detached(() -> Uni.createFrom().item("work")
                .onItem().delayIt().by(Duration.ofMillis(300))
                .invoke(() -> {
                    finished.set(true);
                    done.countDown();
                })).subscribe().with(item -> {
                })));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (subscription.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        subscription.get().cancel();
        assertThat(finished).as("still running when the caller gave up").isFalse();

        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(finished).isTrue();
    }

    @Test
    void resumeBringsAnItemFromAnotherThreadBackToTheSubscribersContext() throws Exception {
        var elsewhere = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> onCaller = new CompletableFuture<>();
            onRequestContext(request -> CallerContext.resume(Uni.createFrom().item("answer").emitOn(elsewhere))
                    .subscribe().with(item -> onCaller.complete(Vertx.currentContext() == request)));

            assertThat(onCaller.get(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            elsewhere.shutdownNow();
        }
    }
}
