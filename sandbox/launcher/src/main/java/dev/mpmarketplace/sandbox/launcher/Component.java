package dev.mpmarketplace.sandbox.launcher;

import java.util.List;
import java.util.Map;

/**
 * One process of the local run.
 *
 * @param name short name, used for its log file ({@code logs/<name>.log}) and pid file ({@code run/<name>.pid})
 * @param title what it is, for people
 * @param ports the ports it listens on; the first one is probed for readiness
 * @param mainClass the Java main class it runs, on the launcher's own class path
 * @param args the main class's arguments
 * @param maxHeapMb its heap limit
 * @param env extra environment variables
 * @param endpoint how to reach it, printed once everything is up
 */
public record Component(String name, String title, List<Integer> ports, String mainClass, List<String> args,
        int maxHeapMb, Map<String, String> env, String endpoint) {

    public int readinessPort() {
        return ports.get(0);
    }
}
