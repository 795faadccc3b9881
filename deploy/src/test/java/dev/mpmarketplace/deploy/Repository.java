package dev.mpmarketplace.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the manifests and the rest of the repository (set by Surefire, see deploy/pom.xml). */
final class Repository {

    private Repository() {
    }

    /** {@code deploy/}. */
    static Path deployDir() {
        return Path.of(System.getProperty("deploy.dir", ".")).toAbsolutePath().normalize();
    }

    /** The repository root. */
    static Path root() {
        String root = System.getProperty("repository.dir");
        return root != null ? Path.of(root).toAbsolutePath().normalize() : deployDir().getParent();
    }

    /** Every overlay under {@code deploy/overlays/}: a new overlay is validated without touching the tests. */
    static java.util.List<Path> overlays() {
        try (var dirs = Files.list(deployDir().resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
