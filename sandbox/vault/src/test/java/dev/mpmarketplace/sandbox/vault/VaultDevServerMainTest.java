package dev.mpmarketplace.sandbox.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mpmarketplace.sandbox.vault.VaultDevServerMain.UsageException;

/** The command line of the standalone server, parsed in process and run as a real child process. */
class VaultDevServerMainTest {

    private static final Pattern LISTENING = Pattern
            .compile("Vault dev server listening on (http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    Path dir;

    @Test
    void withoutFlagsItListensOnLoopbackPort18200WithTheSecretMountInMemory() {
        VaultDevServerOptions options = VaultDevServerMain.parse(new String[0], Map.of());

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(18200);
        assertThat(options.kvMounts()).containsExactly("secret");
        assertThat(options.dataFile()).isNull();
        assertThat(options.rootToken()).startsWith("hvs.");
    }

    @Test
    void theTokenComesFromTheFlagElseTheEnvironment() {
        Map<String, String> env = Map.of("VAULT_DEV_ROOT_TOKEN_ID", "from-env");

        assertThat(VaultDevServerMain.parse(new String[0], env).rootToken()).isEqualTo("from-env");
        assertThat(VaultDevServerMain.parse(new String[]{"--token", "from-flag"}, env).rootToken())
                .isEqualTo("from-flag");
    }

    @Test
    void everyFlagIsRead() {
        VaultDevServerOptions options = VaultDevServerMain.parse(new String[]{"--host", "0.0.0.0", "--port=0",
                "--data-dir", dir.toString(), "--mount", "kv", "--mount", "secret"}, Map.of());

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isZero();
        assertThat(options.dataFile()).isEqualTo(dir.resolve("vault-kv.json"));
        assertThat(options.kvMounts()).containsExactlyInAnyOrder("kv", "secret");
    }

    @Test
    void unknownFlagsMissingValuesAndBadPortsAreUsageErrors() {
        assertThatThrownBy(() -> VaultDevServerMain.parse(new String[]{"--dev"}, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--dev");
        assertThatThrownBy(() -> VaultDevServerMain.parse(new String[]{"--port"}, Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> VaultDevServerMain.parse(new String[]{"--port", "x"}, Map.of()))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> VaultDevServerMain.parse(new String[]{"--mount", "sys"}, Map.of()))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void asAProcessItAnnouncesItselfServesPersistsAndStopsOnSigterm() throws Exception {
        Path dataDir = dir.resolve("data");
        Process process = launch("--port", "0", "--token", "process-token", "--data-dir", dataDir.toString());
        try {
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            assertThat(line).isNotNull().matches(LISTENING);
            Matcher matcher = LISTENING.matcher(line);
            assertThat(matcher.matches()).isTrue();

            VaultHttp vault = new VaultHttp(matcher.group(1), "process-token");
            assertThat(vault.post("/v1/secret/data/a", "{\"data\":{\"k\":\"v\"}}").status()).isEqualTo(200);

            // Process.destroy() would also close our ends of the pipes; the handle only sends SIGTERM.
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rest + stderr).doesNotContain("process-token");
            assertThat(Files.readString(dataDir.resolve("vault-kv.json"))).contains("\"k\" : \"v\"");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void asAProcessItExitsWith1NamingThePortWhenThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String port = Integer.toString(taken.getLocalPort());

            Process process = launch("--port", port);

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stderr.strip().lines()).hasSize(1);
            assertThat(stderr).contains(port);
        }
    }

    @Test
    void asAProcessItExitsWith2AndUsageOnAnUnknownFlag() throws Exception {
        Process process = launch("--dev-listen-address", "x");

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stderr).contains("--dev-listen-address").contains("Usage:");
    }

    private static Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                VaultDevServerMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove(VaultDevServerMain.TOKEN_ENV);
        return builder.start();
    }
}
