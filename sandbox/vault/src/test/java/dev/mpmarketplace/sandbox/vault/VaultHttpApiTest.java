package dev.mpmarketplace.sandbox.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.vault.VaultHttp.Result;

/**
 * What every Vault endpoint shares: token authentication, {@code sys/health}, token self-lookup, routing errors and
 * the error envelope for bad input.
 */
class VaultHttpApiTest {

    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123456789Z");

    private VaultDevServer server;
    private VaultHttp vault;
    private VaultHttp anonymous;

    @BeforeEach
    void startServer() {
        server = VaultDevServer.start(VaultDevServerOptions.defaults().withRootToken("hvs.test-root-token")
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        vault = new VaultHttp(server);
        anonymous = new VaultHttp(server.url(), null);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void requestsWithoutATokenAreDenied() {
        for (String path : List.of("/v1/secret/data/a", "/v1/secret/metadata/a", "/v1/auth/token/lookup-self",
                "/v1/unknown/path")) {
            Result reply = anonymous.get(path);
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(reply.json()).isEqualTo(json("{\"errors\":[\"permission denied\"]}"));
        }
        assertThat(anonymous.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(403);
        assertThat(anonymous.list("/v1/secret/metadata").status()).isEqualTo(403);
    }

    @Test
    void requestsWithAWrongTokenAreDeniedAndWriteNothing() {
        VaultHttp intruder = new VaultHttp(server.url(), "hvs.wrong");

        assertThat(intruder.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}").json())
                .isEqualTo(json("{\"errors\":[\"permission denied\"]}"));
        assertThat(vault.get("/v1/secret/data/a").status()).isEqualTo(404);
    }

    @Test
    void aBearerTokenIsAcceptedLikeTheVaultTokenHeader() {
        Result reply = anonymous.send("GET", "/v1/auth/token/lookup-self", null,
                Map.of("Authorization", "Bearer hvs.test-root-token"));

        assertThat(reply.status()).isEqualTo(200);
    }

    @Test
    void healthAnswersWithoutATokenAsAnUnsealedActiveNode() {
        Result reply = anonymous.get("/v1/sys/health");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode health = reply.json();
        assertThat(health.get("initialized").asBoolean()).isTrue();
        assertThat(health.get("sealed").asBoolean()).isFalse();
        assertThat(health.get("standby").asBoolean()).isFalse();
        assertThat(health.get("performance_standby").asBoolean()).isFalse();
        assertThat(health.get("replication_performance_mode").asText()).isEqualTo("disabled");
        assertThat(health.get("replication_dr_mode").asText()).isEqualTo("disabled");
        assertThat(health.get("server_time_utc").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(health.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(health.get("cluster_name").asText()).startsWith("vault-cluster-");
        assertThat(health.get("cluster_id").asText()).isNotEmpty();
    }

    @Test
    void healthAnswersHeadRequests() {
        Result reply = anonymous.send("HEAD", "/v1/sys/health", null, Map.of());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void tokenSelfLookupDescribesTheRootToken() {
        Result reply = vault.get("/v1/auth/token/lookup-self");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("id").asText()).isEqualTo("hvs.test-root-token");
        assertThat(data.get("accessor").asText()).isNotEmpty();
        assertThat(data.get("policies")).isEqualTo(json("[\"root\"]"));
        assertThat(data.get("ttl").asInt()).isZero();
        assertThat(data.get("type").asText()).isEqualTo("service");
        assertThat(data.get("path").asText()).isEqualTo("auth/token/root");
        assertThat(data.get("display_name").asText()).isEqualTo("root");
        assertThat(data.get("expire_time").isNull()).isTrue();
        assertThat(data.get("creation_time").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(reply.json().get("auth").isNull()).isTrue();
    }

    @Test
    void tokenLookupKnowsOnlyTheRootToken() {
        assertThat(vault.post("/v1/auth/token/lookup", "{\"token\":\"hvs.test-root-token\"}").data().get("id")
                .asText()).isEqualTo("hvs.test-root-token");
        Result other = vault.post("/v1/auth/token/lookup", "{\"token\":\"hvs.other\"}");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json()).isEqualTo(json("{\"errors\":[\"bad token\"]}"));
    }

    @Test
    void unknownMountsAre404WithVaultsRouteMessage() {
        Result reply = vault.get("/v1/nope/data/a");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json())
                .isEqualTo(json("{\"errors\":[\"no handler for route \\\"nope/data/a\\\". route entry not found.\"]}"));
    }

    @Test
    void pathsOutsideTheApiAre404AsJson() {
        Result reply = vault.get("/ui/");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.json()).isEqualTo(json("{\"errors\":[]}"));
    }

    @Test
    void methodsVaultDoesNotKnowAre405WithAnEmptyErrorsArray() {
        Result reply = vault.send("OPTIONS", "/v1/secret/data/a", null,
                Map.of("X-Vault-Token", server.rootToken()));

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.json()).isEqualTo(json("{\"errors\":[]}"));
        assertThat(anonymous.post("/v1/sys/health", "{}").status()).isEqualTo(405);
    }

    @Test
    void malformedJsonIs400WithAnErrorsArray() {
        for (String body : List.of("{\"data\":", "not json", "{\"data\":{}} trailing", "[1,2]", "\"text\"")) {
            Result reply = vault.post("/v1/secret/data/a", body);

            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(reply.json().get("errors").size()).isEqualTo(1);
            assertThat(reply.json().get("errors").get(0).asText()).startsWith("failed to parse JSON input");
        }
    }

    @Test
    void errorMessagesNeverQuoteTheRequestBody() {
        Result reply = vault.post("/v1/secret/data/a", "{\"data\":{\"password\":hunter2}}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("hunter2");
    }

    @Test
    void anEmptyBodyIsAnEmptyObject() {
        Result reply = vault.post("/v1/secret/data/a", "");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()).isEqualTo(json("{\"errors\":[\"no data provided\"]}"));
    }

    @Test
    void successfulResponsesAreJsonAnd204sHaveNoBody() {
        Result write = vault.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}");
        Result metadata = vault.post("/v1/secret/metadata/a", "{\"max_versions\":3}");

        assertThat(write.contentType()).isEqualTo("application/json");
        assertThat(write.body()).endsWith("}\n");
        assertThat(metadata.status()).isEqualTo(204);
        assertThat(metadata.body()).isEmpty();
        assertThat(metadata.headers().firstValue("Content-Type")).isEmpty();
    }

    @Test
    void timestampsComeFromTheInjectedClockInRfc3339WithNanoseconds() {
        Result write = vault.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}");

        assertThat(write.data().get("created_time").asText()).isEqualTo("2024-05-06T07:08:09.123456789Z");
    }

    @Test
    void theTokenIsNeverInTheOptionsText() {
        assertThat(VaultDevServerOptions.defaults().withRootToken("hvs.secret-token").toString())
                .doesNotContain("hvs.secret-token");
    }

    private static JsonNode json(String text) {
        try {
            return VaultHttp.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
