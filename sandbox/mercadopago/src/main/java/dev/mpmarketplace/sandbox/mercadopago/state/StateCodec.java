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
     * @param changes per entity map, in the state's order
     */
    public record Capture(byte[] rest, List<EntityMap.Changes<?>> changes) {

        /** How many entities it serialized or dropped. */
        public int entities() {
            return changes.stream().mapToInt(EntityMap.Changes::size).sum();
        }

        /** The entity maps of the state it was taken from. */
        List<EntityMap<?, ?>> maps() {
            List<EntityMap<?, ?>> maps = new ArrayList<>(changes.size());
            changes.forEach(change -> maps.add(change.map()));
            return maps;
        }

        /** Appends the entity changes to the journal, in order. */
        void apply(Journal journal) throws IOException {
            for (EntityMap.Changes<?> change : changes) {
                change.apply(journal);
            }
        }
    }

    /** Serializes what changed since the last capture. Call under the state lock. */
    public static Capture capture(SandboxState state) throws IOException {
        byte[] rest = MAPPER.writeValueAsBytes(state);
        List<EntityMap.Changes<?>> changes = new ArrayList<>();
        for (EntityMap<?, ?> map : state.entityMaps()) {
            changes.add(map.takeChanges(MAPPER));
        }
        return new Capture(rest, changes);
    }
}
