package dev.mpmarketplace.sandbox.mercadopago.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A map of the sandbox's many, mutable entities (payments, card tokens, webhook deliveries, intents, orders...) that
 * lets the state file persist them without pausing requests: it remembers which entries may have changed since the
 * last capture, so a capture (under the state lock) serializes only those, and where each entry's last line is in the
 * {@link Journal}, so the writer appends changes and compacts the file outside the lock, without a copy of the
 * state in memory.
 * <p>
 * Entities are changed in place by the code that holds them, so "may have changed" is decided by access: an entry put,
 * removed, read with {@link #get} or met while iterating <em>during a write</em> ({@link WriteScope}) counts as
 * changed; reads outside writes never do. Over-counting costs a needless re-serialization, never a lost change. Code
 * that iterates a large map in a write only to look (building an index, counting) uses {@link #peekValues()}.
 * <p>
 * Iteration follows insertion order. Guarded by the sandbox state's lock, except the journal positions, which only
 * the state file's writer thread touches: a capture takes the changes under the lock, the writer appends them to the
 * journal outside it.
 *
 * @param <K> the key: a string or a number, written as a JSON object key
 * @param <V> the entity, serialized with the state mapper
 */
public final class EntityMap<K, V> extends AbstractMap<K, V> {

    private final String name;
    private final Class<V> valueType;
    private final Function<String, K> keyParser;
    private final Map<K, V> entries = new LinkedHashMap<>();
    /** Keys that may have changed since the last capture, in the order they were first touched. */
    private final Set<K> touched = new LinkedHashSet<>();
    /** Where each entry's last line is in the journal; the state file's writer thread only. */
    private final Map<K, Long> written = new LinkedHashMap<>();
    /** Whether changes are tracked: only when the state is persisted (else nobody would ever take them). */
    private boolean tracking;
    private Set<Map.Entry<K, V>> entrySet;
    private Set<K> keySet;

    private EntityMap(String name, Class<V> valueType, Function<String, K> keyParser) {
        this.name = name;
        this.valueType = valueType;
        this.keyParser = keyParser;
    }

    /** A map whose keys are strings. */
    public static <V> EntityMap<String, V> byString(String name, Class<V> valueType) {
        return new EntityMap<>(name, valueType, Function.identity());
    }

    /** A map whose keys are numbers. */
    public static <V> EntityMap<Long, V> byLong(String name, Class<V> valueType) {
        return new EntityMap<>(name, valueType, Long::valueOf);
    }

    /** The map's name in the state file. */
    public String name() {
        return name;
    }

    @Override
    public V get(Object key) {
        V value = entries.get(key);
        if (value != null && tracking && WriteScope.active()) {
            touch(key);
        }
        return value;
    }

    /** The entry, without counting it as changed: for code that only looks, even during a write. */
    public V peek(Object key) {
        return entries.get(key);
    }

    /** The values, unmodifiable, without counting any as changed: for code that only looks, even during a write. */
    public Collection<V> peekValues() {
        return Collections.unmodifiableCollection(entries.values());
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public V put(K key, V value) {
        if (tracking) {
            touched.add(key);
        }
        return entries.put(key, value);
    }

    @Override
    public V remove(Object key) {
        if (!entries.containsKey(key)) {
            return null;
        }
        if (tracking) {
            touch(key);
        }
        return entries.remove(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public void clear() {
        if (tracking) {
            touched.addAll(entries.keySet());
        }
        entries.clear();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        if (entrySet == null) {
            entrySet = new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<K, V>> iterator() {
                    return new Tracking<>(entries.entrySet().iterator(), Map.Entry::getKey, true);
                }

                @Override
                public int size() {
                    return entries.size();
                }
            };
        }
        return entrySet;
    }

    @Override
    public Set<K> keySet() {
        if (keySet == null) {
            keySet = new AbstractSet<>() {
                @Override
                public Iterator<K> iterator() {
                    return new Tracking<>(entries.keySet().iterator(), Function.identity(), false);
                }

                @Override
                public int size() {
                    return entries.size();
                }

                @Override
                public boolean contains(Object key) {
                    return entries.containsKey(key);
                }
            };
        }
        return keySet;
    }

    /** An iterator that counts what it hands out during a write as changed (values only) and what it removes. */
    private final class Tracking<T> implements Iterator<T> {
        private final Iterator<T> delegate;
        private final Function<T, K> keyOf;
        private final boolean touchesValues;
        private K last;

        Tracking(Iterator<T> delegate, Function<T, K> keyOf, boolean touchesValues) {
            this.delegate = delegate;
            this.keyOf = keyOf;
            this.touchesValues = touchesValues;
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public T next() {
            T next = delegate.next();
            last = keyOf.apply(next);
            if (touchesValues && tracking && WriteScope.active()) {
                touched.add(last);
            }
            return next;
        }

        @Override
        public void remove() {
            delegate.remove();
            if (tracking) {
                touched.add(last);
            }
        }
    }

    /**
     * Starts (or stops) tracking changes; every entry counts as changed from then on, so that nothing is missed. Under
     * the lock.
     */
    void track(boolean on) {
        tracking = on;
        touched.clear();
        if (on) {
            touched.addAll(entries.keySet());
        }
    }

    /** Whether any entry may have changed since the last {@link #takeChanges}. */
    boolean changed() {
        return !touched.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private void touch(Object key) {
        touched.add((K) key);
    }

    /**
     * The entries that may have changed since the last capture, serialized ({@code null} for a removed one), in the
     * order they were touched. Under the state lock: its cost follows what changed, not the size of the map.
     */
    Changes<K> takeChanges(ObjectMapper mapper) throws IOException {
        List<K> keys = new ArrayList<>(touched.size());
        List<byte[]> values = new ArrayList<>(touched.size());
        for (K key : touched) {
            V value = entries.get(key);
            keys.add(key);
            values.add(value == null ? null : mapper.writeValueAsBytes(value));
        }
        touched.clear();
        return new Changes<>(this, keys, values);
    }

    /** What one capture took from one map, to be appended to the journal by the state file's writer. */
    public static final class Changes<K> {
        private final EntityMap<K, ?> map;
        private final List<K> keys;
        private final List<byte[]> values;

        private Changes(EntityMap<K, ?> map, List<K> keys, List<byte[]> values) {
            this.map = map;
            this.keys = keys;
            this.values = values;
        }

        int size() {
            return keys.size();
        }

        EntityMap<K, ?> map() {
            return map;
        }

        /** Appends a line per change and remembers where each entry's last line is. Writer thread, no lock. */
        void apply(Journal journal) throws IOException {
            for (int i = 0; i < keys.size(); i++) {
                K key = keys.get(i);
                byte[] value = values.get(i);
                if (value == null) {
                    Long old = map.written.remove(key);
                    if (old != null) {
                        journal.appendRemoval(map.name, Journal.keyJson(key));
                        journal.replaced(old, 0);
                    }
                } else {
                    long pointer = journal.appendEntity(map.name, Journal.keyJson(key), value);
                    Long old = map.written.put(key, pointer);
                    journal.replaced(old == null ? 0 : old, pointer);
                }
            }
        }
    }

    /** Writes every entry to a new journal (at start). Before anything else touches the state. */
    void writeAll(Journal journal, ObjectMapper mapper) throws IOException {
        written.clear();
        for (Map.Entry<K, V> entry : entries.entrySet()) {
            long pointer = journal.appendEntity(name, Journal.keyJson(entry.getKey()),
                    mapper.writeValueAsBytes(entry.getValue()));
            written.put(entry.getKey(), pointer);
            journal.replaced(0, pointer);
        }
        touched.clear();
    }

    /** Copies every entry's last line from the old journal file to the new one (a compaction). Writer thread. */
    void copyAll(Journal journal, FileChannel from) throws IOException {
        for (Map.Entry<K, Long> entry : written.entrySet()) {
            long pointer = journal.copy(from, entry.getValue());
            entry.setValue(pointer);
            journal.replaced(0, pointer);
        }
    }

    /** Puts an entry read from the journal, without counting it as changed. */
    void restore(String key, JsonNode value, ObjectMapper mapper) throws IOException {
        entries.put(keyParser.apply(key), mapper.treeToValue(value, valueType));
    }
}
