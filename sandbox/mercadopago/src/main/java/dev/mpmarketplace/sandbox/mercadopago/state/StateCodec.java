package dev.mpmarketplace.sandbox.mercadopago.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * The capture half of persistence (docs/sandbox.md, "State"): under the state lock, what changed since the last
 * capture is serialized, the small rest of the state and the entities touched; the {@link Journal} then appends it
 * outside the lock. A request therefore never waits for the whole state to be serialized.
 */
public final class StateCodec {

    private static final ObjectMapper MAPPER = SandboxJson.MAPPER;

    private StateCodec() {
    }

    /**
     * What a capture took: the rest of the state as JSON, and the changes of its entity maps.
     *
     * @param changes the entity changes, in the order they were taken
     * @param maps the entity maps of the state it was taken from
     */
    public record Capture(byte[] rest, List<EntityMap.Changes<?>> changes, List<EntityMap<?, ?>> maps) {

        /** How many entities it serialized or dropped. */
        public int entities() {
            return changes.stream().mapToInt(EntityMap.Changes::size).sum();
        }

        /** Appends the entity changes to the journal, in order. */
        void apply(Journal journal) throws IOException {
            for (EntityMap.Changes<?> change : changes) {
                change.apply(journal);
            }
        }
    }

    /**
     * Serializes the entities changed since the last call, in the maps' order, and adds them to {@code into}. Called
     * under the state lock at the end of every write of a persisted state, so that each request serializes what it
     * changed (a few entities) instead of a capture serializing everything that changed in the last interval at once.
     */
    public static void takeChanges(SandboxState state, List<EntityMap.Changes<?>> into) throws IOException {
        for (EntityMap<?, ?> map : state.entityMaps()) {
            if (map.changed()) {
                into.add(map.takeChanges(MAPPER));
            }
        }
    }

    /**
     * A capture: the rest of the state serialized, the changes taken by the writes since the last capture, and any
     * left (a state made outside a write: a reset's seed). Call under the state lock.
     */
    public static Capture capture(SandboxState state, List<EntityMap.Changes<?>> taken) throws IOException {
        byte[] rest = MAPPER.writeValueAsBytes(state);
        List<EntityMap.Changes<?>> changes = new ArrayList<>(taken);
        takeChanges(state, changes);
        return new Capture(rest, changes, state.entityMaps());
    }
}
