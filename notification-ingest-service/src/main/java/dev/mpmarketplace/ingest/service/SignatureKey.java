package dev.mpmarketplace.ingest.service;

/**
 * What identifies one verified {@code x-signature}, and what it signed besides the resource: the first 128 bits of its
 * {@code v1} (the key of {@link SignatureReplays}) and its {@code ts} verbatim (part of the CloudEvents id of a
 * delivery without {@code x-request-id}).
 * <p>
 * {@code v1} is the HMAC of {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}, so for a verified signature it
 * stands for the whole (resource, {@code x-request-id}, {@code ts}) triple: keying replays on it is keying them on
 * ({@code x-request-id}, {@code v1}), whatever the case of its hex digits or the spaces around it.
 *
 * @param high the first 64 bits of {@code v1}
 * @param low the next 64 bits
 * @param timestamp the {@code ts} part, verbatim
 */
public record SignatureKey(long high, long low, String timestamp) {

    /**
     * The key of a header the verifier accepted. Parsed as the verifier parses it (reference 6.2): parts split on
     * {@code ,}, each on its first {@code =}, names trimmed and case-insensitive, values trimmed, the last of a name
     * wins.
     *
     * @throws IllegalArgumentException when the header has no {@code ts} or no {@code v1} of at least 32 hex digits,
     *         which a verified header always has
     */
    public static SignatureKey of(String verifiedHeader) {
        String ts = null;
        String v1 = null;
        int start = 0;
        while (start <= verifiedHeader.length()) {
            int end = verifiedHeader.indexOf(',', start);
            if (end < 0) {
                end = verifiedHeader.length();
            }
            int equals = verifiedHeader.indexOf('=', start);
            if (equals >= 0 && equals < end) {
                String name = verifiedHeader.substring(start, equals).trim();
                if (name.equalsIgnoreCase("ts")) {
                    ts = verifiedHeader.substring(equals + 1, end).trim();
                } else if (name.equalsIgnoreCase("v1")) {
                    v1 = verifiedHeader.substring(equals + 1, end).trim();
                }
            }
            start = end + 1;
        }
        if (ts == null || v1 == null || v1.length() < 32) {
            throw new IllegalArgumentException("not a verified x-signature header");
        }
        return new SignatureKey(hex(v1, 0), hex(v1, 16), ts);
    }

    private static long hex(String text, int from) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("not a verified x-signature header");
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
