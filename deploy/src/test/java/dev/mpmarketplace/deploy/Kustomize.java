package dev.mpmarketplace.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the kustomize binary that {@code deploy/install-kustomize.sh} provides (installed from
 * Debian's package on first use, then cached), never with kubectl.
 */
final class Kustomize {

    private static Path binary;

    private Kustomize() {
    }

    static synchronized Path binary() {
        if (binary == null) {
            Path script = Repository.deployDir().resolve("install-kustomize.sh");
            String out = run(List.of("bash", script.toString()), Repository.deployDir(), 600);
            String[] lines = out.strip().split("\n");
            binary = Path.of(lines[lines.length - 1].strip());
        }
        return binary;
    }

    /** The YAML {@code kustomize build} prints for the directory. */
    static String build(Path kustomization) {
        return run(List.of(binary().toString(), "build", kustomization.toString()), kustomization, 120);
    }

    private static String run(List<String> command, Path dir, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
