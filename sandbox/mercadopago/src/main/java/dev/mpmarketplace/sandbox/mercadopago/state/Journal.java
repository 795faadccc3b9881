package dev.mpmarketplace.sandbox.mercadopago.state;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * The state file: an append-only journal of JSON lines (docs/sandbox.md, "State"), owned by the state file's writer
 * thread.
 * <pre>
 * {"format":3}
 * {"rest":{everything but the entity maps}}
 * {"m":"payments","k":"1320000001","v":{the payment}}
 * {"m":"card_tokens","k":"7fc1...","x":true}          (removed)
 * </pre>
 * Reading it replays the lines: the last {@code rest} and the last line of each entity win. Writing appends what each
 * capture changed, so its cost follows the changes, not the size of the state; the entity maps keep, for each entry,
 * only where its last line is (no copy of the state in memory). When the journal has grown to twice what is live, it
 * is compacted: the live lines are copied to a new file, which then replaces it atomically.
 */
public final class Journal implements AutoCloseable {

    /** The file layout's version; another is refused with a clear message. */
    public static final int FORMAT = 3;
    /** Compact when the file is this many times what is live (and at least {@link #MIN_GARBAGE} bigger). */
    private static final long GROWTH_FACTOR = 2;
    private static final long MIN_GARBAGE = 16L * 1024 * 1024;
    /** Offsets and lengths are packed in one long: the length takes the low bits. */
    private static final int LENGTH_BITS = 24;
    private static final long MAX_LINE = (1L << LENGTH_BITS) - 1;

    private static final ObjectMapper MAPPER = SandboxJson.MAPPER;
    /** Reads lines into trees without losing a decimal's scale ({@code 38.0} stays {@code 38.0}). */
    private static final ObjectMapper READER = SandboxJson.MAPPER.copy()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final byte[] NEWLINE = {'\n'};
    private static final byte[] REST = "{\"rest\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = ",\"v\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REMOVED = ",\"x\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = {'}'};

    private final Path file;
    private FileChannel channel;
    private OutputStream out;
    private long size;
    /** The bytes of the lines that are the last of their entry, plus the last rest line. */
    private long live;
    private byte[] lastRest;
    private long lastRestLength;
    private List<EntityMap<?, ?>> maps;
    private long compactions;

    private Journal(Path file) {
        this.file = file;
    }

    /**
     * Starts a journal for a state (read from it, or new): writes every entity of the state to a fresh file that
     * replaces the old one. Call before anything else touches the state.
     */
    public static Journal open(Path file, SandboxState state) throws IOException {
        Journal journal = new Journal(file);
        journal.maps = state.entityMaps();
        state.track(true);
        journal.rewrite(MAPPER.writeValueAsBytes(state), maps -> {
            for (EntityMap<?, ?> map : maps) {
                map.writeAll(journal, MAPPER);
            }
        });
        return journal;
    }

    /**
     * Reads a journal: the state its lines make.
     *
     * @throws IOException when it is not a journal of this format, or a line other than the last is not JSON (the
     *         last one may have been cut by a crash, and is ignored)
     */
    public static SandboxState read(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        JsonNode header = line == null ? null : parse(line);
        if (header == null || !header.has("format")) {
            throw new IOException("not a sandbox state journal");
        }
        if (header.get("format").asInt() != FORMAT) {
            throw new IOException("written by another version of the sandbox (format " + header.get("format")
                    + ", this one reads " + FORMAT + "); delete it or use another data directory");
        }
        JsonNode rest = null;
        Map<String, Map<String, JsonNode>> entities = new HashMap<>();
        String next = reader.readLine();
        while (next != null) {
            String current = next;
            next = reader.readLine();
            JsonNode record;
            try {
                record = READER.readTree(current);
            } catch (JsonProcessingException e) {
                if (next == null) {
                    break;
                }
                throw new IOException("a line of the journal is not JSON", e);
            }
            if (record.has("rest")) {
                rest = record.get("rest");
            } else if (record.has("m") && record.has("k")) {
                Map<String, JsonNode> map = entities.computeIfAbsent(record.get("m").asText(),
                        name -> new LinkedHashMap<>());
                if (record.has("v")) {
                    map.put(record.get("k").asText(), record.get("v"));
                } else {
                    map.remove(record.get("k").asText());
                }
            }
        }
        if (rest == null) {
            throw new IOException("the journal has no state");
        }
        SandboxState state = READER.treeToValue(rest, SandboxState.class);
        for (EntityMap<?, ?> map : state.entityMaps()) {
            Map<String, JsonNode> values = entities.get(map.name());
            if (values != null) {
                for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
                    map.restore(entry.getKey(), entry.getValue(), READER);
                }
            }
        }
        state.afterLoad();
        return state;
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Appends a capture: the rest when it changed, a line per entity changed. The lines are in the operating system's
     * hands when it returns (flushed, not forced to disk).
     */
    public void append(StateCodec.Capture capture) throws IOException {
        List<EntityMap<?, ?>> captured = capture.maps();
        boolean replaced = !sameMaps(captured, maps);
        if (lastRest == null || !Arrays.equals(lastRest, capture.rest())) {
            long length = writeRest(capture.rest());
            live += length - lastRestLength;
            lastRestLength = length;
            lastRest = capture.rest();
        }
        capture.apply(this);
        out.flush();
        if (replaced) {
            // A reset: the new state's maps hold none of the old entries, which the file must forget.
            maps = captured;
            compact();
        } else if (size > GROWTH_FACTOR * live + MIN_GARBAGE) {
            compact();
        }
    }

    private static boolean sameMaps(List<EntityMap<?, ?>> a, List<EntityMap<?, ?>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Appends an entity's line; returns where it is. */
    long appendEntity(String map, byte[] keyJson, byte[] value) throws IOException {
        long offset = size;
        long length = writeLine(("{\"m\":\"" + map + "\",\"k\":").getBytes(StandardCharsets.UTF_8), keyJson,
                VALUE, value, CLOSE);
        return pointer(offset, length);
    }

    /** Appends the line that removes an entity. */
    void appendRemoval(String map, byte[] keyJson) throws IOException {
        writeLine(("{\"m\":\"" + map + "\",\"k\":").getBytes(StandardCharsets.UTF_8), keyJson, REMOVED);
    }

    /** Counts a line as the live one of its entry, and the one it replaces ({@code 0} for none) as garbage. */
    void replaced(long oldPointer, long newPointer) {
        live += length(newPointer) - (oldPointer == 0 ? 0 : length(oldPointer));
    }

    /** The bytes of the file, for the persistence figures. */
    public long size() {
        return size;
    }

    public long compactions() {
        return compactions;
    }

    /** Copies the live lines into a new file that replaces this one. */
    private void compact() throws IOException {
        FileChannel old = channel;
        rewrite(lastRest, maps -> {
            for (EntityMap<?, ?> map : maps) {
                map.copyAll(this, old);
            }
        });
        compactions++;
    }

    /** Copies a line of the old file to the new one; returns where it is now. */
    long copy(FileChannel from, long pointer) throws IOException {
        int length = (int) length(pointer);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long position = offset(pointer);
        while (buffer.hasRemaining()) {
            int read = from.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("the journal ended inside a line");
            }
        }
        long offset = size;
        out.write(buffer.array());
        size += length;
        return pointer(offset, length);
    }

    /** The body of a rewrite: writes the entities through {@link #appendEntity} or {@link #copy}. */
    @FunctionalInterface
    private interface Lines {
        void write(List<EntityMap<?, ?>> maps) throws IOException;
    }

    /** Writes a whole new file (header, rest, entities), then puts it in place of the old one. */
    private void rewrite(byte[] rest, Lines entities) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        FileChannel previous = channel;
        OutputStream previousOut = out;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            size = 0;
            live = 0;
            writeLine(("{\"format\":" + FORMAT + "}").getBytes(StandardCharsets.US_ASCII));
            lastRestLength = writeRest(rest);
            lastRest = rest;
            live = lastRestLength;
            entities.write(maps);
            out.flush();
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            channel = previous;
            out = previousOut;
            Files.deleteIfExists(temp);
            throw e;
        }
        closeQuietly(previous);
    }

    /** Writes a line made of parts (no copy into one array) and its newline; returns its length. */
    private long writeLine(byte[]... parts) throws IOException {
        long length = 1;
        for (byte[] part : parts) {
            length += part.length;
        }
        if (length > MAX_LINE) {
            throw new IOException("a line of " + length + " bytes is too long for the journal");
        }
        for (byte[] part : parts) {
            out.write(part);
        }
        out.write(NEWLINE);
        size += length;
        return length;
    }

    private long writeRest(byte[] rest) throws IOException {
        return writeLine(REST, rest, CLOSE);
    }

    static long pointer(long offset, long length) {
        return (offset << LENGTH_BITS) | length;
    }

    static long offset(long pointer) {
        return pointer >>> LENGTH_BITS;
    }

    static long length(long pointer) {
        return pointer & MAX_LINE;
    }

    /** The JSON of a key: entity keys are written as strings. */
    static byte[] keyJson(Object key) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(String.valueOf(key));
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.flush();
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing more to write to it.
            }
        }
    }
}
