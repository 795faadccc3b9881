package dev.mpmarketplace.sandbox.vault;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a {@link VaultDevServer} is started.
 *
 * @param host the address to listen on, e.g. {@code 127.0.0.1}
 * @param port the TCP port, {@code 0} for a free one
 * @param rootToken the only token the server accepts
 * @param kvMounts the paths at which a KV version 2 secrets engine is mounted, e.g. {@code secret}
 * @param dataFile where the KV state is kept across restarts; {@code null} keeps it in memory only
 * @param clock the source of every timestamp the server reports
 */
public record VaultDevServerOptions(String host, int port, String rootToken, Set<String> kvMounts, Path dataFile,
        Clock clock) {

    private static final String TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    /** Paths real Vault reserves for its own backends, so no secrets engine can be mounted there. */
    private static final List<String> RESERVED_MOUNTS = List.of("sys", "auth", "cubbyhole", "identity");

    public VaultDevServerOptions {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        Objects.requireNonNull(rootToken, "rootToken");
        if (rootToken.isBlank()) {
            throw new IllegalArgumentException("rootToken must not be blank");
        }
        kvMounts = normalizeMounts(Objects.requireNonNull(kvMounts, "kvMounts"));
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * Listens on {@code 127.0.0.1} on a free port, with a fresh random root token, one KV version 2 mount at
     * {@code secret} (as {@code vault server -dev} has), in memory only, on the system UTC clock.
     */
    public static VaultDevServerOptions defaults() {
        return new VaultDevServerOptions("127.0.0.1", 0, randomRootToken(), Set.of("secret"), null,
                Clock.systemUTC());
    }

    public VaultDevServerOptions withHost(String h) {
        return new VaultDevServerOptions(h, port, rootToken, kvMounts, dataFile, clock);
    }

    public VaultDevServerOptions withPort(int p) {
        return new VaultDevServerOptions(host, p, rootToken, kvMounts, dataFile, clock);
    }

    public VaultDevServerOptions withRootToken(String t) {
        return new VaultDevServerOptions(host, port, t, kvMounts, dataFile, clock);
    }

    public VaultDevServerOptions withKvMounts(Set<String> m) {
        return new VaultDevServerOptions(host, port, rootToken, m, dataFile, clock);
    }

    public VaultDevServerOptions withDataFile(Path f) {
        return new VaultDevServerOptions(host, port, rootToken, kvMounts, f, clock);
    }

    public VaultDevServerOptions withClock(Clock c) {
        return new VaultDevServerOptions(host, port, rootToken, kvMounts, dataFile, c);
    }

    /** Leaves the token out: options end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "VaultDevServerOptions[host=" + host + ", port=" + port + ", rootToken=<redacted>, kvMounts="
                + kvMounts + ", dataFile=" + dataFile + ", clock=" + clock + "]";
    }

    /** A token shaped like the service tokens Vault 1.10+ issues ({@code hvs.} and 24 base62 characters). */
    static String randomRootToken() {
        StringBuilder token = new StringBuilder("hvs.");
        for (int i = 0; i < 24; i++) {
            token.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return token.toString();
    }

    private static Set<String> normalizeMounts(Set<String> mounts) {
        if (mounts.isEmpty()) {
            throw new IllegalArgumentException("at least one KV mount is needed");
        }
        TreeSet<String> normalized = new TreeSet<>();
        for (String raw : mounts) {
            String mount = stripSlashes(Objects.requireNonNull(raw, "KV mount"));
            if (!MOUNT.matcher(mount).matches()) {
                throw new IllegalArgumentException("invalid KV mount path: '" + raw + "'");
            }
            String first = mount.split("/", 2)[0];
            if (RESERVED_MOUNTS.contains(first)) {
                throw new IllegalArgumentException("KV mount path '" + raw + "' is reserved by Vault");
            }
            normalized.add(mount);
        }
        // Vault refuses a mount inside another one ("existing mount at ..."), and routing depends on that.
        for (String outer : normalized) {
            for (String inner : normalized) {
                if (inner.startsWith(outer + "/")) {
                    throw new IllegalArgumentException(
                            "KV mount '" + inner + "' is nested inside mount '" + outer + "'");
                }
            }
        }
        return Collections.unmodifiableSet(normalized);
    }

    private static String stripSlashes(String mount) {
        int start = 0;
        int end = mount.length();
        while (start < end && mount.charAt(start) == '/') {
            start++;
        }
        while (end > start && mount.charAt(end - 1) == '/') {
            end--;
        }
        return mount.substring(start, end);
    }
}
