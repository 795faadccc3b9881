package dev.mpmarketplace.linking.service;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most N link starts per marketplace reference per minute (fixed one-minute windows, per replica), so a backend
 * bug or a leaked token cannot flood Mercado Pago's consent page or the event topic for one seller. Remembers at most
 * 10,000 references; windows that ended are forgotten first.
 */
public final class LinkStartLimiter {

    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_REFERENCES = 10_000;

    private record Window(long startMillis, int count) {
    }

    private final int perMinute;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public LinkStartLimiter(int perMinute) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("at least one link start per minute");
        }
        this.perMinute = perMinute;
    }

    /**
     * Counts one start for the reference at {@code nowMillis}.
     *
     * @return 0 when allowed, else the seconds until the reference's window ends
     */
    public long acquire(String reference, long nowMillis) {
        if (windows.size() >= MAX_REFERENCES) {
            forgetEnded(nowMillis);
        }
        Window window = windows.compute(reference, (key, current) -> current == null
                || nowMillis - current.startMillis() >= WINDOW_MILLIS
                        ? new Window(nowMillis, 1)
                        : new Window(current.startMillis(), current.count() + 1));
        if (window.count() <= perMinute) {
            return 0;
        }
        return Math.max(1, (window.startMillis() + WINDOW_MILLIS - nowMillis + 999) / 1000);
    }

    private void forgetEnded(long nowMillis) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext();) {
            if (nowMillis - it.next().startMillis() >= WINDOW_MILLIS) {
                it.remove();
            }
        }
        if (windows.size() >= MAX_REFERENCES) {
            windows.clear();
        }
    }
}
