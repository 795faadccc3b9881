package dev.mpmarketplace.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * Derives the CloudEvents {@code id} of an event from what makes it unique, so that the same fact published twice
 * (a retried request, a redelivered notification, a replay) carries the same id and every consumer can de-duplicate
 * on it.
 * <p>
 * The id is a name-based UUID, version 5 (RFC 9562, section 5.5), in a namespace of this platform's own. The parts
 * are joined with the ASCII unit separator, which cannot occur in the ids and names used as parts, so
 * {@code ("a:b", "c")} and {@code ("a", "b:c")} give different ids.
 */
public final class StableEventId {

    /** The platform's own UUID namespace: the version 5 UUID of "mpmarketplace.dev" in the DNS namespace. */
    static final UUID NAMESPACE = nameBased(UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
            "mpmarketplace.dev");

    private static final char SEPARATOR = '\u001f';

    private StableEventId() {
    }

    /**
     * The stable id for an event identified by the given parts, for example
     * {@code of("payment", "payment.updated", "1234567890")}.
     *
     * @throws IllegalArgumentException when no part is given or a part is empty
     */
    public static String of(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a stable event id needs at least one part");
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String part = Objects.requireNonNull(parts[i], "event id part " + i);
            if (part.isEmpty()) {
                throw new IllegalArgumentException("event id part " + i + " is empty");
            }
            if (i > 0) {
                name.append(SEPARATOR);
            }
            name.append(part);
        }
        return nameBased(NAMESPACE, name.toString()).toString();
    }

    private static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
