package dev.mpmarketplace.sandbox.launcher.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario records beside the checker's verdict: its load, its faults, how long it ran and the machine's
 * load average, printed and written to {@code target/fault-suite/<scenario>.txt} for docs/reliability.md.
 */
final class RunFigures {

    private final String scenario;
    private final Instant begin = Instant.now();
    private final List<String> lines = new ArrayList<>();

    RunFigures(String scenario) {
        this.scenario = scenario;
        line("scenario " + scenario + ", started " + begin + ", load average " + loadAverage());
    }

    void line(String text) {
        lines.add(text);
        System.out.println("[" + scenario + "] " + text);
    }

    /** Ends the record with the duration, the load average and the verdict, and writes it. */
    void finish(HistoryChecker.Verdict verdict) throws IOException {
        line("duration " + Duration.between(begin, Instant.now()).toSeconds() + " s, load average " + loadAverage());
        verdict.render().lines().forEach(this::line);
        Path file = Path.of("target/fault-suite", scenario + ".txt");
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    /** The 1, 5 and 15 minute load averages, as {@code uptime} shows them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
