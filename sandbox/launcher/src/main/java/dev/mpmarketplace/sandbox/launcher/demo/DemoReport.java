package dev.mpmarketplace.sandbox.launcher.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo checked, step by step: prints each check as it is made and, at the end, the one-screen summary that
 * names every failed check with its step and where the logs are.
 */
final class DemoReport {

    /** One check of one step. */
    record Check(String step, String what, boolean ok, String detail) {
    }

    private final PrintStream out;
    private final List<String> steps = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private String current = "set-up";

    DemoReport(PrintStream out) {
        this.out = out;
    }

    /** Starts the next step (the set-up is step 0): a heading, and the checks that follow belong to it. */
    void step(String title) {
        current = steps.size() + ". " + title;
        steps.add(title);
        out.println();
        out.println("== " + current);
    }

    /** A line of what the platform now shows. */
    void show(String line) {
        out.println("   " + line);
    }

    /** Records and prints a check; returns {@code ok}. */
    boolean check(String what, boolean ok, String detail) {
        checks.add(new Check(current, what, ok, detail));
        out.println("   " + (ok ? "[ok]     " : "[FAILED] ") + what + (ok || detail == null ? "" : ": " + detail));
        return ok;
    }

    /** A step that could not go on (an answer it could not use, a prerequisite missing): one failed check. */
    void abandoned(String why) {
        check("step completed", false, why);
    }

    boolean passed() {
        return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }

    List<Check> failures() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }

    /** The summary: one line per step with its checks, the failures by name, the time and the logs. */
    void summary(Duration wallTime, Path logs) {
        out.println();
        out.println("== Summary (" + wallTime.toSeconds() + " s)");
        for (int i = 0; i < steps.size(); i++) {
            String step = i + ". " + steps.get(i);
            List<Check> ofStep = checks.stream().filter(c -> c.step().equals(step)).toList();
            long ok = ofStep.stream().filter(Check::ok).count();
            out.printf("   %-8s %2d/%-2d  %s%n", ok == ofStep.size() && !ofStep.isEmpty() ? "ok" : "FAILED", ok,
                    ofStep.size(), step);
        }
        List<Check> failures = failures();
        long total = checks.size();
        if (failures.isEmpty() && total > 0) {
            out.println("   All " + total + " checks passed.");
        } else {
            out.println("   " + failures.size() + " of " + total + " checks FAILED:");
            for (Check failure : failures) {
                out.println("     step " + failure.step() + ": " + failure.what()
                        + (failure.detail() == null ? "" : " (" + failure.detail() + ")"));
            }
            out.println("   Logs of every process: " + logs);
        }
    }
}
