package dev.mpmarketplace.sandbox.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServiceTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void aServiceStartsWithTheJvmOptionsProductionGetsFromItsOwnDirectory() {
        LocalService payment = LocalService.named("payment-service");

        // The class-data archive names quarkus-run.jar relative to the application's directory, as in the container.
        assertThat(payment.directory(ROOT)).isEqualTo(ROOT.resolve("payment-service/target/quarkus-app"));
        assertThat(payment.javaArguments(ROOT)).endsWith("-jar", "quarkus-run.jar")
                .containsAll(LocalService.platformJvmOptions(ROOT))
                .contains("-XX:SharedArchiveFile=app-cds.jsa");
    }

    @Test
    void theOptionsAreTheWordsOfTheJavaToolOptionsLine(@TempDir Path root) throws IOException {
        Path env = root.resolve(LocalService.PLATFORM_ENV);
        Files.createDirectories(env.getParent());
        Files.writeString(env, "# a comment naming JAVA_TOOL_OPTIONS=-Xnot\nQUARKUS_HTTP_PORT=8080\n"
                + "JAVA_TOOL_OPTIONS=-XX:A=1   -XX:+B \n");

        assertThat(LocalService.platformJvmOptions(root)).containsExactly("-XX:A=1", "-XX:+B");
    }

    @Test
    void aPlatformEnvironmentWithoutJvmOptionsIsRefused(@TempDir Path root) throws IOException {
        Path env = root.resolve(LocalService.PLATFORM_ENV);
        Files.createDirectories(env.getParent());
        Files.writeString(env, "QUARKUS_HTTP_PORT=8080\n");

        assertThatThrownBy(() -> LocalService.platformJvmOptions(root)).isInstanceOf(LaunchException.class)
                .hasMessageContaining("JAVA_TOOL_OPTIONS");
    }
}
