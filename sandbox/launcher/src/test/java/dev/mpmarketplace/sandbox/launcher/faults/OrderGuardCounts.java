package dev.mpmarketplace.sandbox.launcher.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often order-projection-service's never-backwards guard had something to refuse during a run: the Mercado Libre
 * answers it found older than the one applied ({@code stale}) or whose status may not follow the order's
 * ({@code backwards}), read from its metrics ({@code orders_fetches_total{cause, outcome}}, by what made it fetch:
 * a notification, the missed feeds, the re-read, a refetch). A run whose guard refused nothing never raced an old
 * answer against a newer one, and says nothing about the order checks' sharpness; a build without the guard refuses
 * nothing either (it applies the old answer, which the checker then finds).
 * <p>
 * The counters live in the process: a scenario that kills the service scrapes it just before the kill and again at
 * the end, and the counts are summed (what was refused between the scrape and the kill is lost: the counts are a
 * lower bound).
 */
final class OrderGuardCounts {

    private static final Pattern SAMPLE = Pattern
            .compile("^(orders_fetches_total|orders_facts_total)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern TAG = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** {@code cause/outcome} of each Mercado Libre fetch. */
    private final Map<String, Long> fetches = new TreeMap<>();
    /** The outcome of each Mercado Libre answer applied as a fact. */
    private final Map<String, Long> facts = new TreeMap<>();
    private int scrapes;

    /** Adds what the service's {@code /q/metrics} counts now; an unreadable answer adds nothing and says so. */
    synchronized String scrape(Platform platform, String managementUrl) {
        Platform.Answer answer = platform.api("GET", managementUrl + "/q/metrics", null, Map.of());
        if (answer.status() != 200) {
            return "metrics of " + managementUrl + " unreadable: " + answer.status();
        }
        add(answer.text());
        return "metrics of " + managementUrl + " read";
    }

    /** Adds the samples of one Prometheus text exposition. */
    synchronized void add(String exposition) {
        scrapes++;
        exposition.lines().forEach(line -> {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find()) {
                return;
            }
            Map<String, String> tags = new TreeMap<>();
            Matcher tag = TAG.matcher(sample.group(2));
            while (tag.find()) {
                tags.put(tag.group(1), tag.group(2));
            }
            long value = (long) Double.parseDouble(sample.group(3));
            if (sample.group(1).equals("orders_fetches_total")) {
                fetches.merge(tags.get("cause") + "/" + tags.get("outcome"), value, Long::sum);
            } else if ("mercadolibre_order".equals(tags.get("kind"))) {
                facts.merge(tags.get("outcome"), value, Long::sum);
            }
        });
    }

    /** Mercado Libre answers the guard refused: stale plus backwards. */
    synchronized long refusals() {
        return facts.getOrDefault("stale", 0L) + facts.getOrDefault("backwards", 0L);
    }

    /** The figure line: refusals, by outcome and by what caused the fetch, and every fact outcome. */
    synchronized String render() {
        Map<String, Long> refusedByCause = new TreeMap<>();
        Map<String, Long> fetchesByCause = new TreeMap<>();
        fetches.forEach((key, count) -> {
            if (key.endsWith("/stale") || key.endsWith("/backwards")) {
                refusedByCause.put(key, count);
            }
            fetchesByCause.merge(key.substring(0, key.indexOf('/')), count, Long::sum);
        });
        return "order-projection-service's guard refused " + refusals() + " Mercado Libre answer(s): stale "
                + facts.getOrDefault("stale", 0L) + ", backwards " + facts.getOrDefault("backwards", 0L)
                + " (by fetch cause " + refusedByCause + "; Mercado Libre answers applied " + facts + "; fetches "
                + fetches.values().stream().mapToLong(Long::longValue).sum() + " " + fetchesByCause + "; " + scrapes
                + " scrape(s))";
    }
}
