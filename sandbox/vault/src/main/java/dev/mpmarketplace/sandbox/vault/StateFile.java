package dev.mpmarketplace.sandbox.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps the KV state in one JSON file across restarts. Each save writes a temporary file next to the target and
 * moves it over the target, so a crash leaves either the old or the new state, never half of one.
 */
final class StateFile {

    private static final int FORMAT = 1;

    private final Path file;

    StateFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    Path path() {
        return file;
    }

    /**
     * Reads the state, or nothing if the file does not exist yet.
     *
     * @throws IllegalStateException if the file cannot be read or is not a state file of this server
     */
    Map<String, KvState.Mount> load() {
        Map<String, KvState.Mount> mounts = new TreeMap<>();
        if (!Files.exists(file)) {
            return mounts;
        }
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new InvalidState("the top level is not a JSON object");
            }
            if (root.path("format").asInt(-1) != FORMAT) {
                throw new InvalidState("unknown format " + root.get("format") + ", expected " + FORMAT);
            }
            for (var mount : object(root, "mounts").properties()) {
                mounts.put(mount.getKey(), readMount(mount.getValue()));
            }
            return mounts;
        } catch (JsonProcessingException e) {
            throw corrupt("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (InvalidState e) {
            throw corrupt(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the Vault dev server data file " + file + ": " + e, e);
        }
    }

    /** Writes the state atomically; readable by the owner only, since it holds secrets. */
    void save(Map<String, KvState.Mount> mounts) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        ObjectNode mountsNode = root.putObject("mounts");
        mounts.forEach((name, mount) -> mountsNode.set(name, writeMount(mount)));
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
            try {
                restrictToOwner(temporary);
                Files.write(temporary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Vault dev server data file " + file, e);
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the platform's defaults apply.
        }
    }

    private IllegalStateException corrupt(String reason) {
        return new IllegalStateException("The Vault dev server data file " + file + " is corrupt: " + reason
                + ". Fix or delete it to start with an empty store.");
    }

    private static ObjectNode writeMount(KvState.Mount mount) {
        ObjectNode node = Json.object();
        ObjectNode config = node.putObject("config");
        config.put("max_versions", mount.maxVersions);
        config.put("cas_required", mount.casRequired);
        config.put("delete_version_after_seconds", mount.deleteVersionAfterSeconds);
        ObjectNode secrets = node.putObject("secrets");
        mount.secrets.forEach((key, secret) -> secrets.set(key, writeSecret(secret)));
        return node;
    }

    private static ObjectNode writeSecret(KvState.Secret secret) {
        ObjectNode node = Json.object();
        node.put("current_version", secret.currentVersion);
        node.put("oldest_version", secret.oldestVersion);
        node.put("created_time", instant(secret.createdTime));
        node.put("updated_time", instant(secret.updatedTime));
        node.put("max_versions", secret.maxVersions);
        node.put("cas_required", secret.casRequired);
        node.put("delete_version_after_seconds", secret.deleteVersionAfterSeconds);
        if (secret.customMetadata == null) {
            node.putNull("custom_metadata");
        } else {
            ObjectNode custom = node.putObject("custom_metadata");
            secret.customMetadata.forEach(custom::put);
        }
        ObjectNode versions = node.putObject("versions");
        secret.versions.forEach((number, version) -> {
            ObjectNode entry = versions.putObject(Long.toString(number));
            entry.put("created_time", instant(version.createdTime));
            entry.put("deletion_time", instant(version.deletionTime));
            entry.put("destroyed", version.destroyed);
            entry.set("data", version.data);
        });
        return node;
    }

    private static KvState.Mount readMount(JsonNode node) {
        KvState.Mount mount = new KvState.Mount();
        JsonNode config = object(node, "config");
        mount.maxVersions = number(config, "max_versions");
        mount.casRequired = config.path("cas_required").asBoolean(false);
        mount.deleteVersionAfterSeconds = number(config, "delete_version_after_seconds");
        for (var secret : object(node, "secrets").properties()) {
            mount.secrets.put(secret.getKey(), readSecret(secret.getKey(), secret.getValue()));
        }
        return mount;
    }

    private static KvState.Secret readSecret(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidState("secret '" + key + "' is not a JSON object");
        }
        KvState.Secret secret = new KvState.Secret();
        secret.currentVersion = number(node, "current_version");
        secret.oldestVersion = number(node, "oldest_version");
        secret.createdTime = instant(node, "created_time");
        secret.updatedTime = instant(node, "updated_time");
        secret.maxVersions = number(node, "max_versions");
        secret.casRequired = node.path("cas_required").asBoolean(false);
        secret.deleteVersionAfterSeconds = number(node, "delete_version_after_seconds");
        JsonNode custom = node.get("custom_metadata");
        if (custom != null && custom.isObject()) {
            secret.customMetadata = new TreeMap<>();
            for (var entry : custom.properties()) {
                secret.customMetadata.put(entry.getKey(), entry.getValue().asText());
            }
        }
        for (var entry : object(node, "versions").properties()) {
            long number;
            try {
                number = Long.parseLong(entry.getKey());
            } catch (NumberFormatException e) {
                throw new InvalidState("secret '" + key + "' has a version that is not a number");
            }
            JsonNode version = entry.getValue();
            JsonNode data = version.get("data");
            boolean destroyed = version.path("destroyed").asBoolean(false);
            if (!destroyed && (data == null || !data.isObject())) {
                throw new InvalidState("version " + number + " of secret '" + key + "' has no data");
            }
            secret.versions.put(number, new KvState.Version(instant(version, "created_time"),
                    instant(version, "deletion_time"), destroyed, destroyed ? null : (ObjectNode) data));
        }
        return secret;
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode child = parent.get(field);
        if (child == null || !child.isObject()) {
            throw new InvalidState("'" + field + "' is missing or not a JSON object");
        }
        return child;
    }

    private static long number(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToLong()) {
            throw new InvalidState("'" + field + "' is not a whole number");
        }
        return value.asLong();
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidState("'" + field + "' is not a timestamp");
        }
    }

    /** A structural problem in the file, turned into one clear startup error by {@link #load()}. */
    private static final class InvalidState extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidState(String message) {
            super(message, null, false, false);
        }
    }
}
