package dev.mpmarketplace.sandbox.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./marketplace demo} exactly as a user runs it on a fresh clone with nothing up: the script (which installs
 * Chromium when missing and builds what is missing), the demo starting the local run itself, every step and check,
 * and the local run stopped at the end. Free ports and a temporary home, so it runs beside anything else.
 */
class DemoIT {

    private static final Path SCRIPT = Path.of("../../marketplace").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    @TempDir
    Path home;

    private Process demo;

    @AfterEach
    void stopWhatIsLeft() throws InterruptedException {
        if (demo != null && demo.isAlive()) {
            demo.destroy();
            demo.waitFor(90, TimeUnit.SECONDS);
        }
    }

    @Test
    void theDemoPassesEveryCheckAndLeavesNothingRunning() throws Exception {
        Map<String, String> env = LocalRunPorts.environment(home);
        Path output = home.resolve("demo.out");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("sh", SCRIPT.toString(), "demo")))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().remove("VAULT_ADDR");
        builder.environment().remove("JAVA_TOOL_OPTIONS");

        Instant begin = Instant.now();
        demo = builder.start();
        boolean finished = demo.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Duration wallTime = Duration.between(begin, Instant.now());
        String printed = Files.readString(output);
        System.out.println(printed);

        assertThat(finished).as("./marketplace demo finished within %s:%n%s", TIMEOUT, printed).isTrue();
        assertThat(demo.exitValue()).as("./marketplace demo exit code; its output:%n%s", printed).isZero();
        assertThat(printed).contains("No local run is up: starting one").containsPattern("All \\d+ checks passed")
                .doesNotContain("FAILED").contains("Stopped.");
        assertThat(home.resolve("run/marketplace.pid")).as("the local run it started is down").doesNotExist();
        env.forEach((name, value) -> {
            if (name.endsWith("_PORT")) {
                assertThat(Supervisor.portFree(Integer.parseInt(value))).as(name + " freed").isTrue();
            }
        });
        System.out.printf("DemoIT: ./marketplace demo (local run started and stopped by it) %d s%n",
                wallTime.toSeconds());
    }

    @Test
    void aWrongDemoCommandLineExitsWithTwoAndStartsNothing() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", SCRIPT.toString(), "demo", "--fast")
                .redirectErrorStream(true);
        builder.environment().put("MARKETPLACE_HOME", home.toString());
        Process wrong = builder.start();
        String printed = new String(wrong.getInputStream().readAllBytes());
        assertThat(wrong.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(wrong.exitValue()).as(printed).isEqualTo(2);
        assertThat(printed).contains("unexpected argument '--fast'");
        assertThat(home.resolve("run")).doesNotExist();
    }

}
