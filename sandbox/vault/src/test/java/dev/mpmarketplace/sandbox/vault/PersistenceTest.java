package dev.mpmarketplace.sandbox.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Keeping secrets across restarts in a data file, and refusing to start on a broken one. */
class PersistenceTest {

    @TempDir
    Path dir;

    @Test
    void secretsVersionsAndSettingsSurviveARestart() {
        Path file = dir.resolve("vault-kv.json");
        VaultDevServerOptions options = VaultDevServerOptions.defaults().withDataFile(file);
        JsonNode metadataBefore;
        try (VaultDevServer server = VaultDevServer.start(options)) {
            VaultHttp vault = new VaultHttp(server);
            vault.post("/v1/secret/config", "{\"max_versions\":4}");
            vault.post("/v1/secret/metadata/app/db", "{\"custom_metadata\":{\"owner\":\"payments\"}}");
            vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"one\"}}");
            vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"two\",\"port\":5432}}");
            vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"three\"}}");
            vault.post("/v1/secret/delete/app/db", "{\"versions\":[3]}");
            vault.post("/v1/secret/destroy/app/db", "{\"versions\":[1]}");
            metadataBefore = vault.get("/v1/secret/metadata/app/db").data();
        }

        try (VaultDevServer restarted = VaultDevServer.start(options.withPort(0))) {
            VaultHttp vault = new VaultHttp(restarted);
            assertThat(vault.get("/v1/secret/metadata/app/db").data()).isEqualTo(metadataBefore);
            assertThat(vault.get("/v1/secret/data/app/db?version=2").data().get("data").get("port").asInt())
                    .isEqualTo(5432);
            assertThat(vault.get("/v1/secret/data/app/db").status()).isEqualTo(404);
            assertThat(vault.get("/v1/secret/data/app/db?version=1").data().get("metadata").get("destroyed")
                    .asBoolean()).isTrue();
            assertThat(vault.get("/v1/secret/config").data().get("max_versions").asInt()).isEqualTo(4);
            assertThat(vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":3},\"data\":{\"k\":\"v\"}}")
                    .data().get("version").asInt()).isEqualTo(4);
        }
    }

    @Test
    void everyChangeIsWrittenAtOnceNotOnlyOnClose() throws IOException {
        Path file = dir.resolve("vault-kv.json");
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults().withDataFile(file))) {
            new VaultHttp(server).post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"one\"}}");

            Path copy = Files.copy(file, dir.resolve("copy.json"));
            try (VaultDevServer reader = VaultDevServer.start(VaultDevServerOptions.defaults().withDataFile(copy))) {
                assertThat(new VaultHttp(reader).get("/v1/secret/data/app/db").data().get("data").get("password")
                        .asText()).isEqualTo("one");
            }
        }
    }

    @Test
    void theDataFileIsReplacedWholeAndReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("vault-kv.json");
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults().withDataFile(file))) {
            VaultHttp vault = new VaultHttp(server);
            for (int i = 0; i < 20; i++) {
                vault.post("/v1/secret/data/app/" + i, "{\"data\":{\"i\":" + i + "}}");
            }
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(VaultHttp.MAPPER.readTree(file.toFile()).get("mounts").get("secret").get("secrets").size())
                .isEqualTo(20);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void aMissingDataFileStartsEmptyAndIsCreatedOnTheFirstWrite() {
        Path file = dir.resolve("nested/dir/vault-kv.json");
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults().withDataFile(file))) {
            VaultHttp vault = new VaultHttp(server);
            assertThat(vault.list("/v1/secret/metadata").status()).isEqualTo(404);

            vault.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}");

            assertThat(file).exists();
        }
    }

    @Test
    void withoutADataFileARestartStartsEmpty() {
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults())) {
            new VaultHttp(server).post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}");
        }
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults())) {
            assertThat(new VaultHttp(server).get("/v1/secret/data/a").status()).isEqualTo(404);
        }
    }

    @Test
    void secretsOfAMountLeftOutOnARestartAreKeptForLater() {
        Path file = dir.resolve("vault-kv.json");
        VaultDevServerOptions both = VaultDevServerOptions.defaults().withDataFile(file)
                .withKvMounts(Set.of("secret", "kv"));
        try (VaultDevServer server = VaultDevServer.start(both)) {
            new VaultHttp(server).post("/v1/kv/data/a", "{\"data\":{\"k\":\"kept\"}}");
        }
        try (VaultDevServer server = VaultDevServer.start(both.withKvMounts(Set.of("secret")))) {
            VaultHttp vault = new VaultHttp(server);
            assertThat(vault.get("/v1/kv/data/a").status()).isEqualTo(404);
            vault.post("/v1/secret/data/b", "{\"data\":{\"k\":\"v\"}}");
        }
        try (VaultDevServer server = VaultDevServer.start(both)) {
            assertThat(new VaultHttp(server).get("/v1/kv/data/a").data().get("data").get("k").asText())
                    .isEqualTo("kept");
        }
    }

    @Test
    void aCorruptDataFileIsAClearStartupError() throws IOException {
        Path file = Files.writeString(dir.resolve("vault-kv.json"), "{\"format\":1,\"mounts\":{");

        assertThatThrownBy(() -> VaultDevServer.start(VaultDevServerOptions.defaults().withDataFile(file)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");
    }

    @Test
    void aDataFileOfAnotherShapeIsAClearStartupError() throws IOException {
        Path file = Files.writeString(dir.resolve("vault-kv.json"), "{\"secret/a\":\"v\"}");

        assertThatThrownBy(() -> VaultDevServer.start(VaultDevServerOptions.defaults().withDataFile(file)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("format");
    }
}
