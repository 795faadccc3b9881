package dev.mpmarketplace.sandbox.launcher.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.mpmarketplace.sandbox.launcher.faults.History.Event;
import dev.mpmarketplace.sandbox.launcher.faults.History.Subject;

/**
 * Judges a {@link History} against the platform's promises (docs/reliability.md): nothing acknowledged is lost,
 * nothing happens twice, nothing goes backwards, and the platform ends where Mercado Pago / Mercado Libre ends. Pure:
 * no I/O, no clock; the same history always gives the same verdict.
 */
public final class HistoryChecker {

    /** The kinds of broken promise the checker finds. */
    public enum Kind {
        /** A notification answered 200 whose record is on no topic. */
        MISSING_NOTIFICATION,
        /** An accepted command whose payment does not exist at Mercado Pago. */
        LOST_EFFECT,
        /** More than one payment at Mercado Pago for one idempotency key. */
        DOUBLE_PAYMENT,
        /** A change of a subject stated by two different events. */
        DUPLICATED_EVENT,
        /** A change in the subject's timeline with no event, or an event for no change. */
        MISSING_EVENT,
        /** A timeline, or the events of a subject in change order, that moves to an earlier status. */
        BACKWARDS_STATUS,
        /** The platform's final status of a subject is not the provider's. */
        FINAL_STATE_MISMATCH,
        /** More than one Point intent at Mercado Pago for one idempotency key. */
        DOUBLE_INTENT,
        /** A command finally refused that has a payment at Mercado Pago all the same. */
        REFUSED_BUT_CHARGED,
        /** A seller not LINKED at the end, or whose tokens in Vault do not work. */
        SELLER_NOT_LINKED,
        /** More refreshes granted by Mercado Pago than tokens written to Vault: a new pair lost. */
        LOST_TOKEN_PAIR,
        /** A refresh token presented to Mercado Pago after it had been used: two refreshers of one token. */
        REFRESH_TOKEN_REUSED,
        /** More refreshes of a seller than its token came due: a refresh made twice. */
        EXTRA_REFRESH
    }

    /** One broken promise, about one thing. */
    public record Violation(Kind kind, String subject, String detail) {
        @Override
        public String toString() {
            return kind + " " + subject + ": " + detail;
        }
    }

    /** What was checked and what was found. */
    public record Verdict(Map<String, Integer> checked, List<Violation> violations) {

        public boolean passed() {
            return violations.isEmpty();
        }

        /** The verdict as the suite prints it: the counts, then each violation kind with its count and examples. */
        public String render() {
            StringBuilder text = new StringBuilder("checked:");
            checked.forEach((what, count) -> text.append(' ').append(what).append('=').append(count));
            text.append(System.lineSeparator()).append(passed()
                    ? "PASSED: no violation"
                    : "FAILED: " + violations.size() + " violation(s)");
            Map<Kind, List<Violation>> byKind = violations.stream()
                    .collect(Collectors.groupingBy(Violation::kind, TreeMap::new, Collectors.toList()));
            byKind.forEach((kind, found) -> {
                text.append(System.lineSeparator()).append("  ").append(kind).append(": ").append(found.size());
                found.stream().limit(5).forEach(v -> text.append(System.lineSeparator()).append("    ").append(v));
            });
            return text.toString();
        }
    }

    private HistoryChecker() {
    }

    public static Verdict check(History history) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Integer> checked = new LinkedHashMap<>();
        checked.put("acknowledged_notifications", missingNotifications(history, violations));
        checked.put("acknowledged_commands", effectsOnce(history, violations));
        checked.put("events", events(history, violations));
        checked.put("timelines", timelines(history, violations));
        checked.put("final_states", finalStates(history, violations));
        checked.put("acknowledged_intents", intentsOnce(history, violations));
        checked.put("refused_commands", refusedCommands(history, violations));
        checked.put("sellers", sellers(history, violations));
        return new Verdict(checked, List.copyOf(violations));
    }

    private static int missingNotifications(History history, List<Violation> violations) {
        Map<String, String> published = history.published();
        history.acknowledged().values().stream()
                .filter(ack -> !published.containsKey(ack.eventId()))
                .sorted(Comparator.comparing(History.Acknowledged::eventId))
                .forEach(ack -> violations.add(new Violation(Kind.MISSING_NOTIFICATION, ack.key(),
                        "acknowledged as " + ack.eventId() + ", not on " + ack.topic())));
        return history.acknowledged().size();
    }

    private static int effectsOnce(History history, List<Violation> violations) {
        Map<String, List<String>> payments = history.providerPaymentsByKey();
        for (String key : history.acknowledgedCommands()) {
            if (payments.getOrDefault(key, List.of()).isEmpty()) {
                violations.add(new Violation(Kind.LOST_EFFECT, key, "accepted, no payment at Mercado Pago"));
            }
        }
        payments.forEach((key, ids) -> {
            Set<String> distinct = Set.copyOf(ids);
            if (distinct.size() > 1) {
                violations.add(new Violation(Kind.DOUBLE_PAYMENT, key, distinct.size() + " payments at Mercado Pago: "
                        + distinct.stream().sorted().collect(Collectors.joining(", "))));
            }
        });
        return history.acknowledgedCommands().size();
    }

    private static int intentsOnce(History history, List<Violation> violations) {
        Map<String, Set<String>> intents = history.providerIntentsByKey();
        for (String key : history.acknowledgedIntents()) {
            if (intents.getOrDefault(key, Set.of()).isEmpty()) {
                violations.add(new Violation(Kind.LOST_EFFECT, key, "accepted, no intent at Mercado Pago"));
            }
        }
        intents.forEach((key, ids) -> {
            if (ids.size() > 1) {
                violations.add(new Violation(Kind.DOUBLE_INTENT, key, ids.size() + " intents at Mercado Pago: "
                        + ids.stream().sorted().collect(Collectors.joining(", "))));
            }
        });
        return history.acknowledgedIntents().size();
    }

    private static int events(History history, List<Violation> violations) {
        Map<Subject, List<Event>> bySubject = history.events().stream()
                .collect(Collectors.groupingBy(Event::subject, LinkedHashMap::new, Collectors.toList()));
        Map<Subject, List<String>> timelines = history.timelines();
        bySubject.forEach((subject, events) -> {
            // The same event delivered twice is at-least-once delivery, which consumers absorb by its id; two ids
            // for one change is a change stated twice.
            Map<Long, Set<String>> idsByChange = events.stream().collect(Collectors.groupingBy(Event::change,
                    TreeMap::new, Collectors.mapping(Event::eventId, Collectors.toSet())));
            idsByChange.forEach((change, ids) -> {
                if (ids.size() > 1) {
                    violations.add(new Violation(Kind.DUPLICATED_EVENT, subject.toString(), "change " + change
                            + " stated by " + ids.size() + " events: " + ids.stream().sorted().toList()));
                }
            });
            Map<Long, String> statusByChange = new TreeMap<>();
            events.forEach(event -> statusByChange.putIfAbsent(event.change(), event.newStatus()));
            backwards(subject, List.copyOf(statusByChange.values()), "events", violations);
            List<String> timeline = timelines.get(subject);
            if (timeline != null && timeline.size() != idsByChange.size()) {
                violations.add(new Violation(Kind.MISSING_EVENT, subject.toString(), timeline.size()
                        + " changes in the timeline, " + idsByChange.size() + " changes stated on the topic"));
            }
        });
        timelines.forEach((subject, timeline) -> {
            if (!bySubject.containsKey(subject) && !timeline.isEmpty() && history.eventsExpectedFor(subject)) {
                violations.add(new Violation(Kind.MISSING_EVENT, subject.toString(), timeline.size()
                        + " changes in the timeline, none stated on the topic"));
            }
        });
        return history.events().size();
    }

    private static int timelines(History history, List<Violation> violations) {
        history.timelines().forEach((subject, timeline) -> backwards(subject, timeline, "timeline", violations));
        return history.timelines().size();
    }

    private static void backwards(Subject subject, List<String> statuses, String where, List<Violation> violations) {
        for (int i = 1; i < statuses.size(); i++) {
            if (subject.lifecycle().backwards(statuses.get(i - 1), statuses.get(i))) {
                violations.add(new Violation(Kind.BACKWARDS_STATUS, subject.toString(), where + " " + statuses
                        + " moves from " + statuses.get(i - 1) + " back to " + statuses.get(i)));
                return;
            }
        }
    }

    private static int finalStates(History history, List<Violation> violations) {
        Map<Subject, String> platform = history.platformFinal();
        history.providerFinal().forEach((subject, provider) -> {
            String ours = platform.get(subject);
            if (!provider.equalsIgnoreCase(String.valueOf(ours))) {
                violations.add(new Violation(Kind.FINAL_STATE_MISMATCH, subject.toString(),
                        "the platform says " + ours + ", Mercado Pago says " + provider));
            }
        });
        return history.providerFinal().size();
    }

    private static int refusedCommands(History history, List<Violation> violations) {
        Map<String, List<String>> payments = history.providerPaymentsByKey();
        new TreeMap<>(history.refusedCommands()).forEach((key, answer) -> {
            List<String> made = payments.getOrDefault(key, List.of());
            if (!made.isEmpty()) {
                violations.add(new Violation(Kind.REFUSED_BUT_CHARGED, key, "answered " + answer + ", yet "
                        + Set.copyOf(made).size() + " payment(s) at Mercado Pago"));
            }
        });
        return history.refusedCommands().size();
    }

    private static int sellers(History history, List<Violation> violations) {
        for (History.SellerTokens seller : history.sellerTokens()) {
            String id = "seller " + seller.seller();
            if (!"LINKED".equals(seller.status()) || !seller.tokensWork()) {
                violations.add(new Violation(Kind.SELLER_NOT_LINKED, id, "status " + seller.status()
                        + (seller.tokensWork() ? "" : ", the tokens in Vault do not work")));
            }
            if (seller.refreshGrants() > seller.vaultRewrites()) {
                violations.add(new Violation(Kind.LOST_TOKEN_PAIR, id, seller.refreshGrants()
                        + " refreshes granted, " + seller.vaultRewrites() + " written to Vault"));
            }
            if (seller.refreshTokenReuses() > 0) {
                violations.add(new Violation(Kind.REFRESH_TOKEN_REUSED, id, seller.refreshTokenReuses()
                        + " refresh(es) refused for a refresh token used already"));
            }
            if (seller.refreshGrants() > seller.dueAtMost()) {
                violations.add(new Violation(Kind.EXTRA_REFRESH, id, seller.refreshGrants() + " refreshes, its token"
                        + " came due at most " + seller.dueAtMost() + " time(s)"));
            }
        }
        return history.sellerTokens().size();
    }
}
