package dev.mpmarketplace.sandbox.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The KV version 2 secrets engine, following HashiCorp's {@code vault-plugin-secrets-kv}: versioned writes with
 * check-and-set, soft delete, undelete, destroy, per-key and per-mount settings, listing and JSON merge patch.
 * <p>
 * One lock guards all mounts, which makes every check-and-set atomic and keeps the persisted file in step with
 * memory (it is written under the same lock, after each change).
 */
final class KvV2Engine {

    /** Versions kept per key when neither the key nor the mount sets {@code max_versions}. */
    static final long DEFAULT_MAX_VERSIONS = 10;

    private static final int MAX_CUSTOM_METADATA_KEYS = 64;
    private static final int MAX_CUSTOM_METADATA_KEY_LENGTH = 128;
    private static final int MAX_CUSTOM_METADATA_VALUE_LENGTH = 512;
    private static final String CUSTOM_METADATA_ERROR = "custom_metadata validation failed";
    private static final String CAS_REQUIRED_IGNORED = "\"cas_required\" set to false, but is mandated by backend "
            + "config. This value will be ignored.";

    private final Object lock = new Object();
    private final Clock clock;
    private final Map<String, KvState.Mount> mounts;
    private final Consumer<Map<String, KvState.Mount>> persister;

    /**
     * @param loaded state read from the data file; mounts in it that are not served are kept so that a restart
     *        with fewer mounts does not lose them
     * @param persister called under the lock after every change
     */
    KvV2Engine(Clock clock, Set<String> servedMounts, Map<String, KvState.Mount> loaded,
            Consumer<Map<String, KvState.Mount>> persister) {
        this.clock = clock;
        this.mounts = new TreeMap<>(loaded);
        for (String mount : servedMounts) {
            this.mounts.computeIfAbsent(mount, name -> new KvState.Mount());
        }
        this.persister = persister;
    }

    /** Writes the current state again, e.g. on shutdown. */
    void flush() {
        synchronized (lock) {
            persister.accept(mounts);
        }
    }

    /**
     * Serves one request on a mount.
     *
     * @param path the request path below the mount, e.g. {@code data/app/db} (with a trailing slash for lists)
     * @param body the request's JSON object; empty for reads
     * @param query the query parameters, which Vault treats as request data on reads
     */
    Reply handle(String mountName, Operation op, String path, ObjectNode body, Map<String, String> query) {
        KvState.Mount mount = mounts.get(mountName);
        if (path.equals("config")) {
            return switch (op) {
                case READ -> readConfig(mount);
                case UPDATE -> writeConfig(mount, body);
                default -> throw VaultApiException.unsupportedOperation();
            };
        }
        if (path.startsWith("data/")) {
            String key = keyWithoutTrailingSlash(path, "data/");
            return switch (op) {
                case READ -> readData(mount, key, query);
                case UPDATE -> writeData(mount, key, body, false);
                case PATCH -> writeData(mount, key, body, true);
                case DELETE -> deleteLatest(mount, key);
                default -> throw VaultApiException.unsupportedOperation();
            };
        }
        if (path.startsWith("metadata/")) {
            String key = path.substring("metadata/".length());
            return switch (op) {
                case READ -> readMetadata(mount, key);
                case LIST -> list(mount, key);
                case UPDATE -> writeMetadata(mount, key, body);
                case PATCH -> patchMetadata(mount, key, body);
                case DELETE -> deleteMetadata(mount, key);
            };
        }
        if (path.startsWith("subkeys/")) {
            String key = keyWithoutTrailingSlash(path, "subkeys/");
            if (op != Operation.READ) {
                throw VaultApiException.unsupportedOperation();
            }
            return readSubkeys(mount, key, query);
        }
        for (String action : List.of("delete/", "undelete/", "destroy/")) {
            if (path.startsWith(action)) {
                if (op != Operation.UPDATE) {
                    throw VaultApiException.unsupportedOperation();
                }
                return changeVersions(mount, action, path.substring(action.length()), body);
            }
        }
        throw VaultApiException.unsupportedPath();
    }

    /** The data and subkeys paths only match keys that are not empty and do not end in a slash. */
    private static String keyWithoutTrailingSlash(String path, String prefix) {
        String key = path.substring(prefix.length());
        if (key.isEmpty() || key.endsWith("/")) {
            throw VaultApiException.unsupportedPath();
        }
        return key;
    }

    private Reply readConfig(KvState.Mount mount) {
        synchronized (lock) {
            ObjectNode data = Json.object();
            data.put("cas_required", mount.casRequired);
            data.put("delete_version_after", GoFormats.duration(mount.deleteVersionAfterSeconds));
            data.put("max_versions", mount.maxVersions);
            return Reply.ok(data);
        }
    }

    private Reply writeConfig(KvState.Mount mount, ObjectNode body) {
        Long maxVersions = optionalMaxVersions(body);
        Boolean casRequired = optionalCasRequired(body);
        Long deleteVersionAfter = optionalDeleteVersionAfter(body);
        synchronized (lock) {
            if (maxVersions != null) {
                mount.maxVersions = maxVersions;
            }
            if (casRequired != null) {
                mount.casRequired = casRequired;
            }
            if (deleteVersionAfter != null) {
                mount.deleteVersionAfterSeconds = deleteVersionAfter;
            }
            persister.accept(mounts);
        }
        return Reply.noContent();
    }

    private Reply readData(KvState.Mount mount, String key, Map<String, String> query) {
        long requested = queryInt(query, "version");
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.get(key);
            if (secret == null) {
                throw VaultApiException.notFound();
            }
            long number = requested > 0 ? requested : secret.currentVersion;
            KvState.Version version = secret.versions.get(number);
            if (version == null) {
                throw VaultApiException.notFound();
            }
            ObjectNode result = Json.object();
            result.putNull("data");
            result.set("metadata", versionMetadata(secret, number, version));
            // A deleted or destroyed version answers 404 but still tells its metadata, as Vault does.
            if (version.isDeleted(clock.instant()) || version.destroyed) {
                return Reply.withStatus(404, result);
            }
            result.set("data", version.data.deepCopy());
            return Reply.ok(result);
        }
    }

    private Reply writeData(KvState.Mount mount, String key, ObjectNode body, boolean patch) {
        JsonNode data = body.get("data");
        if (data == null || data.isNull()) {
            throw VaultApiException.badRequest("no data provided");
        }
        if (!data.isObject()) {
            throw notAMap("data", data);
        }
        JsonNode options = body.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw notAMap("options", options);
        }
        Long cas = checkAndSetOption(options);
        synchronized (lock) {
            KvState.Secret existing = mount.secrets.get(key);
            if (patch && existing == null) {
                throw VaultApiException.notFound();
            }
            KvState.Secret secret = existing != null ? existing : new KvState.Secret();
            validateCheckAndSet(cas, mount, secret);
            Instant now = clock.instant();
            ObjectNode newData;
            if (patch) {
                KvState.Version current = secret.versions.get(secret.currentVersion);
                if (current == null) {
                    throw VaultApiException.notFound();
                }
                if (current.isDeleted(now) || current.destroyed) {
                    return Reply.withStatus(404, versionMetadata(secret, secret.currentVersion, current));
                }
                newData = (ObjectNode) Json.mergePatch(current.data, data);
            } else {
                newData = data.deepCopy();
            }
            KvState.Version version = new KvState.Version(now, deletionTime(now, mount, secret), false, newData);
            addVersion(secret, version, mount);
            if (existing == null) {
                mount.secrets.put(key, secret);
            }
            persister.accept(mounts);
            return Reply.ok(versionMetadata(secret, secret.currentVersion, version));
        }
    }

    /** The {@code options.cas} value; {@code null} when absent, which is different from {@code 0}. */
    private static Long checkAndSetOption(JsonNode options) {
        if (options == null || options.isNull() || !options.has("cas")) {
            return null;
        }
        JsonNode cas = options.get("cas");
        try {
            return GoFormats.weakInt(cas, "cas");
        } catch (VaultApiException e) {
            throw VaultApiException.badRequest("error parsing check-and-set parameter");
        }
    }

    private static void validateCheckAndSet(Long cas, KvState.Mount mount, KvState.Secret secret) {
        if (cas != null) {
            if (cas != secret.currentVersion) {
                throw VaultApiException.badRequest("check-and-set parameter did not match the current version");
            }
        } else if (mount.casRequired || secret.casRequired) {
            throw VaultApiException.badRequest("check-and-set parameter required for this call");
        }
    }

    /**
     * Appends a version and prunes the oldest ones beyond the larger of the key's and the mount's
     * {@code max_versions} (Vault's {@code KeyMetadata.AddVersion}).
     */
    private static void addVersion(KvState.Secret secret, KvState.Version version, KvState.Mount mount) {
        secret.currentVersion++;
        secret.versions.put(secret.currentVersion, version);
        secret.updatedTime = version.createdTime;
        if (secret.createdTime == null) {
            secret.createdTime = version.createdTime;
        }
        long configured = Math.max(secret.maxVersions, mount.maxVersions);
        long maxVersions = configured > 0 ? configured : DEFAULT_MAX_VERSIONS;
        if (secret.currentVersion - secret.oldestVersion >= maxVersions) {
            long lastToDelete = secret.currentVersion - maxVersions;
            secret.versions.headMap(lastToDelete, true).clear();
            secret.oldestVersion = lastToDelete + 1;
        }
    }

    /** When a version written now gets deleted automatically; the shorter non-zero setting wins. */
    private static Instant deletionTime(Instant now, KvState.Mount mount, KvState.Secret secret) {
        long mountAfter = mount.deleteVersionAfterSeconds;
        long keyAfter = secret.deleteVersionAfterSeconds;
        long after;
        if (mountAfter > 0 && keyAfter > 0) {
            after = Math.min(mountAfter, keyAfter);
        } else {
            after = Math.max(mountAfter, keyAfter);
        }
        return after > 0 ? now.plusSeconds(after) : null;
    }

    private Reply deleteLatest(KvState.Mount mount, String key) {
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.get(key);
            if (secret == null) {
                return Reply.noContent();
            }
            KvState.Version latest = secret.versions.get(secret.currentVersion);
            Instant now = clock.instant();
            if (latest == null || latest.destroyed || latest.isDeleted(now)) {
                return Reply.noContent();
            }
            latest.deletionTime = now;
            persister.accept(mounts);
            return Reply.noContent();
        }
    }

    private Reply changeVersions(KvState.Mount mount, String action, String key, ObjectNode body) {
        List<Long> numbers = GoFormats.commaIntSlice(body.get("versions"), "versions");
        if (numbers.isEmpty()) {
            // Vault's own wording differs in case between the endpoints.
            throw VaultApiException.badRequest(
                    action.equals("destroy/") ? "no version number provided" : "No version number provided");
        }
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.get(key);
            if (secret == null) {
                return Reply.noContent();
            }
            Instant now = clock.instant();
            for (long number : numbers) {
                KvState.Version version = secret.versions.get(number);
                if (version == null || version.destroyed) {
                    continue;
                }
                switch (action) {
                    case "delete/" -> {
                        if (!version.isDeleted(now)) {
                            version.deletionTime = now;
                        }
                    }
                    case "undelete/" -> version.deletionTime = deletionTime(now, mount, secret);
                    default -> {
                        version.destroyed = true;
                        version.data = null;
                    }
                }
            }
            persister.accept(mounts);
            return Reply.noContent();
        }
    }

    private Reply readMetadata(KvState.Mount mount, String key) {
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.get(key);
            if (secret == null) {
                throw VaultApiException.notFound();
            }
            ObjectNode versions = Json.object();
            secret.versions.forEach((number, version) -> {
                ObjectNode entry = versions.putObject(Long.toString(number));
                entry.put("created_time", GoFormats.timestamp(version.createdTime));
                entry.put("deletion_time", GoFormats.timestamp(version.deletionTime));
                entry.put("destroyed", version.destroyed);
            });
            ObjectNode data = Json.object();
            data.put("cas_required", secret.casRequired);
            data.put("created_time", GoFormats.timestamp(secret.createdTime));
            data.put("current_version", secret.currentVersion);
            data.set("custom_metadata", customMetadataNode(secret));
            data.put("delete_version_after", GoFormats.duration(secret.deleteVersionAfterSeconds));
            data.put("max_versions", secret.maxVersions);
            data.put("oldest_version", secret.oldestVersion);
            data.put("updated_time", GoFormats.timestamp(secret.updatedTime));
            data.set("versions", versions);
            return Reply.ok(data);
        }
    }

    /** The direct children of a folder: keys, and sub-folders with a trailing slash; 404 when there are none. */
    private Reply list(KvState.Mount mount, String folder) {
        TreeSet<String> children = new TreeSet<>();
        synchronized (lock) {
            for (String key : mount.secrets.tailMap(folder, true).keySet()) {
                if (!key.startsWith(folder)) {
                    break;
                }
                String rest = key.substring(folder.length());
                int slash = rest.indexOf('/');
                String child = slash >= 0 ? rest.substring(0, slash + 1) : rest;
                if (!child.isEmpty()) {
                    children.add(child);
                }
            }
        }
        if (children.isEmpty()) {
            throw VaultApiException.notFound();
        }
        ObjectNode data = Json.object();
        ArrayNode keys = data.putArray("keys");
        children.forEach(keys::add);
        return Reply.ok(data);
    }

    private Reply writeMetadata(KvState.Mount mount, String key, ObjectNode body) {
        if (key.isEmpty()) {
            throw VaultApiException.badRequest("missing path");
        }
        Long maxVersions = optionalMaxVersions(body);
        Boolean casRequired = optionalCasRequired(body);
        Long deleteVersionAfter = optionalDeleteVersionAfter(body);
        Map<String, String> customMetadata = present(body, "custom_metadata")
                ? customMetadata(body.get("custom_metadata"), false)
                : null;
        if (maxVersions == null && casRequired == null && deleteVersionAfter == null && customMetadata == null) {
            return Reply.noContent();
        }
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.computeIfAbsent(key, k -> {
                KvState.Secret created = new KvState.Secret();
                created.createdTime = clock.instant();
                created.updatedTime = created.createdTime;
                return created;
            });
            if (maxVersions != null) {
                secret.maxVersions = maxVersions;
            }
            if (casRequired != null) {
                secret.casRequired = casRequired;
            }
            if (deleteVersionAfter != null) {
                secret.deleteVersionAfterSeconds = deleteVersionAfter;
            }
            if (customMetadata != null) {
                secret.customMetadata = customMetadata.isEmpty() ? null : customMetadata;
            }
            persister.accept(mounts);
            return casRequiredWarning(mount, casRequired);
        }
    }

    private Reply patchMetadata(KvState.Mount mount, String key, ObjectNode body) {
        if (key.isEmpty()) {
            throw VaultApiException.badRequest("missing path");
        }
        Long maxVersions = optionalMaxVersions(body);
        Boolean casRequired = optionalCasRequired(body);
        Long deleteVersionAfter = optionalDeleteVersionAfter(body);
        JsonNode customPatch = body.get("custom_metadata");
        if (customPatch != null && !customPatch.isNull()) {
            customMetadata(customPatch, true);
        }
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.get(key);
            if (secret == null) {
                throw VaultApiException.notFound();
            }
            // A JSON merge patch: a field set to null goes back to its default.
            if (body.has("max_versions")) {
                secret.maxVersions = maxVersions != null ? maxVersions : 0;
            }
            if (body.has("cas_required")) {
                secret.casRequired = casRequired != null && casRequired;
            }
            if (body.has("delete_version_after")) {
                secret.deleteVersionAfterSeconds = deleteVersionAfter != null ? deleteVersionAfter : 0;
            }
            if (body.has("custom_metadata")) {
                secret.customMetadata = patchCustomMetadata(secret.customMetadata, customPatch);
            }
            persister.accept(mounts);
            return casRequiredWarning(mount, casRequired);
        }
    }

    private static Map<String, String> patchCustomMetadata(Map<String, String> current, JsonNode patch) {
        if (patch == null || patch.isNull()) {
            return null;
        }
        Map<String, String> patched = current == null ? new TreeMap<>() : new TreeMap<>(current);
        for (var field : patch.properties()) {
            if (field.getValue().isNull()) {
                patched.remove(field.getKey());
            } else {
                patched.put(field.getKey(), weakString(field.getValue(), field.getKey()));
            }
        }
        return patched.isEmpty() ? null : patched;
    }

    private static Reply casRequiredWarning(KvState.Mount mount, Boolean casRequired) {
        if (casRequired != null && !casRequired && mount.casRequired) {
            return Reply.okWithWarnings(List.of(CAS_REQUIRED_IGNORED));
        }
        return Reply.noContent();
    }

    private Reply deleteMetadata(KvState.Mount mount, String key) {
        synchronized (lock) {
            if (mount.secrets.remove(key) != null) {
                persister.accept(mounts);
            }
        }
        return Reply.noContent();
    }

    private Reply readSubkeys(KvState.Mount mount, String key, Map<String, String> query) {
        long requested = queryInt(query, "version");
        long depth = queryInt(query, "depth");
        if (depth < 0) {
            throw VaultApiException.badRequest("depth must be a non-negative integer");
        }
        synchronized (lock) {
            KvState.Secret secret = mount.secrets.get(key);
            if (secret == null) {
                throw VaultApiException.notFound();
            }
            long number = requested > 0 ? requested : secret.currentVersion;
            KvState.Version version = secret.versions.get(number);
            if (version == null) {
                throw VaultApiException.notFound();
            }
            ObjectNode result = Json.object();
            result.set("metadata", versionMetadata(secret, number, version));
            result.putNull("subkeys");
            if (version.isDeleted(clock.instant()) || version.destroyed) {
                return Reply.withStatus(404, result);
            }
            result.set("subkeys", subkeys(version.data, depth, 1));
            return Reply.ok(result);
        }
    }

    /** The data's structure with every leaf replaced by {@code null}, down to {@code depth} levels (0 = all). */
    private static ObjectNode subkeys(JsonNode data, long depth, long level) {
        ObjectNode result = Json.object();
        for (var field : data.properties()) {
            JsonNode value = field.getValue();
            if (value.isObject() && (depth == 0 || level < depth)) {
                result.set(field.getKey(), subkeys(value, depth, level + 1));
            } else {
                result.putNull(field.getKey());
            }
        }
        return result;
    }

    /** The metadata block Vault returns with a version: on write, on read, and in 404s of deleted versions. */
    private static ObjectNode versionMetadata(KvState.Secret secret, long number, KvState.Version version) {
        ObjectNode metadata = Json.object();
        metadata.put("created_time", GoFormats.timestamp(version.createdTime));
        metadata.set("custom_metadata", customMetadataNode(secret));
        metadata.put("deletion_time", GoFormats.timestamp(version.deletionTime));
        metadata.put("destroyed", version.destroyed);
        metadata.put("version", number);
        return metadata;
    }

    private static JsonNode customMetadataNode(KvState.Secret secret) {
        if (secret.customMetadata == null) {
            return Json.MAPPER.nullNode();
        }
        ObjectNode node = Json.object();
        secret.customMetadata.forEach(node::put);
        return node;
    }

    /** Vault reads query parameters as request fields, with the same weak integer decoding. */
    private static long queryInt(Map<String, String> query, String name) {
        String value = query.get(name);
        return value == null ? 0 : GoFormats.weakInt(TextNode.valueOf(value), name);
    }

    private static boolean present(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }

    private static Boolean optionalCasRequired(ObjectNode body) {
        return present(body, "cas_required") ? GoFormats.weakBool(body.get("cas_required"), "cas_required") : null;
    }

    private static Long optionalMaxVersions(ObjectNode body) {
        if (!present(body, "max_versions")) {
            return null;
        }
        long value = GoFormats.weakInt(body.get("max_versions"), "max_versions");
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw VaultApiException.badRequest("max_versions must be between 0 and 4294967295");
        }
        return value;
    }

    private static Long optionalDeleteVersionAfter(ObjectNode body) {
        if (!present(body, "delete_version_after")) {
            return null;
        }
        long seconds = GoFormats.durationSeconds(body.get("delete_version_after"), "delete_version_after");
        if (seconds < 0) {
            throw VaultApiException.badRequest("delete_version_after cannot be negative");
        }
        return seconds;
    }

    /**
     * Reads and validates {@code custom_metadata} with Vault's limits; {@code forPatch} skips the nulls that a
     * merge patch uses to remove keys.
     */
    private static Map<String, String> customMetadata(JsonNode raw, boolean forPatch) {
        if (!raw.isObject()) {
            throw notAMap("custom_metadata", raw);
        }
        Map<String, String> values = new TreeMap<>();
        for (var field : raw.properties()) {
            if (forPatch && field.getValue().isNull()) {
                continue;
            }
            values.put(field.getKey(), weakString(field.getValue(), field.getKey()));
        }
        if (values.size() > MAX_CUSTOM_METADATA_KEYS) {
            throw VaultApiException.badRequest(VaultApiException.multiError(List.of(CUSTOM_METADATA_ERROR
                    + ": payload must contain at most " + MAX_CUSTOM_METADATA_KEYS + " keys, provided "
                    + values.size())));
        }
        List<String> problems = new ArrayList<>();
        values.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_CUSTOM_METADATA_KEY_LENGTH) {
                problems.add(CUSTOM_METADATA_ERROR + ": length of key \"" + key + "\" is " + key.length()
                        + " but must be 0 < len(key) <= " + MAX_CUSTOM_METADATA_KEY_LENGTH);
            }
            if (value.isEmpty() || value.length() > MAX_CUSTOM_METADATA_VALUE_LENGTH) {
                problems.add(CUSTOM_METADATA_ERROR + ": length of value for key \"" + key + "\" is "
                        + value.length() + " but must be 0 < len(value) <= " + MAX_CUSTOM_METADATA_VALUE_LENGTH);
            }
        });
        if (!problems.isEmpty()) {
            throw VaultApiException.badRequest(VaultApiException.multiError(problems));
        }
        return values;
    }

    /** Custom metadata values are strings; Vault weakly converts numbers and booleans. */
    private static String weakString(JsonNode value, String key) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "1" : "0";
        }
        if (value.isNumber()) {
            return value.asText();
        }
        if (value.isNull()) {
            return "";
        }
        throw VaultApiException.badRequest(CUSTOM_METADATA_ERROR + ": value for key \"" + key
                + "\" must be a string");
    }

    private static VaultApiException notAMap(String field, JsonNode value) {
        return VaultApiException.badRequest("error converting input "
                + value.getNodeType().name().toLowerCase(Locale.ROOT) + " for field \"" + field + "\": expected a map");
    }
}
