package dev.mpmarketplace.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

/**
 * The lanes' ordering and backpressure, with tasks that finish only when the test says so: the same key never runs
 * twice at once and keeps its submission order, different keys run side by side, the stage answered to the consumer
 * completes only while there is room, and closing drops what has not started.
 */
class LaneSchedulerTest {

    /** Tasks that record their start and wait for the test to finish them. */
    static final class Tasks {
        final List<String> started = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Runnable> running = Collections.synchronizedMap(new HashMap<>());

        LaneScheduler.Task task(String name) {
            return finished -> {
                started.add(name);
                running.put(name, finished);
            };
        }

        void finish(String name) {
            Runnable finished = running.remove(name);
            assertThat(finished).as("%s is running", name).isNotNull();
            finished.run();
        }
    }

    @Test
    void recordsOfOneKeyRunOneAfTheOtherInTheirOrder() {
        LaneScheduler scheduler = new LaneScheduler(100);
        Tasks tasks = new Tasks();

        scheduler.submit("payment-1", tasks.task("a1"));
        scheduler.submit("payment-1", tasks.task("a2"));
        scheduler.submit("payment-1", tasks.task("a3"));

        assertThat(tasks.started).containsExactly("a1");
        tasks.finish("a1");
        assertThat(tasks.started).containsExactly("a1", "a2");
        tasks.finish("a2");
        tasks.finish("a3");
        assertThat(tasks.started).containsExactly("a1", "a2", "a3");
        assertThat(scheduler.inFlight()).isZero();
    }

    @Test
    void recordsOfDifferentKeysRunAtOnceAndALaterOneMayFinishFirst() {
        LaneScheduler scheduler = new LaneScheduler(100);
        Tasks tasks = new Tasks();

        scheduler.submit("payment-1", tasks.task("slow"));
        scheduler.submit("payment-2", tasks.task("fast"));

        assertThat(tasks.started).containsExactly("slow", "fast");
        tasks.finish("fast");
        assertThat(scheduler.inFlight()).isEqualTo(1);
        tasks.finish("slow");
        assertThat(scheduler.inFlight()).isZero();
    }

    /**
     * No two keys ever share a lane (as they did when a key's lane was its hash modulo a lane count): as many
     * different keys as the bound allows run at once, keys whose hashes collide and the null key included, and a
     * key's lane is gone once its last record finished.
     */
    @Test
    void everyKeyHasALaneOfItsOwnUpToTheBound() {
        LaneScheduler scheduler = new LaneScheduler(64);
        Tasks tasks = new Tasks();
        // "Aa" and "BB" have the same hashCode: they still run side by side.
        List<String> keys = new ArrayList<>(List.of("Aa", "BB"));
        for (long id = 0; keys.size() < 63; id++) {
            keys.add(Long.toString(id * 16));
        }
        keys.add(null);
        for (String key : keys) {
            scheduler.submit(key, tasks.task(String.valueOf(key)));
        }

        assertThat(tasks.started).hasSize(64);
        assertThat(scheduler.running()).isEqualTo(64);
        for (String key : keys) {
            tasks.finish(String.valueOf(key));
        }
        assertThat(scheduler.running()).isZero();
        assertThat(scheduler.inFlight()).isZero();
    }

    @Test
    void theConsumerGetsNoRoomWhileMaxInFlightRecordsAreQueuedOrRunning() {
        LaneScheduler scheduler = new LaneScheduler(3);
        Tasks tasks = new Tasks();

        CompletionStage<Void> first = scheduler.submit("k", tasks.task("1"));
        CompletionStage<Void> second = scheduler.submit("k", tasks.task("2"));
        CompletionStage<Void> third = scheduler.submit("k", tasks.task("3"));

        assertThat(first.toCompletableFuture()).isDone();
        assertThat(second.toCompletableFuture()).isDone();
        assertThat(third.toCompletableFuture()).as("three in flight: no room for a fourth").isNotDone();
        assertThat(scheduler.inFlight()).isEqualTo(3);

        tasks.finish("1");
        assertThat(third.toCompletableFuture()).isDone();
        assertThat(tasks.started).containsExactly("1", "2");
    }

    @Test
    void consumersSharingTheLanesAreLetGoOnlyAsManyAsThereIsRoomFor() {
        LaneScheduler scheduler = new LaneScheduler(2);
        Tasks tasks = new Tasks();
        String a = "a";
        String b = "b";

        assertThat(scheduler.submit(a, tasks.task("a1")).toCompletableFuture()).isDone();
        CompletionStage<Void> consumer1 = scheduler.submit(a, tasks.task("a2"));
        CompletionStage<Void> consumer2 = scheduler.submit(b, tasks.task("b1"));
        assertThat(consumer1.toCompletableFuture()).isNotDone();
        assertThat(consumer2.toCompletableFuture()).isNotDone();

        tasks.finish("a1");
        assertThat(consumer1.toCompletableFuture()).as("two in flight still (a2, b1)").isNotDone();
        tasks.finish("b1");
        assertThat(consumer1.toCompletableFuture()).isDone();
        assertThat(consumer2.toCompletableFuture()).as("one place: one consumer let go").isNotDone();
        tasks.finish("a2");
        assertThat(consumer2.toCompletableFuture()).isDone();
    }

    @Test
    void aTaskThatThrowsWhileStartingFreesItsLane() {
        LaneScheduler scheduler = new LaneScheduler(10);
        Tasks tasks = new Tasks();
        scheduler.submit("k", tasks.task("1"));
        scheduler.submit("k", finished -> {
            throw new IllegalStateException("cannot start");
        });
        scheduler.submit("k", tasks.task("3"));

        try {
            tasks.finish("1");
        } catch (IllegalStateException expected) {
            // the throwing task's own failure reaches whoever started it
        }
        assertThat(tasks.started).containsExactly("1", "3");
        tasks.finish("3");
        assertThat(scheduler.inFlight()).isZero();
    }

    @Test
    void closingDropsWhatHasNotStartedAndCompletesWhenTheRunningOnesFinished() {
        LaneScheduler scheduler = new LaneScheduler(10);
        Tasks tasks = new Tasks();
        scheduler.submit("k", tasks.task("running"));
        scheduler.submit("k", tasks.task("queued"));

        CompletionStage<Void> closed = scheduler.close();
        CompletionStage<Void> afterClose = scheduler.submit("other", tasks.task("late"));

        assertThat(closed.toCompletableFuture()).isNotDone();
        assertThat(afterClose.toCompletableFuture()).as("no record taken after closing").isNotDone();
        tasks.finish("running");
        assertThat(closed.toCompletableFuture()).isDone();
        assertThat(tasks.started).containsExactly("running");
        assertThat(scheduler.inFlight()).isZero();
    }

    @Test
    void finishingTwiceCountsOnce() {
        LaneScheduler scheduler = new LaneScheduler(10);
        List<Runnable> finishers = new ArrayList<>();
        scheduler.submit("k", finishers::add);
        scheduler.submit("k", finishers::add);

        finishers.get(0).run();
        finishers.get(0).run();

        assertThat(finishers).hasSize(2);
        assertThat(scheduler.inFlight()).isEqualTo(1);
    }

    /**
     * Many keys, random finishing order: every key's records start in their submission order, never two of one key
     * at once, and no more than the bound are ever in flight.
     */
    @Test
    void underRandomCompletionsEveryKeyKeepsItsOrderAndTheBoundHolds() {
        LaneScheduler scheduler = new LaneScheduler(7);
        Random random = new Random(20261127);
        Map<String, Integer> nextExpected = new HashMap<>();
        Set<String> keysRunning = new HashSet<>();
        List<Runnable> running = new ArrayList<>();
        List<String> runningKeys = new ArrayList<>();
        int submitted = 0;
        int finished = 0;
        CompletionStage<Void> room = null;
        while (finished < 2_000) {
            if (submitted < 2_000 && (room == null || room.toCompletableFuture().isDone())) {
                String key = "k" + random.nextInt(12);
                int sequence = nextExpected.merge(key + "#submitted", 1, Integer::sum) - 1;
                room = scheduler.submit(key, done -> {
                    assertThat(keysRunning.add(key)).as("%s runs once at a time", key).isTrue();
                    assertThat(nextExpected.merge(key, 1, Integer::sum) - 1).isEqualTo(sequence);
                    running.add(done);
                    runningKeys.add(key);
                });
                submitted++;
                assertThat(scheduler.inFlight()).isLessThanOrEqualTo(7);
            } else {
                int i = random.nextInt(running.size());
                Runnable done = running.remove(i);
                keysRunning.remove(runningKeys.remove(i));
                finished++;
                done.run();
            }
        }
        assertThat(scheduler.inFlight()).isZero();
    }
}
