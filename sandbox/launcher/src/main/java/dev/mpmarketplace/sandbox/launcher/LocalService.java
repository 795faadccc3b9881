package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A service module of the platform, as the local run starts it: the packaged Quarkus application
 * {@code <module>/target/quarkus-app/quarkus-run.jar}, on its port ({@code MARKETPLACE_<key>_PORT}) and its management
 * port ({@code MARKETPLACE_<key>_MANAGEMENT_PORT}, default the port + 1000), wired to the local infrastructure by
 * {@link ServiceWiring}.
 *
 * @param module the module's directory under the repository root, also its process name and log file name
 * @param key the upper-case key of its port variables
 * @param defaultPort its public port, from the design's "Local run" table
 * @param database its PostgreSQL database, created by the local run; empty for a service that holds none
 */
public record LocalService(String module, String key, int defaultPort, Optional<String> database) {

    /**
     * Every service the local run starts, after the infrastructure, all at once. A new service joins with one line
     * (point-service 8084, order-projection-service 8085), and needs nothing else here.
     */
    public static final List<LocalService> ALL = List.of(
            new LocalService("notification-ingest-service", "INGEST", 8081, Optional.empty()),
            new LocalService("seller-linking-service", "LINKING", 8082, Optional.of("seller_linking")),
            new LocalService("payment-service", "PAYMENT", 8083, Optional.of("payment")),
            new LocalService("point-service", "POINT", 8084, Optional.of("point")),
            new LocalService("order-projection-service", "ORDERS", 8085, Optional.of("order_projection")));

    /** Where the sandbox's seeded application sends its webhooks. */
    static final String WEBHOOK_RECEIVER = "notification-ingest-service";
    /** Where the sandbox's seeded application redirects a seller after consent. */
    static final String OAUTH_CALLBACK = "seller-linking-service";

    /** The service named {@code module}, or a message listing the ones there are. */
    public static LocalService named(String module) {
        return ALL.stream().filter(service -> service.module().equals(module)).findFirst()
                .orElseThrow(() -> new LaunchException("no service '" + module + "'; the services are "
                        + String.join(", ", ALL.stream().map(LocalService::module).toList())));
    }

    public String portVariable() {
        return "MARKETPLACE_" + key + "_PORT";
    }

    public String managementPortVariable() {
        return "MARKETPLACE_" + key + "_MANAGEMENT_PORT";
    }

    /**
     * The JVM options every service gets in production, read from where production gets them: the
     * {@code JAVA_TOOL_OPTIONS} line of {@value #PLATFORM_ENV} (docs/operations.md, "Each service: start time and
     * idle memory"). The local run's own {@code -Xmx} comes first on the command line and wins over their
     * {@code -XX:MaxRAMPercentage}.
     */
    static final String PLATFORM_ENV = "deploy/base/platform/platform.env";

    /** The packaged application, relative to the repository root. */
    public Path jar(Path root) {
        return directory(root).resolve("quarkus-run.jar");
    }

    /**
     * Where the service runs: its packaged application's directory, because its class-data archive
     * ({@code app-cds.jsa}, written by the build) names {@code quarkus-run.jar} relative to it, as in the container.
     */
    public Path directory(Path root) {
        return root.resolve(module).resolve("target/quarkus-app");
    }

    /** What follows {@code java -Xmx... -XX:+UseSerialGC}: the platform's JVM options, then the jar. */
    public List<String> javaArguments(Path root) {
        List<String> arguments = new ArrayList<>(platformJvmOptions(root));
        arguments.add("-jar");
        arguments.add("quarkus-run.jar");
        return arguments;
    }

    /** The options of the {@code JAVA_TOOL_OPTIONS} line of {@value #PLATFORM_ENV} below {@code root}. */
    static List<String> platformJvmOptions(Path root) {
        Path file = root.resolve(PLATFORM_ENV);
        try {
            return Files.readAllLines(file).stream().filter(line -> line.startsWith("JAVA_TOOL_OPTIONS="))
                    .findFirst()
                    .map(line -> Arrays.stream(line.substring("JAVA_TOOL_OPTIONS=".length()).trim().split("\\s+"))
                            .filter(option -> !option.isEmpty()).toList())
                    .orElseThrow(() -> new LaunchException("no JAVA_TOOL_OPTIONS line in " + file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the services' JVM options from " + file, e);
        }
    }
}
