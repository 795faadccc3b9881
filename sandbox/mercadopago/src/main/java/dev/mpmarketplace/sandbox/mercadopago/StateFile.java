package dev.mpmarketplace.sandbox.mercadopago;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.state.StateCodec;

/**
 * Keeps the sandbox state in one JSON file, loaded at start and kept up to date by two threads of its own, so that a
 * request never waits for the whole state to be serialized (docs/sandbox.md, "State"):
 * <ul>
 * <li>the <em>capturer</em>, every {@value #CAPTURE_INTERVAL_MS} ms if anything changed, takes under the state lock
 * what changed since its last capture: the small rest of the state, and the entities touched (a payment created, a
 * delivery attempted...), serialized. Its cost follows the rate of change, not the size of the state;</li>
 * <li>the <em>writer</em> applies the captures, in order, to the bytes it keeps of every entity, and writes the
 * whole file from them, outside the lock, atomically (a temporary file, then a move), at most every
 * {@link #MIN_WRITE_INTERVAL} and at least ten times its own last duration apart (so that writing a large state takes
 * about a tenth of a core). Captures go on while it writes.</li>
 * </ul>
 * A clean stop captures and writes once more; a crash loses the changes since the last file write.
 */
final class StateFile {

    static final String NAME = "mercadopago-sandbox.json";
    static final long CAPTURE_INTERVAL_MS = 100;
    private static final Logger LOG = Logger.getLogger(StateFile.class.getName());
    private static final Duration MIN_WRITE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_WRITE_INTERVAL = Duration.ofSeconds(60);
    /** The interval between file writes is at least this many times the last write's duration. */
    private static final long WRITE_SHARE_DIVISOR = 10;
    private static final long WRITER_POLL_MS = 100;

    private final SandboxContext context;
    private final Path dir;
    private final Thread capturer;
    private final Thread writer;
    private final Figures figures = new Figures();
    /** Captures not yet applied by the writer, oldest first. */
    private final ConcurrentLinkedQueue<StateCodec.Capture> captures = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    /** The last capture applied but not yet written to the file, or {@code null}. Writer only. */
    private StateCodec.Capture unwritten;
    private long lastWriteEndedNanos = System.nanoTime();
    private long writeIntervalNanos = MIN_WRITE_INTERVAL.toNanos();

    /** What persistence cost so far, for {@code GET /sandbox/persistence}. */
    static final class Figures {
        final AtomicLong captures = new AtomicLong();
        final AtomicLong entitiesCaptured = new AtomicLong();
        final AtomicLong lastCaptureMicros = new AtomicLong();
        final AtomicLong maxCaptureMicros = new AtomicLong();
        final AtomicLong writes = new AtomicLong();
        final AtomicLong lastWriteMillis = new AtomicLong();
        final AtomicLong lastWriteBytes = new AtomicLong();
    }

    private StateFile(SandboxContext context, Path dir) {
        this.context = context;
        this.dir = dir;
        this.capturer = new Thread(this::captureLoop, "sandbox-state-capture");
        this.capturer.setDaemon(true);
        this.writer = new Thread(this::writeLoop, "sandbox-state-file");
        this.writer.setDaemon(true);
    }

    /** Starts writing the state of the context to {@code dir}; {@code null} when the sandbox is in memory only. */
    static StateFile start(SandboxContext context, Path dir) {
        if (dir == null) {
            return null;
        }
        StateFile file = new StateFile(context, dir);
        file.capturer.start();
        file.writer.start();
        return file;
    }

    /** The persisted state in {@code dir}, or a new empty state when there is none. */
    static SandboxState load(Path dir) {
        if (dir == null || !Files.exists(dir.resolve(NAME))) {
            return new SandboxState();
        }
        Path file = dir.resolve(NAME);
        try (InputStream in = Files.newInputStream(file)) {
            return StateCodec.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the sandbox state file " + file + " is not readable: " + e.getMessage(),
                    e);
        }
    }

    Figures figures() {
        return figures;
    }

    /** Stops both threads, then captures and writes the last changes. */
    void close() {
        running = false;
        for (Thread thread : new Thread[]{capturer, writer}) {
            thread.interrupt();
            try {
                thread.join(MAX_WRITE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        capture();
        synchronized (this) {
            applyCaptures();
            if (unwritten != null) {
                writeFile();
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
            if (System.nanoTime() - lastWriteEndedNanos < writeIntervalNanos) {
                continue;
            }
            synchronized (this) {
                applyCaptures();
                if (unwritten != null) {
                    writeFile();
                }
            }
        }
    }

    private void capture() {
        long started = System.nanoTime();
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
        captures.add(capture);
    }

    /** Brings the entity bytes up to the last capture, in capture order. */
    private void applyCaptures() {
        for (StateCodec.Capture capture = captures.poll(); capture != null; capture = captures.poll()) {
            capture.apply();
            unwritten = capture;
        }
    }

    private void writeFile() {
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, NAME, ".tmp");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                    StateCodec.write(unwritten, out);
                }
                Files.move(temp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            figures.lastWriteBytes.set(Files.size(dir.resolve(NAME)));
            unwritten = null;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the sandbox state to " + dir + "; retrying", e);
        }
        long ended = System.nanoTime();
        long took = ended - started;
        figures.writes.incrementAndGet();
        figures.lastWriteMillis.set(took / 1_000_000);
        lastWriteEndedNanos = ended;
        writeIntervalNanos = Math.min(MAX_WRITE_INTERVAL.toNanos(),
                Math.max(MIN_WRITE_INTERVAL.toNanos(), took * WRITE_SHARE_DIVISOR));
    }
}
