package dev.mpmarketplace.sandbox.mercadopago.state;

/**
 * Whether the current thread is inside a state write ({@code SandboxContext.write}): an {@link EntityMap} counts an
 * entity reached during a write as possibly changed, and one reached during a read as unchanged. A thread works on
 * one sandbox's state at a time (under that state's lock), so a per-thread depth is exact even with several sandboxes
 * in one JVM.
 */
public final class WriteScope {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private WriteScope() {
    }

    /** Enters a write; writes may nest (a write that calls another service's write). */
    public static void enter() {
        DEPTH.get()[0]++;
    }

    /** Leaves the write entered last. */
    public static void exit() {
        DEPTH.get()[0]--;
    }

    /** Whether the current thread is writing state. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }
}
