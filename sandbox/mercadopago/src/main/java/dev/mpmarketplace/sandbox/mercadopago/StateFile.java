package dev.mpmarketplace.sandbox.mercadopago;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mpmarketplace.sandbox.mercadopago.state.Journal;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.state.StateCodec;

/**
 * Keeps the sandbox state in a file, {@value #NAME} in the data directory: a {@link Journal} read at start and kept up
 * to date by two threads of its own, so that a request never waits for the whole state to be serialized
 * (docs/sandbox.md, "State"):
 * <ul>
 * <li>the <em>capturer</em>, every {@value #CAPTURE_INTERVAL_MS} ms if anything changed, takes under the state lock
 * what changed since its last capture: the small rest of the state, and the entities touched (a payment created, a
 * delivery attempted...), serialized. Its cost follows the rate of change, not the size of the state;</li>
 * <li>the <em>writer</em> appends the captures, in order, to the journal outside the lock (and compacts it now and
 * then). Captures go on while it writes.</li>
 * </ul>
 * A clean stop captures and appends once more; a crash loses at most the last fraction of a second.
 */
final class StateFile {

    static final String NAME = "mercadopago-sandbox.jsonl";
    /** The state file of sandboxes before the journal, which this one refuses to ignore silently. */
    static final String OLD_NAME = "mercadopago-sandbox.json";
    static final long CAPTURE_INTERVAL_MS = 100;
    private static final Logger LOG = Logger.getLogger(StateFile.class.getName());
    private static final long WRITER_POLL_MS = 100;
    private static final long JOIN_MS = 30_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final SandboxContext context;
    private final Journal journal;
    private final Thread capturer;
    private final Thread writer;
    private final Figures figures = new Figures();
    /** Captures not yet appended by the writer, oldest first. */
    private final ConcurrentLinkedQueue<StateCodec.Capture> captures = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    /** What persistence cost so far, for {@code GET /sandbox/persistence}. */
    static final class Figures {
        final AtomicLong captures = new AtomicLong();
        final AtomicLong entitiesCaptured = new AtomicLong();
        final AtomicLong lastCaptureMicros = new AtomicLong();
        final AtomicLong maxCaptureMicros = new AtomicLong();
        /** The capture thread's own CPU time: what the lock is held for, without the waits for a core or the GC. */
        final AtomicLong maxCaptureCpuMicros = new AtomicLong();
        final AtomicLong appends = new AtomicLong();
        final AtomicLong lastAppendMicros = new AtomicLong();
        final AtomicLong maxAppendMicros = new AtomicLong();
        final AtomicLong fileBytes = new AtomicLong();
        final AtomicLong compactions = new AtomicLong();
    }

    private StateFile(SandboxContext context, Journal journal) {
        this.context = context;
        this.journal = journal;
        this.capturer = new Thread(this::captureLoop, "sandbox-state-capture");
        this.capturer.setDaemon(true);
        this.writer = new Thread(this::writeLoop, "sandbox-state-file");
        this.writer.setDaemon(true);
    }

    /** The persisted state in {@code dir}, or a new empty state when there is none. */
    static SandboxState load(Path dir) {
        if (dir == null) {
            return new SandboxState();
        }
        if (Files.exists(dir.resolve(OLD_NAME))) {
            throw new IllegalStateException("the sandbox state file " + dir.resolve(OLD_NAME) + " was written by an"
                    + " older sandbox, which kept its state in another format; delete it or use another data"
                    + " directory");
        }
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return new SandboxState();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Journal.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the sandbox state file " + file + " is not readable: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Writes the state as it is to a fresh journal in {@code dir}; {@code null} when the sandbox is in memory only.
     * Before anything else touches the state.
     */
    static Journal open(Path dir, SandboxState state) {
        if (dir == null) {
            return null;
        }
        try {
            Files.createDirectories(dir);
            return Journal.open(dir.resolve(NAME), state);
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox state cannot be written to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Starts keeping the journal up to date; {@code null} without a journal. */
    static StateFile start(SandboxContext context, Journal journal) {
        if (journal == null) {
            return null;
        }
        StateFile file = new StateFile(context, journal);
        file.figures.fileBytes.set(journal.size());
        file.capturer.start();
        file.writer.start();
        return file;
    }

    Figures figures() {
        return figures;
    }

    /** Stops both threads, then captures and appends the last changes. */
    void close() {
        running = false;
        for (Thread thread : new Thread[]{capturer, writer}) {
            thread.interrupt();
            try {
                thread.join(JOIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        capture();
        synchronized (this) {
            appendCaptures();
            try {
                journal.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "the sandbox state journal did not close cleanly", e);
            }
        }
    }

    private void captureLoop() {
        while (running) {
            try {
                Thread.sleep(CAPTURE_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
            capture();
        }
    }

    private void writeLoop() {
        while (running) {
            try {
                Thread.sleep(WRITER_POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                appendCaptures();
            }
        }
    }

    private void capture() {
        long started = System.nanoTime();
        long cpuStarted = CPU.isCurrentThreadCpuTimeSupported() ? CPU.getCurrentThreadCpuTime() : -1;
        StateCodec.Capture capture;
        try {
            capture = context.captureIfDirty();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "could not capture the sandbox state", e);
            return;
        }
        if (capture == null) {
            return;
        }
        long micros = (System.nanoTime() - started) / 1000;
        figures.captures.incrementAndGet();
        figures.entitiesCaptured.addAndGet(capture.entities());
        figures.lastCaptureMicros.set(micros);
        figures.maxCaptureMicros.accumulateAndGet(micros, Math::max);
        if (cpuStarted >= 0) {
            long cpuMicros = (CPU.getCurrentThreadCpuTime() - cpuStarted) / 1000;
            figures.maxCaptureCpuMicros.accumulateAndGet(cpuMicros, Math::max);
        }
        captures.add(capture);
    }

    /** Appends the captures, oldest first; one that cannot be appended is tried again next time. */
    private void appendCaptures() {
        for (StateCodec.Capture capture = captures.peek(); capture != null; capture = captures.peek()) {
            long started = System.nanoTime();
            try {
                journal.append(capture);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "could not append to the sandbox state journal; retrying", e);
                return;
            }
            captures.poll();
            long micros = (System.nanoTime() - started) / 1000;
            figures.appends.incrementAndGet();
            figures.lastAppendMicros.set(micros);
            figures.maxAppendMicros.accumulateAndGet(micros, Math::max);
            figures.fileBytes.set(journal.size());
            figures.compactions.set(journal.compactions());
        }
    }
}
