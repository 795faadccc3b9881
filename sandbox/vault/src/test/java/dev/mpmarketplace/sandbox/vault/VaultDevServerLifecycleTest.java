package dev.mpmarketplace.sandbox.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Starting, stopping and configuring the server as other modules and their tests do. */
class VaultDevServerLifecycleTest {

    @Test
    void startsOnAFreePortAndAnswersAtItsUrl() {
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults())) {
            assertThat(server.port()).isPositive();
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(new VaultHttp(server).get("/v1/sys/health").status()).isEqualTo(200);
        }
    }

    @Test
    void startReturnsOnlyOnceTheServerAnswersSoNoRetriesAreNeeded() {
        for (int i = 0; i < 5; i++) {
            try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults())) {
                VaultHttp vault = new VaultHttp(server);
                assertThat(vault.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aPortInUseFailsTheStartWithAMessageNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> VaultDevServer.start(VaultDevServerOptions.defaults().withPort(port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(Integer.toString(port))
                    .hasMessageContaining("in use");
        }
    }

    @Test
    void closingReleasesThePortForTheNextServer() {
        int port;
        try (VaultDevServer first = VaultDevServer.start(VaultDevServerOptions.defaults())) {
            port = first.port();
        }
        try (VaultDevServer second = VaultDevServer.start(VaultDevServerOptions.defaults().withPort(port))) {
            assertThat(second.port()).isEqualTo(port);
            assertThat(new VaultHttp(second).get("/v1/sys/health").status()).isEqualTo(200);
        }
    }

    @Test
    void closeStopsListeningAndCanBeCalledTwice() {
        VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults());
        VaultHttp vault = new VaultHttp(server);

        server.close();
        server.close();

        assertThatThrownBy(() -> vault.get("/v1/sys/health")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void aStoppedServerRefusesConnectionsAndARestartedOneServesTheSameSecretsOnTheSamePort() {
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults())) {
            VaultHttp vault = new VaultHttp(server);
            assertThat(vault.post("/v1/secret/data/kept", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);
            int port = server.port();

            server.stop();
            server.stop();

            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> vault.get("/v1/sys/health")).isInstanceOf(UncheckedIOException.class);

            server.restart();

            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isEqualTo(port);
            VaultHttp.Result kept = vault.get("/v1/secret/data/kept");
            assertThat(kept.status()).isEqualTo(200);
            assertThat(kept.body()).contains("\"k\":\"v\"", "\"version\":1");
        }
    }

    @Test
    void theRootTokenIsTheOneConfigured() {
        try (VaultDevServer server = VaultDevServer.start(VaultDevServerOptions.defaults().withRootToken("dev"))) {
            assertThat(server.rootToken()).isEqualTo("dev");
            assertThat(new VaultHttp(server.url(), "dev").get("/v1/auth/token/lookup-self").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void defaultsListenOnLoopbackOnAFreePortWithTheSecretMountInMemory() {
        VaultDevServerOptions options = VaultDevServerOptions.defaults();

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isZero();
        assertThat(options.kvMounts()).containsExactly("secret");
        assertThat(options.dataFile()).isNull();
        assertThat(options.clock()).isEqualTo(Clock.systemUTC());
    }

    @Test
    void defaultTokensAreRandomAndShapedLikeVaultServiceTokens() {
        String first = VaultDevServerOptions.defaults().rootToken();
        String second = VaultDevServerOptions.defaults().rootToken();

        assertThat(first).matches("hvs\\.[A-Za-z0-9]{24}");
        assertThat(second).matches("hvs\\.[A-Za-z0-9]{24}").isNotEqualTo(first);
    }

    @Test
    void mountPathsAreNormalizedWithoutSlashes() {
        assertThat(VaultDevServerOptions.defaults().withKvMounts(Set.of("/kv/", "team/secrets")).kvMounts())
                .containsExactlyInAnyOrder("kv", "team/secrets");
    }

    @Test
    void invalidOptionsAreRejectedUpFront() {
        VaultDevServerOptions options = VaultDevServerOptions.defaults();

        assertThatThrownBy(() -> options.withRootToken(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withHost("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withKvMounts(Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.withKvMounts(Set.of("sys"))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> options.withKvMounts(Set.of("kv", "kv/nested"))).hasMessageContaining("nested");
        assertThatThrownBy(() -> options.withKvMounts(Set.of("bad mount"))).hasMessageContaining("invalid");
    }
}
