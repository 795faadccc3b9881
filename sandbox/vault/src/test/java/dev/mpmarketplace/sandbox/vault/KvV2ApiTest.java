package dev.mpmarketplace.sandbox.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.vault.VaultHttp.Result;

/**
 * The KV version 2 secrets engine as Vault's API documentation describes it ("KV - Secrets Engines - Version 2 -
 * HTTP API"): status codes and bodies of each endpoint, check-and-set, soft delete, undelete, destroy, metadata,
 * listing and version pruning.
 */
class KvV2ApiTest {

    private static final Instant START = Instant.parse("2018-03-22T02:24:06.945319214Z");

    private MutableClock clock;
    private VaultDevServer server;
    private VaultHttp vault;

    @BeforeEach
    void startServer() {
        clock = new MutableClock(START);
        server = VaultDevServer.start(VaultDevServerOptions.defaults().withClock(clock));
        vault = new VaultHttp(server);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void writeAnswersTheNewVersionsMetadata() {
        Result reply = vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"s3cr3t\"}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode json = reply.json();
        assertThat(json.get("request_id").asText()).isNotEmpty();
        assertThat(json.get("lease_id").asText()).isEmpty();
        assertThat(json.get("renewable").asBoolean()).isFalse();
        assertThat(json.get("lease_duration").asInt()).isZero();
        assertThat(json.get("wrap_info").isNull()).isTrue();
        assertThat(json.get("warnings").isNull()).isTrue();
        assertThat(json.get("auth").isNull()).isTrue();
        assertThat(json.get("data")).isEqualTo(VaultHttp.MAPPER.createObjectNode()
                .put("created_time", "2018-03-22T02:24:06.945319214Z")
                .putNull("custom_metadata")
                .put("deletion_time", "")
                .put("destroyed", false)
                .put("version", 1));
    }

    @Test
    void putWritesLikePost() {
        assertThat(vault.send("PUT", "/v1/secret/data/app/db", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);

        assertThat(vault.get("/v1/secret/data/app/db").data().get("data").get("k").asText()).isEqualTo("v");
    }

    @Test
    void readAnswersTheLatestDataAndItsMetadata() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"one\"}}");
        clock.advance(Duration.ofSeconds(1));
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"two\",\"nested\":{\"port\":5432}}}");

        Result reply = vault.get("/v1/secret/data/app/db");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("data")).isEqualTo(json("{\"password\":\"two\",\"nested\":{\"port\":5432}}"));
        assertThat(data.get("metadata")).isEqualTo(json("{\"created_time\":\"2018-03-22T02:24:07.945319214Z\","
                + "\"custom_metadata\":null,\"deletion_time\":\"\",\"destroyed\":false,\"version\":2}"));
    }

    @Test
    void olderVersionsStayReadableWithTheVersionParameter() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"one\"}}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"two\"}}");

        Result first = vault.get("/v1/secret/data/app/db?version=1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().get("data").get("password").asText()).isEqualTo("one");
        assertThat(first.data().get("metadata").get("version").asInt()).isEqualTo(1);
        assertThat(vault.get("/v1/secret/data/app/db?version=0").data().get("data").get("password").asText())
                .isEqualTo("two");
    }

    @Test
    void readingAnUnknownSecretOrVersionIs404WithAnEmptyErrorsArray() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"password\":\"one\"}}");

        for (String path : List.of("/v1/secret/data/app/none", "/v1/secret/data/app/db?version=7")) {
            Result reply = vault.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(reply.json()).isEqualTo(json("{\"errors\":[]}"));
        }
    }

    @Test
    void writeWithoutDataIs400() {
        Result reply = vault.post("/v1/secret/data/app/db", "{\"options\":{}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()).isEqualTo(json("{\"errors\":[\"no data provided\"]}"));
    }

    @Test
    void casZeroCreatesASecretThatDoesNotExistYet() {
        Result reply = vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":0},\"data\":{\"k\":\"v\"}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void casZeroOnAnExistingSecretIsRejected() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");

        Result reply = vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":0},\"data\":{\"k\":\"v2\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json())
                .isEqualTo(json("{\"errors\":[\"check-and-set parameter did not match the current version\"]}"));
        assertThat(vault.get("/v1/secret/data/app/db").data().get("data").get("k").asText()).isEqualTo("v1");
    }

    @Test
    void casMatchingTheCurrentVersionWritesTheNextOneAndAStaleCasIsRejected() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v2\"}}");

        Result matching = vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":2},\"data\":{\"k\":\"v3\"}}");
        Result stale = vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":2},\"data\":{\"k\":\"v4\"}}");

        assertThat(matching.status()).isEqualTo(200);
        assertThat(matching.data().get("version").asInt()).isEqualTo(3);
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.json().get("errors").get(0).asText())
                .isEqualTo("check-and-set parameter did not match the current version");
        assertThat(vault.get("/v1/secret/data/app/db").data().get("data").get("k").asText()).isEqualTo("v3");
    }

    @Test
    void casRequiredOnTheKeyRejectsWritesWithoutCas() {
        assertThat(vault.post("/v1/secret/metadata/app/db", "{\"cas_required\":true}").status()).isEqualTo(204);

        Result withoutCas = vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v\"}}");
        Result withCas = vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":0},\"data\":{\"k\":\"v\"}}");

        assertThat(withoutCas.status()).isEqualTo(400);
        assertThat(withoutCas.json())
                .isEqualTo(json("{\"errors\":[\"check-and-set parameter required for this call\"]}"));
        assertThat(withCas.status()).isEqualTo(200);
    }

    @Test
    void casRequiredOnTheMountRejectsWritesWithoutCas() {
        assertThat(vault.post("/v1/secret/config", "{\"cas_required\":true}").status()).isEqualTo(204);

        Result reply = vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v\"}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(vault.get("/v1/secret/config").data())
                .isEqualTo(json("{\"cas_required\":true,\"delete_version_after\":\"0s\",\"max_versions\":0}"));
    }

    @Test
    void concurrentWritesWithTheSameCasHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String path = "/v1/secret/data/race/" + round;
                vault.post(path, "{\"data\":{\"writer\":\"initial\"}}");
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Result>> attempts = new ArrayList<>();
                for (int writer = 0; writer < 8; writer++) {
                    String body = "{\"options\":{\"cas\":1},\"data\":{\"writer\":\"" + writer + "\"}}";
                    Callable<Result> attempt = () -> {
                        go.await();
                        return vault.post(path, body);
                    };
                    attempts.add(pool.submit(attempt));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Result> attempt : attempts) {
                    statuses.add(attempt.get().status());
                }

                assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
                assertThat(statuses).filteredOn(status -> status == 400).hasSize(7);
                assertThat(vault.get(path).data().get("metadata").get("version").asInt()).isEqualTo(2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingTheLatestVersionHidesItsDataButKeepsItsMetadata() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v2\"}}");
        clock.advance(Duration.ofSeconds(5));

        Result deleted = vault.delete("/v1/secret/data/app/db");
        Result read = vault.get("/v1/secret/data/app/db");

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.contentType()).isEqualTo("application/json");
        assertThat(read.data().get("data").isNull()).isTrue();
        assertThat(read.data().get("metadata")).isEqualTo(json("{\"created_time\":\"2018-03-22T02:24:06.945319214Z\","
                + "\"custom_metadata\":null,\"deletion_time\":\"2018-03-22T02:24:11.945319214Z\","
                + "\"destroyed\":false,\"version\":2}"));
        assertThat(vault.get("/v1/secret/data/app/db?version=1").status()).isEqualTo(200);
    }

    @Test
    void deletedVersionsCanBeUndeleted() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v2\"}}");

        assertThat(vault.post("/v1/secret/delete/app/db", "{\"versions\":[1,2]}").status()).isEqualTo(204);
        assertThat(vault.get("/v1/secret/data/app/db?version=1").status()).isEqualTo(404);
        assertThat(vault.get("/v1/secret/data/app/db?version=2").status()).isEqualTo(404);

        assertThat(vault.post("/v1/secret/undelete/app/db", "{\"versions\":[1]}").status()).isEqualTo(204);

        Result first = vault.get("/v1/secret/data/app/db?version=1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.data().get("data").get("k").asText()).isEqualTo("v1");
        assertThat(first.data().get("metadata").get("deletion_time").asText()).isEmpty();
        assertThat(vault.get("/v1/secret/data/app/db").status()).isEqualTo(404);
    }

    @Test
    void destroyedVersionsAreGoneForGoodAndCannotBeUndeleted() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v2\"}}");

        assertThat(vault.post("/v1/secret/destroy/app/db", "{\"versions\":[2]}").status()).isEqualTo(204);
        assertThat(vault.post("/v1/secret/undelete/app/db", "{\"versions\":[2]}").status()).isEqualTo(204);

        Result read = vault.get("/v1/secret/data/app/db");
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.data().get("data").isNull()).isTrue();
        assertThat(read.data().get("metadata").get("destroyed").asBoolean()).isTrue();
        assertThat(read.data().get("metadata").get("version").asInt()).isEqualTo(2);
        assertThat(vault.get("/v1/secret/metadata/app/db").data().get("versions").get("2").get("destroyed")
                .asBoolean()).isTrue();
        assertThat(vault.get("/v1/secret/data/app/db?version=1").status()).isEqualTo(200);
    }

    @Test
    void versionChangesWithoutVersionsAre400() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");

        assertThat(vault.post("/v1/secret/delete/app/db", "{}").json())
                .isEqualTo(json("{\"errors\":[\"No version number provided\"]}"));
        assertThat(vault.post("/v1/secret/undelete/app/db", "{\"versions\":[]}").status()).isEqualTo(400);
        assertThat(vault.post("/v1/secret/destroy/app/db", "{}").json())
                .isEqualTo(json("{\"errors\":[\"no version number provided\"]}"));
    }

    @Test
    void metadataTellsEveryVersionAndTheKeySettings() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");
        clock.advance(Duration.ofMillis(500));
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v2\"}}");
        vault.delete("/v1/secret/data/app/db");

        Result reply = vault.get("/v1/secret/metadata/app/db");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data()).isEqualTo(json("{\"cas_required\":false,"
                + "\"created_time\":\"2018-03-22T02:24:06.945319214Z\",\"current_version\":2,"
                + "\"custom_metadata\":null,\"delete_version_after\":\"0s\",\"max_versions\":0,"
                + "\"oldest_version\":0,\"updated_time\":\"2018-03-22T02:24:07.445319214Z\",\"versions\":{"
                + "\"1\":{\"created_time\":\"2018-03-22T02:24:06.945319214Z\",\"deletion_time\":\"\","
                + "\"destroyed\":false},"
                + "\"2\":{\"created_time\":\"2018-03-22T02:24:07.445319214Z\","
                + "\"deletion_time\":\"2018-03-22T02:24:07.445319214Z\",\"destroyed\":false}}}"));
    }

    @Test
    void metadataOfAnUnknownSecretIs404() {
        Result reply = vault.get("/v1/secret/metadata/app/none");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json()).isEqualTo(json("{\"errors\":[]}"));
    }

    @Test
    void metadataUpdateSetsTheKeySettingsAndCustomMetadata() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");

        Result update = vault.post("/v1/secret/metadata/app/db", "{\"max_versions\":5,\"cas_required\":false,"
                + "\"delete_version_after\":\"3h25m19s\",\"custom_metadata\":{\"owner\":\"payments\"}}");

        assertThat(update.status()).isEqualTo(204);
        JsonNode metadata = vault.get("/v1/secret/metadata/app/db").data();
        assertThat(metadata.get("max_versions").asInt()).isEqualTo(5);
        assertThat(metadata.get("delete_version_after").asText()).isEqualTo("3h25m19s");
        assertThat(metadata.get("custom_metadata")).isEqualTo(json("{\"owner\":\"payments\"}"));
        assertThat(vault.get("/v1/secret/data/app/db").data().get("metadata").get("custom_metadata"))
                .isEqualTo(json("{\"owner\":\"payments\"}"));
    }

    @Test
    void metadataPatchMergesCustomMetadata() {
        vault.post("/v1/secret/metadata/app/db", "{\"custom_metadata\":{\"owner\":\"payments\",\"tier\":\"1\"}}");

        Result patch = vault.send("PATCH", "/v1/secret/metadata/app/db",
                "{\"custom_metadata\":{\"tier\":null,\"team\":\"core\"}}",
                Map.of("X-Vault-Token", server.rootToken(), "Content-Type", "application/merge-patch+json"));

        assertThat(patch.status()).isEqualTo(204);
        assertThat(vault.get("/v1/secret/metadata/app/db").data().get("custom_metadata"))
                .isEqualTo(json("{\"owner\":\"payments\",\"team\":\"core\"}"));
    }

    @Test
    void versionsAreDeletedAutomaticallyAfterDeleteVersionAfter() {
        vault.post("/v1/secret/metadata/app/db", "{\"delete_version_after\":60}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");

        assertThat(vault.get("/v1/secret/data/app/db").data().get("metadata").get("deletion_time").asText())
                .isEqualTo("2018-03-22T02:25:06.945319214Z");
        clock.advance(Duration.ofSeconds(61));
        assertThat(vault.get("/v1/secret/data/app/db").status()).isEqualTo(404);
    }

    @Test
    void maxVersionsKeepsOnlyTheNewestVersions() {
        vault.post("/v1/secret/metadata/app/db", "{\"max_versions\":2}");
        for (int i = 1; i <= 4; i++) {
            vault.post("/v1/secret/data/app/db", "{\"data\":{\"n\":" + i + "}}");
        }

        JsonNode metadata = vault.get("/v1/secret/metadata/app/db").data();

        assertThat(metadata.get("current_version").asInt()).isEqualTo(4);
        assertThat(metadata.get("oldest_version").asInt()).isEqualTo(3);
        assertThat(metadata.get("versions").fieldNames()).toIterable().containsExactlyInAnyOrder("3", "4");
        assertThat(vault.get("/v1/secret/data/app/db?version=2").json()).isEqualTo(json("{\"errors\":[]}"));
        assertThat(vault.get("/v1/secret/data/app/db?version=3").data().get("data").get("n").asInt()).isEqualTo(3);
    }

    @Test
    void withoutMaxVersionsTenVersionsAreKept() {
        for (int i = 1; i <= 12; i++) {
            vault.post("/v1/secret/data/app/db", "{\"data\":{\"n\":" + i + "}}");
        }

        JsonNode metadata = vault.get("/v1/secret/metadata/app/db").data();

        assertThat(metadata.get("versions").size()).isEqualTo(10);
        assertThat(metadata.get("oldest_version").asInt()).isEqualTo(3);
        assertThat(vault.get("/v1/secret/data/app/db?version=2").status()).isEqualTo(404);
    }

    @Test
    void mountMaxVersionsAppliesToEveryKey() {
        vault.post("/v1/secret/config", "{\"max_versions\":3}");
        for (int i = 1; i <= 5; i++) {
            vault.post("/v1/secret/data/app/db", "{\"data\":{\"n\":" + i + "}}");
        }

        assertThat(vault.get("/v1/secret/metadata/app/db").data().get("versions").size()).isEqualTo(3);
    }

    @Test
    void listNamesKeysAndFoldersSortedWithTheListMethodAndTheListParameter() {
        for (String key : List.of("app/db", "app/api/token", "app/cache", "other")) {
            vault.post("/v1/secret/data/" + key, "{\"data\":{\"k\":\"v\"}}");
        }

        Result root = vault.list("/v1/secret/metadata");
        Result app = vault.list("/v1/secret/metadata/app/");
        Result appByParameter = vault.get("/v1/secret/metadata/app?list=true");

        assertThat(root.status()).isEqualTo(200);
        assertThat(root.data()).isEqualTo(json("{\"keys\":[\"app/\",\"other\"]}"));
        assertThat(app.data()).isEqualTo(json("{\"keys\":[\"api/\",\"cache\",\"db\"]}"));
        assertThat(appByParameter.data()).isEqualTo(app.data());
    }

    @Test
    void listingAnEmptyFolderIs404() {
        Result reply = vault.list("/v1/secret/metadata/nothing");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json()).isEqualTo(json("{\"errors\":[]}"));
    }

    @Test
    void deletingMetadataRemovesEveryVersionAndFreesTheKeyForCasZero() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v1\"}}");
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v2\"}}");

        assertThat(vault.delete("/v1/secret/metadata/app/db").status()).isEqualTo(204);

        assertThat(vault.get("/v1/secret/metadata/app/db").status()).isEqualTo(404);
        assertThat(vault.get("/v1/secret/data/app/db?version=1").status()).isEqualTo(404);
        assertThat(vault.list("/v1/secret/metadata/app").status()).isEqualTo(404);
        Result recreated = vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":0},\"data\":{\"k\":\"v\"}}");
        assertThat(recreated.status()).isEqualTo(200);
        assertThat(recreated.data().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void patchMergesIntoTheLatestVersion() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"user\":\"app\",\"password\":\"one\",\"old\":\"x\"}}");

        Result patch = vault.send("PATCH", "/v1/secret/data/app/db",
                "{\"options\":{\"cas\":1},\"data\":{\"password\":\"two\",\"old\":null}}",
                Map.of("X-Vault-Token", server.rootToken(), "Content-Type", "application/merge-patch+json"));

        assertThat(patch.status()).isEqualTo(200);
        assertThat(patch.data().get("version").asInt()).isEqualTo(2);
        assertThat(vault.get("/v1/secret/data/app/db").data().get("data"))
                .isEqualTo(json("{\"user\":\"app\",\"password\":\"two\"}"));
    }

    @Test
    void patchNeedsTheMergePatchContentTypeAndAnExistingSecret() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"k\":\"v\"}}");

        Result plainJson = vault.send("PATCH", "/v1/secret/data/app/db", "{\"data\":{\"k\":\"w\"}}",
                Map.of("X-Vault-Token", server.rootToken(), "Content-Type", "application/json"));
        Result missing = vault.send("PATCH", "/v1/secret/data/app/none", "{\"data\":{\"k\":\"w\"}}",
                Map.of("X-Vault-Token", server.rootToken(), "Content-Type", "application/merge-patch+json"));

        assertThat(plainJson.status()).isEqualTo(415);
        assertThat(plainJson.json().get("errors").get(0).asText()).contains("application/merge-patch+json");
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void subkeysTellTheStructureWithoutTheValues() {
        vault.post("/v1/secret/data/app/db", "{\"data\":{\"user\":\"app\",\"tls\":{\"cert\":\"c\",\"key\":\"k\"}}}");

        Result reply = vault.get("/v1/secret/subkeys/app/db");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("subkeys")).isEqualTo(json("{\"user\":null,\"tls\":{\"cert\":null,\"key\":null}}"));
        assertThat(vault.get("/v1/secret/subkeys/app/db?depth=1").data().get("subkeys"))
                .isEqualTo(json("{\"user\":null,\"tls\":null}"));
    }

    @Test
    void valuesOfAnyJsonTypeComeBackAsWritten() {
        String data = "{\"s\":\"text\",\"i\":42,\"d\":1.5,\"b\":true,\"n\":null,\"a\":[1,\"two\"],\"o\":{\"x\":1}}";
        vault.post("/v1/secret/data/app/typed", "{\"data\":" + data + "}");

        assertThat(vault.get("/v1/secret/data/app/typed").data().get("data")).isEqualTo(json(data));
    }

    @Test
    void everyConfiguredMountIsServedAndOthersAreNot() {
        server.close();
        server = VaultDevServer.start(VaultDevServerOptions.defaults().withKvMounts(Set.of("kv", "team/kv")));
        vault = new VaultHttp(server);

        assertThat(vault.post("/v1/kv/data/a", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);
        assertThat(vault.post("/v1/team/kv/data/a", "{\"data\":{\"k\":\"w\"}}").status()).isEqualTo(200);
        assertThat(vault.get("/v1/team/kv/data/a").data().get("data").get("k").asText()).isEqualTo("w");
        assertThat(vault.get("/v1/secret/data/a").status()).isEqualTo(404);
    }

    @Test
    void pathsOfTheEngineThatDoNotExistAre404AndWrongOperationsAre405() {
        Result unknownPath = vault.get("/v1/secret/nothing-here/a");
        Result trailingSlash = vault.get("/v1/secret/data/app/");
        Result listOnData = vault.list("/v1/secret/data/app");
        Result deleteOnConfig = vault.delete("/v1/secret/config");
        Result readOnDestroy = vault.get("/v1/secret/destroy/app/db");

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.json().get("errors").get(0).asText()).contains("unsupported path");
        assertThat(trailingSlash.status()).isEqualTo(404);
        // A list asks for "data/app/", which no data path matches.
        assertThat(listOnData.status()).isEqualTo(404);
        assertThat(deleteOnConfig.status()).isEqualTo(405);
        assertThat(readOnDestroy.status()).isEqualTo(405);
        assertThat(readOnDestroy.json().get("errors").get(0).asText()).contains("unsupported operation");
    }

    @Test
    void fieldsOfTheWrongTypeAre400() {
        assertThat(vault.post("/v1/secret/data/app/db", "{\"data\":\"not a map\"}").status()).isEqualTo(400);
        assertThat(vault.post("/v1/secret/data/app/db", "{\"options\":{\"cas\":\"x\"},\"data\":{}}").json())
                .isEqualTo(json("{\"errors\":[\"error parsing check-and-set parameter\"]}"));
        assertThat(vault.post("/v1/secret/metadata/app/db", "{\"max_versions\":\"many\"}").status()).isEqualTo(400);
        assertThat(vault.get("/v1/secret/data/app/db?version=latest").status()).isEqualTo(400);
    }

    @Test
    void manyWritesInParallelEachGetTheirOwnVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Result>> writes = IntStream.range(0, 40)
                    .mapToObj(i -> pool.submit(() -> vault.post("/v1/secret/data/app/counter",
                            "{\"data\":{\"i\":" + i + "}}")))
                    .toList();
            List<Integer> versions = new ArrayList<>();
            for (Future<Result> write : writes) {
                versions.add(write.get().data().get("version").asInt());
            }

            assertThat(versions).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 40).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonNode json(String text) {
        try {
            return VaultHttp.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
