package dev.mpmarketplace.sandbox.mercadopago.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * The state file's format and its two halves, capture and write (docs/sandbox.md, "State"):
 * <pre>
 * {"format": 2, "state": {everything but the entity maps}, "entities": {"payments": {"&lt;id&gt;": {...}, ...}, ...}}
 * </pre>
 * A {@link #capture} runs under the state lock and costs what changed since the last one (the small rest of the state
 * plus the entities touched); {@link #write} runs outside the lock and writes every entity from the bytes captured
 * last. A request therefore never waits for the whole state to be serialized.
 */
public final class StateCodec {

    /** The version of the file layout; a file of another version is refused with a clear message. */
    public static final int FORMAT = 2;

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

        /** Applies the entity changes to the maps' captured bytes; in the writer thread, capture after capture. */
        public void apply() {
            changes.forEach(EntityMap.Changes::apply);
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

    /**
     * Writes a whole state file: the rest of the state of the last capture applied, and every entity map of that
     * capture from its captured bytes. Call outside the lock, from the writer thread, after {@link Capture#apply}.
     */
    public static void write(Capture capture, OutputStream out) throws IOException {
        out.write(("{\"format\":" + FORMAT + ",\"state\":").getBytes(StandardCharsets.US_ASCII));
        out.write(capture.rest());
        out.write(",\"entities\":{".getBytes(StandardCharsets.US_ASCII));
        boolean first = true;
        for (EntityMap.Changes<?> changes : capture.changes()) {
            EntityMap<?, ?> map = changes.map();
            if (!first) {
                out.write(',');
            }
            first = false;
            out.write(MAPPER.writeValueAsBytes(map.name()));
            out.write(':');
            map.writeCaptured(out, MAPPER);
        }
        out.write("}}".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Reads a state file.
     *
     * @throws IOException when it is not a state file of this format
     */
    public static SandboxState read(InputStream in) throws IOException {
        try (JsonParser parser = MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Integer format = null;
            SandboxState state = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "format" -> format = parser.getIntValue();
                    case "state" -> state = MAPPER.readValue(parser, SandboxState.class);
                    case "entities" -> {
                        if (state == null) {
                            throw new IOException("\"entities\" before \"state\"");
                        }
                        readEntities(parser, state);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (format == null || format != FORMAT) {
                throw new IOException("written by another version of the sandbox (format " + format + ", this one"
                        + " reads " + FORMAT + "); delete it or use another data directory");
            }
            if (state == null) {
                throw new IOException("no \"state\"");
            }
            state.afterLoad();
            return state;
        }
    }

    private static void readEntities(JsonParser parser, SandboxState state) throws IOException {
        Map<String, EntityMap<?, ?>> byName = new HashMap<>();
        state.entityMaps().forEach(map -> byName.put(map.name(), map));
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("\"entities\" is not a JSON object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            EntityMap<?, ?> map = byName.get(name);
            if (map == null) {
                parser.skipChildren();
                continue;
            }
            map.load(parser, MAPPER);
        }
    }
}
