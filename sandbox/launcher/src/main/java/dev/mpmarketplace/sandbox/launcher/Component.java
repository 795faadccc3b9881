package dev.mpmarketplace.sandbox.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process of the local run: a JVM started by the supervisor.
 *
 * @param name short name, shown in the table and used for its log file ({@code logs/<name>.log}) and pid file
 *            ({@code run/<name>.pid})
 * @param ports the ports it listens on, checked free before anything starts; the first one is probed for readiness
 *            unless it has a {@code readinessUrl}
 * @param javaArguments what follows {@code java -Xmx... -XX:+UseSerialGC}: a class path and main class with its
 *            arguments, or {@code -jar} and a jar
 * @param maxHeapMb its heap limit
 * @param env extra environment variables (secrets go here, never on the command line that {@code ps} shows)
 * @param url how to reach it, for the table
 * @param readinessUrl an HTTP endpoint that answers 200 once it is ready; empty: ready once it accepts connections
 * @param directory its working directory; empty: the launcher's
 */
public record Component(String name, List<Integer> ports, List<String> javaArguments, int maxHeapMb,
        Map<String, String> env, String url, Optional<URI> readinessUrl, Optional<Path> directory) {

    /** A component that runs in the launcher's working directory. */
    public Component(String name, List<Integer> ports, List<String> javaArguments, int maxHeapMb,
            Map<String, String> env, String url, Optional<URI> readinessUrl) {
        this(name, ports, javaArguments, maxHeapMb, env, url, readinessUrl, Optional.empty());
    }

    public int firstPort() {
        return ports.get(0);
    }

    /** Without the environment, which holds secrets. */
    @Override
    public String toString() {
        return "Component[" + name + ", ports " + ports + ", " + url + "]";
    }
}
