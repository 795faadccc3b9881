package dev.mpmarketplace.support.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The pure part of {@link KeyedLanes}: which record runs when. A record goes to lane {@code spread(key) mod lanes};
 * each lane runs its records one after the other, in the order they were submitted; at most {@code maxInFlight}
 * records are submitted and not yet finished, and {@link #submit} answers a stage that completes only when there is
 * room for the next one (the caller, a Kafka consumer's {@code @Incoming} method, asks for no record before).
 * <p>
 * Thread-safe: the consumers of one channel ({@code concurrency} &gt; 1) may share one scheduler; each may then hold
 * one record beyond the bound, so the bound is {@code maxInFlight + consumers - 1}. A task is started outside the
 * lock, by the thread that made room for it (its submitter, or the one that finished the lane's previous task), and
 * tells its end through the {@code Runnable} it is given, exactly once.
 */
final class LaneScheduler {

    /** One record's work: start it, and run {@code finished} once, whatever its outcome, when it is over. */
    @FunctionalInterface
    interface Task {
        void start(Runnable finished);
    }

    private final ArrayDeque<Task>[] lanes;
    private final boolean[] running;
    private final int maxInFlight;
    private final ArrayDeque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> drained = new ArrayList<>();
    private int inFlight;
    private boolean closed;

    @SuppressWarnings("unchecked")
    LaneScheduler(int lanes, int maxInFlight) {
        if (lanes < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("lanes and max in flight are at least 1");
        }
        this.lanes = new ArrayDeque[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new ArrayDeque<>();
        }
        this.running = new boolean[lanes];
        this.maxInFlight = maxInFlight;
    }

    /** The lane of a key: the same key always the same lane; a {@code null} key lane 0. */
    int laneOf(Object key) {
        if (key == null) {
            return 0;
        }
        // The hash's high bits mixed into the low ones (as HashMap does, once more), so keys that differ only
        // above the lane count (sequential ids times a power of two) still spread.
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return Math.floorMod(h, lanes.length);
    }

    /**
     * Queues {@code task} on its key's lane (started at once when the lane is idle).
     *
     * @return a stage completed when fewer than {@code maxInFlight} records are in flight; once {@link #close}d, a
     *         stage that never completes (the record is neither run nor finished: it is not acknowledged)
     */
    CompletionStage<Void> submit(Object key, Task task) {
        Objects.requireNonNull(task, "task");
        int lane = laneOf(key);
        Task start = null;
        CompletableFuture<Void> room;
        synchronized (this) {
            if (closed) {
                return new CompletableFuture<>();
            }
            inFlight++;
            if (running[lane]) {
                lanes[lane].addLast(task);
            } else {
                running[lane] = true;
                start = task;
            }
            if (inFlight < maxInFlight) {
                room = CompletableFuture.completedFuture(null);
            } else {
                room = new CompletableFuture<>();
                waitingForRoom.addLast(room);
            }
        }
        if (start != null) {
            run(lane, start);
        }
        return room;
    }

    private void run(int lane, Task task) {
        Runnable once = new Runnable() {
            private boolean done;

            @Override
            public void run() {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    done = true;
                }
                finished(lane);
            }
        };
        try {
            task.start(once);
        } catch (RuntimeException | Error e) {
            // A task that cannot even start is over; it reports its own failure (KeyedLanes nacks the record).
            once.run();
            throw e;
        }
    }

    private void finished(int lane) {
        Task next;
        List<CompletableFuture<Void>> rooms = new ArrayList<>();
        List<CompletableFuture<Void>> emptied = List.of();
        synchronized (this) {
            inFlight--;
            next = lanes[lane].pollFirst();
            if (next == null) {
                running[lane] = false;
            }
            // Each consumer let go submits one more record: let go only as many as there is room for.
            while (!waitingForRoom.isEmpty() && inFlight + rooms.size() < maxInFlight) {
                rooms.add(waitingForRoom.pollFirst());
            }
            if (closed && inFlight == 0) {
                emptied = List.copyOf(drained);
                drained.clear();
            }
        }
        rooms.forEach(room -> room.complete(null));
        emptied.forEach(done -> done.complete(null));
        if (next != null) {
            run(lane, next);
        }
    }

    /**
     * Takes no record any more and drops the queued ones that have not started (they are never run, so never
     * acknowledged: the broker delivers them again); the ones running go on.
     *
     * @return a stage completed when every running record has finished
     */
    CompletionStage<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            closed = true;
            for (ArrayDeque<Task> lane : lanes) {
                inFlight -= lane.size();
                lane.clear();
            }
            waitingForRoom.clear();
            if (inFlight == 0) {
                done.complete(null);
            } else {
                drained.add(done);
            }
        }
        return done;
    }

    /** Records submitted and not finished (queued or running). */
    synchronized int inFlight() {
        return inFlight;
    }
}
