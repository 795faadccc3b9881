package dev.mpmarketplace.support.messaging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The pure part of {@link KeyedLanes}: which record runs when. Every key has a lane of its own while it has records
 * in flight: a lane runs its records one after the other, in the order they were submitted, and records of different
 * keys never wait for each other; at most {@code maxInFlight} records are submitted and not yet finished, and
 * {@link #submit} answers a stage that completes only when there is room for the next one (the caller, a Kafka
 * consumer's {@code @Incoming} method, asks for no record before). So up to {@code maxInFlight} records run at once
 * when their keys differ, and a lane exists only while its key has a record queued or running (at most
 * {@code maxInFlight} lanes).
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

    /** A key's records after the one running; the deque is made only when a second record of the key comes. */
    private static final class Lane {
        private ArrayDeque<Task> queued;

        void add(Task task) {
            if (queued == null) {
                queued = new ArrayDeque<>(4);
            }
            queued.addLast(task);
        }

        Task next() {
            return queued == null ? null : queued.pollFirst();
        }

        int queued() {
            return queued == null ? 0 : queued.size();
        }
    }

    /** The keys with a record running (a {@code null} key is one key like any other). */
    private final Map<Object, Lane> lanes = new HashMap<>();
    private final int maxInFlight;
    private final ArrayDeque<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>();
    private final List<CompletableFuture<Void>> drained = new ArrayList<>();
    private int inFlight;
    private boolean closed;

    LaneScheduler(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("max in flight is at least 1");
        }
        this.maxInFlight = maxInFlight;
    }

    /**
     * Queues {@code task} on its key's lane (started at once when no record of the key is running).
     *
     * @return a stage completed when fewer than {@code maxInFlight} records are in flight; once {@link #close}d, a
     *         stage that never completes (the record is neither run nor finished: it is not acknowledged)
     */
    CompletionStage<Void> submit(Object key, Task task) {
        Objects.requireNonNull(task, "task");
        Task start = null;
        CompletableFuture<Void> room;
        synchronized (this) {
            if (closed) {
                return new CompletableFuture<>();
            }
            inFlight++;
            Lane lane = lanes.get(key);
            if (lane != null) {
                lane.add(task);
            } else {
                lanes.put(key, new Lane());
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
            run(key, start);
        }
        return room;
    }

    private void run(Object key, Task task) {
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
                finished(key);
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

    private void finished(Object key) {
        Task next;
        List<CompletableFuture<Void>> rooms = new ArrayList<>();
        List<CompletableFuture<Void>> emptied = List.of();
        synchronized (this) {
            inFlight--;
            Lane lane = lanes.get(key);
            next = lane == null ? null : lane.next();
            if (next == null) {
                lanes.remove(key);
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
            run(key, next);
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
            for (Lane lane : lanes.values()) {
                inFlight -= lane.queued();
                lane.queued = null;
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

    /** Keys with a record running (each a lane). */
    synchronized int running() {
        return lanes.size();
    }
}
