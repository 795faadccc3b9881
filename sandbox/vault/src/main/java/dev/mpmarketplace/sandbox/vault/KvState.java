package dev.mpmarketplace.sandbox.vault;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The state of the KV version 2 engines, shaped like the plugin's own records (mount configuration, per-key
 * {@code KeyMetadata}, per-version {@code VersionMetadata} plus the version's data). Not thread-safe: the
 * {@link KvV2Engine} guards it.
 */
final class KvState {

    private KvState() {
    }

    /** One mounted engine: its configuration ({@code <mount>/config}) and its secrets by path. */
    static final class Mount {
        long maxVersions;
        boolean casRequired;
        long deleteVersionAfterSeconds;
        final TreeMap<String, Secret> secrets = new TreeMap<>();
    }

    /** A secret's metadata and its retained versions. */
    static final class Secret {
        long currentVersion;
        /** Stays 0 until a version is pruned, as in Vault. */
        long oldestVersion;
        Instant createdTime;
        Instant updatedTime;
        long maxVersions;
        boolean casRequired;
        long deleteVersionAfterSeconds;
        /** {@code null} when unset, which Vault renders as JSON {@code null}. */
        Map<String, String> customMetadata;
        final TreeMap<Long, Version> versions = new TreeMap<>();
    }

    /** One version; {@code data} is dropped when the version is destroyed. */
    static final class Version {
        final Instant createdTime;
        Instant deletionTime;
        boolean destroyed;
        ObjectNode data;

        Version(Instant createdTime, Instant deletionTime, boolean destroyed, ObjectNode data) {
            this.createdTime = createdTime;
            this.deletionTime = deletionTime;
            this.destroyed = destroyed;
            this.data = data;
        }

        /** Vault treats a version as deleted once its deletion time has come. */
        boolean isDeleted(Instant now) {
            return deletionTime != null && !deletionTime.isAfter(now);
        }
    }
}
