package dev.mpmarketplace.ingest.service;

/**
 * The signatures this replica accepted recently, each remembered until it can no longer be valid, so that a signed
 * delivery is accepted once: the data structure behind {@link SignatureReplays}.
 * <p>
 * Bounded and allocation-free: at most {@code capacity} signatures, held in a ring in the order they were accepted
 * (three {@code long}s each: the first 128 bits of {@code v1} and when the entry expires) and found through an
 * open-addressing index of {@code int}s (linear probing, at most half full, backward-shift deletion). 40 bytes a
 * signature at most. The oldest entry goes first: when it has expired, or, when the ring is full, early (counted in
 * {@link #earlyEvictions()}). Entries expire roughly in ring order; one that expires behind a later one waits for it,
 * which keeps it a little longer, never shorter.
 * <p>
 * The key needs no hashing: {@code v1} is an HMAC-SHA256, uniformly distributed, and only verified signatures reach
 * the cache, so nobody can choose keys that collide. 128 bits make a false "replay" between two distinct signatures
 * (a lost notification) a chance of about 2<sup>-90</sup> at the default size.
 * <p>
 * Thread-safe: every operation holds the instance's lock for a few dozen nanoseconds.
 */
final class SignatureReplayCache {

    /** The expiry of a ring slot whose entry was released or evicted. */
    private static final long DEAD = Long.MIN_VALUE;

    private final int capacity;
    private final long[] highs;
    private final long[] lows;
    private final long[] expiries;
    /** Ring slot + 1 of each indexed entry; 0 is an empty position. */
    private final int[] index;
    private final int mask;
    private int head;
    private int size;
    private long earlyEvictions;

    SignatureReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the replay cache holds at least one signature: " + capacity);
        }
        this.capacity = capacity;
        this.highs = new long[capacity];
        this.lows = new long[capacity];
        this.expiries = new long[capacity];
        int positions = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
        this.index = new int[positions];
        this.mask = positions - 1;
    }

    /**
     * Remembers a signature unless it is remembered already.
     *
     * @param high the first 64 bits of the signature
     * @param low the next 64 bits
     * @param now the current time, epoch milliseconds
     * @param expiresAt when the signature can no longer be valid, epoch milliseconds
     * @return {@code true} when it was not remembered (the caller goes on), {@code false} for a replay
     */
    synchronized boolean claim(long high, long low, long now, long expiresAt) {
        while (size > 0 && expiries[head] <= now) {
            evictHead();
        }
        if (find(high, low) >= 0) {
            return false;
        }
        if (size == capacity) {
            if (expiries[head] != DEAD) {
                earlyEvictions++;
            }
            evictHead();
        }
        int slot = (head + size) % capacity;
        highs[slot] = high;
        lows[slot] = low;
        expiries[slot] = expiresAt;
        size++;
        int position = (int) high & mask;
        while (index[position] != 0) {
            position = (position + 1) & mask;
        }
        index[position] = slot + 1;
        return true;
    }

    /** Forgets a claimed signature (its notification was not stored, so the sender's retry must be accepted). */
    synchronized void release(long high, long low) {
        int position = find(high, low);
        if (position >= 0) {
            expiries[index[position] - 1] = DEAD;
            delete(position);
        }
    }

    /** How many signatures are remembered (released ones whose ring slot is not reused yet included). */
    synchronized int size() {
        return size;
    }

    /** How many signatures were forgotten before they expired, because the cache was full. */
    synchronized long earlyEvictions() {
        return earlyEvictions;
    }

    private void evictHead() {
        if (expiries[head] != DEAD) {
            delete(find(highs[head], lows[head]));
            expiries[head] = DEAD;
        }
        head = (head + 1) % capacity;
        size--;
    }

    private int find(long high, long low) {
        int position = (int) high & mask;
        while (index[position] != 0) {
            int slot = index[position] - 1;
            if (highs[slot] == high && lows[slot] == low) {
                return position;
            }
            position = (position + 1) & mask;
        }
        return -1;
    }

    /** Empties an index position and moves back the entries of its probe run that would no longer be found. */
    private void delete(int position) {
        int hole = position;
        index[hole] = 0;
        int next = hole;
        while (true) {
            next = (next + 1) & mask;
            if (index[next] == 0) {
                return;
            }
            int home = (int) highs[index[next] - 1] & mask;
            boolean reachable = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!reachable) {
                index[hole] = index[next];
                index[next] = 0;
                hole = next;
            }
        }
    }
}
