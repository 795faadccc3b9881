package dev.mpmarketplace.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SignatureReplayCacheTest {

    @Test
    void aSignatureIsClaimedOnceUntilItExpires() {
        SignatureReplayCache cache = new SignatureReplayCache(8);

        assertThat(cache.claim(1, 2, 1_000, 2_000)).isTrue();
        assertThat(cache.claim(1, 2, 1_500, 2_500)).as("a replay inside the window").isFalse();
        assertThat(cache.claim(1, 3, 1_500, 2_500)).as("another signature").isTrue();
        assertThat(cache.claim(1, 2, 2_000, 3_000)).as("its window is over: the verifier refuses it anyway").isTrue();
    }

    @Test
    void aReleasedSignatureCanBeClaimedAgain() {
        SignatureReplayCache cache = new SignatureReplayCache(8);
        cache.claim(7, 7, 0, 1_000);

        cache.release(7, 7);
        cache.release(7, 7);
        cache.release(8, 8);

        assertThat(cache.claim(7, 7, 1, 1_000)).isTrue();
        assertThat(cache.claim(7, 7, 2, 1_000)).isFalse();
    }

    @Test
    void aFullCacheForgetsItsOldestSignatureEarlyAndCountsIt() {
        SignatureReplayCache cache = new SignatureReplayCache(3);
        for (long i = 1; i <= 3; i++) {
            assertThat(cache.claim(i, i, 0, 10_000)).isTrue();
        }

        assertThat(cache.claim(4, 4, 1, 10_000)).isTrue();

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.earlyEvictions()).isEqualTo(1);
        assertThat(cache.claim(1, 1, 2, 10_000)).as("the oldest was forgotten").isTrue();
        assertThat(cache.claim(4, 4, 3, 10_000)).isFalse();
        assertThat(cache.claim(3, 3, 3, 10_000)).isFalse();
    }

    @Test
    void expiredSignaturesMakeRoomWithoutCountingAsEarly() {
        SignatureReplayCache cache = new SignatureReplayCache(2);
        cache.claim(1, 1, 0, 100);
        cache.claim(2, 2, 0, 100);

        assertThat(cache.claim(3, 3, 100, 200)).isTrue();

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.earlyEvictions()).isZero();
    }

    @Test
    void signaturesThatShareTheirFirst64BitsAreDistinct() {
        SignatureReplayCache cache = new SignatureReplayCache(4);

        assertThat(cache.claim(5, 1, 0, 100)).isTrue();
        assertThat(cache.claim(5, 2, 0, 100)).isTrue();
        assertThat(cache.claim(5, 1, 0, 100)).isFalse();
    }

    @Test
    void behavesAsItsReferenceModelUnderRandomClaimsReleasesAndExpiries() {
        // Keys crowded into few index positions (small high parts) exercise probing and backward-shift deletion.
        Random random = new Random(20261122);
        int capacity = 64;
        SignatureReplayCache cache = new SignatureReplayCache(capacity);
        ReferenceModel model = new ReferenceModel(capacity);
        long now = 0;
        for (int step = 0; step < 200_000; step++) {
            now += random.nextInt(3);
            long high = random.nextInt(40) * 128L;
            long low = random.nextInt(6);
            if (random.nextInt(10) == 0) {
                cache.release(high, low);
                model.release(List.of(high, low));
                continue;
            }
            long expiresAt = now + 50 + random.nextInt(200);

            assertThat(cache.claim(high, low, now, expiresAt)).as("step %d", step)
                    .isEqualTo(model.claim(List.of(high, low), now, expiresAt));
            assertThat(cache.size()).isEqualTo(model.ring.size());
        }
        assertThat(cache.earlyEvictions()).isEqualTo(model.earlyEvictions).isPositive();
    }

    /** The cache's rules written plainly: a queue in claim order, released entries dead until they leave it. */
    private static final class ReferenceModel {

        private final int capacity;
        private final Deque<long[]> ring = new ArrayDeque<>();
        private final Map<List<Long>, long[]> live = new HashMap<>();
        private long earlyEvictions;

        ReferenceModel(int capacity) {
            this.capacity = capacity;
        }

        boolean claim(List<Long> key, long now, long expiresAt) {
            while (!ring.isEmpty() && ring.peekFirst()[2] <= now) {
                evictOldest();
            }
            if (live.containsKey(key)) {
                return false;
            }
            if (ring.size() == capacity) {
                if (ring.peekFirst()[2] != Long.MIN_VALUE) {
                    earlyEvictions++;
                }
                evictOldest();
            }
            long[] entry = {key.get(0), key.get(1), expiresAt};
            ring.addLast(entry);
            live.put(key, entry);
            return true;
        }

        void release(List<Long> key) {
            long[] entry = live.remove(key);
            if (entry != null) {
                entry[2] = Long.MIN_VALUE;
            }
        }

        private void evictOldest() {
            long[] oldest = ring.removeFirst();
            if (oldest[2] != Long.MIN_VALUE) {
                live.remove(List.of(oldest[0], oldest[1]));
            }
        }
    }

    @Test
    void holdsAtLeastOneSignature() {
        assertThatThrownBy(() -> new SignatureReplayCache(0)).isInstanceOf(IllegalArgumentException.class);
        SignatureReplayCache one = new SignatureReplayCache(1);
        assertThat(one.claim(1, 1, 0, 10)).isTrue();
        assertThat(one.claim(1, 1, 0, 10)).isFalse();
        assertThat(one.claim(2, 2, 0, 10)).isTrue();
        assertThat(one.claim(1, 1, 0, 10)).isTrue();
    }
}
