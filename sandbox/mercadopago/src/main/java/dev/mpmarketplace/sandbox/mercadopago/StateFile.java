package dev.mpmarketplace.sandbox.mercadopago;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Keeps the sandbox state in one JSON file: loaded at start, written (temporary file, then an atomic move) by a
 * thread of its own whenever the state changed, and once more at shutdown.
 * <p>
 * The snapshot is taken under the state lock, so the interval between snapshots adapts to their cost: at least
 * 250 ms, and at least a hundred times as long as the last snapshot took (at most a minute), so the lock is held for
 * persistence about 1% of the time however large the state grows (a benchmark's hundreds of thousands of payments
 * included). A crash (not a clean stop) loses the changes of the last interval.
 */
final class StateFile {

    static final String NAME = "mercadopago-sandbox.json";
    private static final Logger LOG = Logger.getLogger(StateFile.class.getName());
    private static final Duration MIN_INTERVAL = Duration.ofMillis(250);
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    /** The interval is this many times the last snapshot's duration: the lock is held for snapshots about 1%. */
    private static final long LOCK_SHARE_DIVISOR = 100;

    private final SandboxContext context;
    private final Path dir;
    private final Thread writer;
    private volatile boolean running = true;

    private StateFile(SandboxContext context, Path dir) {
        this.context = context;
        this.dir = dir;
        this.writer = new Thread(this::loop, "sandbox-state-file");
        this.writer.setDaemon(true);
    }

    /** Starts writing the state of the context to {@code dir}; {@code null} when the sandbox is in memory only. */
    static StateFile start(SandboxContext context, Path dir) {
        if (dir == null) {
            return null;
        }
        StateFile file = new StateFile(context, dir);
        file.writer.start();
        return file;
    }

    /** The persisted state in {@code dir}, or a new empty state when there is none. */
    static SandboxState load(Path dir) {
        if (dir == null || !Files.exists(dir.resolve(NAME))) {
            return new SandboxState();
        }
        Path file = dir.resolve(NAME);
        try {
            return SandboxJson.MAPPER.readValue(file.toFile(), SandboxState.class);
        } catch (IOException e) {
            throw new IllegalStateException("the sandbox state file " + file + " is not readable: " + e.getMessage(),
                    e);
        }
    }

    /** Stops the writer and writes the last changes. */
    void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(MAX_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeIfChanged();
    }

    private void loop() {
        long intervalMs = MIN_INTERVAL.toMillis();
        while (running) {
            try {
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                return;
            }
            long tookMs = writeIfChanged();
            intervalMs = Math.min(MAX_INTERVAL.toMillis(),
                    Math.max(MIN_INTERVAL.toMillis(), tookMs * LOCK_SHARE_DIVISOR));
        }
    }

    /** Writes the state if it changed; returns how long the snapshot held the lock, in milliseconds. */
    private synchronized long writeIfChanged() {
        long started = System.nanoTime();
        byte[] snapshot = context.snapshotIfDirty();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        if (snapshot == null) {
            return tookMs;
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, NAME, ".tmp");
            Files.write(temp, snapshot);
            Files.move(temp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            context.markDirty();
            LOG.log(Level.WARNING, "could not write the sandbox state to " + dir + "; retrying", e);
        }
        return tookMs;
    }
}
