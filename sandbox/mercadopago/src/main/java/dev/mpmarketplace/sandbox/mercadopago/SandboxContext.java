package dev.mpmarketplace.sandbox.mercadopago;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

import io.vertx.core.Vertx;

import dev.mpmarketplace.sandbox.mercadopago.oauth.Authenticator;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentWatcher;
import dev.mpmarketplace.sandbox.mercadopago.state.EntityMap;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.state.StateCodec;
import dev.mpmarketplace.sandbox.mercadopago.state.WriteScope;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.Notifier;

/**
 * What every module of the sandbox shares: its options, clock, state (behind one lock), the authenticator, the
 * webhook notifier, Vert.x and its own base URL.
 */
public final class SandboxContext {

    private static final char[] ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    private final MercadoPagoSandboxOptions options;
    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private SandboxState state;
    private volatile boolean dirty;
    /** Whether the state is persisted: then every write serializes what it changed, for the state file. */
    private final boolean persistent;
    /** The entity changes the writes took since the last capture, in order. Under the lock. */
    private final List<EntityMap.Changes<?>> taken = new ArrayList<>();
    /** What serializing their changes added to writes: the total and the longest, in nanoseconds. */
    private final AtomicLong serializationNanos = new AtomicLong();
    private final AtomicLong longestSerializationNanos = new AtomicLong();
    private volatile String baseUrl;
    private Authenticator authenticator;
    private Notifier notifier;
    private final List<PaymentWatcher> paymentWatchers = new CopyOnWriteArrayList<>();
    private final List<Runnable> clockWatchers = new CopyOnWriteArrayList<>();

    SandboxContext(MercadoPagoSandboxOptions options, Vertx vertx, SandboxState state) {
        this.options = options;
        this.vertx = vertx;
        this.state = state;
        this.persistent = options.dataDir() != null;
    }

    public MercadoPagoSandboxOptions options() {
        return options;
    }

    public SandboxClock clock() {
        return options.clock();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The sandbox's own URL ({@code http://host:port}), for links it hands out (init_point, consent page). */
    public String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String url) {
        this.baseUrl = url;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    void authenticator(Authenticator value) {
        this.authenticator = value;
    }

    public Notifier notifier() {
        return notifier;
    }

    void notifier(Notifier value) {
        this.notifier = value;
    }

    /** Who follows payments (merchant orders, Mercado Libre orders); modules add themselves when they register. */
    public List<PaymentWatcher> paymentWatchers() {
        return paymentWatchers;
    }

    /**
     * Runs, outside the lock, after {@code POST /sandbox/clock} moved sandbox time: timers due by then fire before the
     * control call answers (Point intents abandoned, orders expired...).
     */
    public void onClockAdvanced(Runnable watcher) {
        clockWatchers.add(watcher);
    }

    /** Tells the clock watchers that sandbox time moved. */
    public void clockAdvanced() {
        clockWatchers.forEach(Runnable::run);
    }

    /** Reads state under the lock. */
    public <T> T read(Function<SandboxState, T> reader) {
        synchronized (lock) {
            return reader.apply(state);
        }
    }

    /**
     * Changes state under the lock and schedules it for persistence. Entities reached during the write count as
     * possibly changed ({@link dev.mpmarketplace.sandbox.mercadopago.state.EntityMap}).
     */
    public <T> T write(Function<SandboxState, T> writer) {
        synchronized (lock) {
            WriteScope.enter();
            try {
                return writer.apply(state);
            } finally {
                WriteScope.exit();
                dirty = true;
                if (persistent && !WriteScope.active()) {
                    takeChanges();
                }
            }
        }
    }

    /** Changes state under the lock, without a result. */
    public void update(Consumer<SandboxState> writer) {
        write(s -> {
            writer.accept(s);
            return null;
        });
    }

    /** Replaces the whole state (reset), under the lock. */
    void replace(SandboxState fresh) {
        synchronized (lock) {
            fresh.track(persistent);
            state = fresh;
            dirty = true;
        }
    }

    /** Serializes the entities the last write reached, while they are as it left them. Under the lock. */
    private void takeChanges() {
        long started = System.nanoTime();
        try {
            StateCodec.takeChanges(state, taken);
        } catch (IOException e) {
            throw new IllegalStateException("sandbox state is not serializable", e);
        }
        long took = System.nanoTime() - started;
        serializationNanos.addAndGet(took);
        longestSerializationNanos.accumulateAndGet(took, Math::max);
    }

    /** What serializing their changes added to writes so far: {total, longest}, in nanoseconds. */
    long[] serializationNanos() {
        return new long[]{serializationNanos.get(), longestSerializationNanos.get()};
    }

    /**
     * What changed since the last call, serialized under the lock, or {@code null} when nothing did; for the
     * {@link StateFile}, whose one writer thread calls it.
     */
    StateCodec.Capture captureIfDirty() throws IOException {
        synchronized (lock) {
            if (!dirty) {
                return null;
            }
            dirty = false;
            state.clockOffset = clock().offset();
            StateCodec.Capture capture = StateCodec.capture(state, taken);
            taken.clear();
            return capture;
        }
    }

    /** Random letters and digits, for ids, secrets and tokens. */
    public String randomAlphanumeric(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }

    /** Random lower-case hex, for token parts. */
    public String randomHex(int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    /** Random decimal digits, the first not zero, for numeric ids such as client ids. */
    public String randomDigits(int length) {
        StringBuilder digits = new StringBuilder(length);
        digits.append(1 + random.nextInt(9));
        for (int i = 1; i < length; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }
}
