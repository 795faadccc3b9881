package dev.mpmarketplace.sandbox.launcher.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a fault run saw, as plain data for {@link HistoryChecker}: what the platform acknowledged (notifications
 * answered 200, commands answered 201/202), what it did (records on the topics, payments at the sandbox, events per
 * change, timelines in the services' APIs), and what the sandbox says is true at the end. Safe to fill from many load
 * threads at once; read it only after the run.
 */
public final class History {

    /** A thing with a status: a payment, a Point intent or an order, by the platform's id. */
    public record Subject(Lifecycle lifecycle, String id) {
        @Override
        public String toString() {
            return lifecycle.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
        }
    }

    /** A notification the ingest service answered 200 for, with the event id it answered. */
    public record Acknowledged(String eventId, String topic, String key) {
    }

    /**
     * A domain event read from a topic: which change of which subject it states (the change number, or whatever
     * names the change uniquely), its CloudEvent id, and the status it moved to.
     */
    public record Event(Subject subject, long change, String eventId, String newStatus) {
    }

    /**
     * A linked seller's tokens at the end of a run, as seller-linking-service, Vault and Mercado Pago (the sandbox)
     * tell them: its status in the service, whether the access token in Vault works and its refresh token is the
     * current one, how many times the secret was rewritten (Vault version - 1), how many refreshes Mercado Pago
     * granted and how many it refused because the refresh token had been used already, and at most how many times
     * the seller's token came due during the run (one refresh per expiry allows no more).
     */
    public record SellerTokens(long seller, String status, boolean tokensWork, int vaultRewrites, long refreshGrants,
            long refreshTokenReuses, long dueAtMost) {
    }

    private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private final Map<String, Boolean> acknowledgedCommands = new ConcurrentHashMap<>();
    private final Map<String, List<String>> providerPaymentsByKey = new ConcurrentHashMap<>();
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Map<Subject, List<String>> timelines = new ConcurrentHashMap<>();
    private final Map<Subject, String> platformFinal = new ConcurrentHashMap<>();
    private final Map<Subject, String> providerFinal = new ConcurrentHashMap<>();
    private final Set<Lifecycle> eventsRecorded = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> acknowledgedIntents = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> providerIntentsByKey = new ConcurrentHashMap<>();
    private final Map<String, String> refusedCommands = new ConcurrentHashMap<>();
    private final Map<Long, SellerTokens> sellerTokens = new ConcurrentHashMap<>();

    /** Says that this run reads the events of this kind of subject, so a timeline without any is a loss. */
    public void recordsEventsOf(Lifecycle lifecycle) {
        eventsRecorded.add(lifecycle);
    }

    public void acknowledged(String eventId, String topic, String key) {
        acknowledged.put(eventId, new Acknowledged(eventId, topic, key));
    }

    /** A raw notification record found on its topic (read back after the run). */
    public void published(String eventId, String topic) {
        published.put(eventId, topic);
    }

    /** A command (HTTP or Kafka) with this idempotency key was accepted: its effect must exist exactly once. */
    public void commandAcknowledged(String idempotencyKey) {
        acknowledgedCommands.put(idempotencyKey, Boolean.TRUE);
    }

    /**
     * A command with this idempotency key was finally refused (never accepted, however often asked with its key):
     * it must have no effect at Mercado Pago.
     */
    public void commandRefused(String idempotencyKey, String answer) {
        refusedCommands.put(idempotencyKey, answer);
    }

    /** A seller's tokens at the end of the run. */
    public void sellerTokens(SellerTokens tokens) {
        sellerTokens.put(tokens.seller(), tokens);
    }

    /** A payment that exists at Mercado Pago (the sandbox) for this idempotency key or external reference. */
    public void providerPayment(String idempotencyKey, String providerPaymentId) {
        providerPaymentsByKey.computeIfAbsent(idempotencyKey, key -> Collections.synchronizedList(new ArrayList<>()))
                .add(providerPaymentId);
    }

    public void event(Subject subject, long change, String eventId, String newStatus) {
        events.add(new Event(subject, change, eventId, newStatus));
    }

    /**
     * The subject's status timeline as the platform's API shows it, oldest first: the changes that each are stated by
     * one event (the platform's own transient statuses, which no event states, left out).
     */
    public void timeline(Subject subject, List<String> statuses) {
        timelines.put(subject, List.copyOf(statuses));
    }

    /** The platform's final status of the subject, and the sandbox's. */
    public void finalState(Subject subject, String platform, String provider) {
        if (platform != null) {
            platformFinal.put(subject, platform);
        }
        providerFinal.put(subject, provider);
    }

    /**
     * A Point intent request with this idempotency key was queued at Mercado Pago, as the platform answered (the
     * intent had Mercado Pago's id): exactly one intent must exist there for it.
     */
    public void intentAcknowledged(String idempotencyKey) {
        acknowledgedIntents.put(idempotencyKey, Boolean.TRUE);
    }

    /**
     * A payment or refund intent that exists at Mercado Pago (the sandbox's device had it queued) for the request with
     * this idempotency key; the same intent seen twice counts once.
     */
    public void providerIntent(String idempotencyKey, String providerIntentId) {
        providerIntentsByKey.computeIfAbsent(idempotencyKey, key -> ConcurrentHashMap.newKeySet())
                .add(providerIntentId);
    }

    boolean eventsExpectedFor(Subject subject) {
        return eventsRecorded.contains(subject.lifecycle());
    }

    Map<String, Acknowledged> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    Map<String, String> published() {
        return Map.copyOf(published);
    }

    List<String> acknowledgedCommands() {
        return acknowledgedCommands.keySet().stream().sorted().toList();
    }

    Map<String, List<String>> providerPaymentsByKey() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        providerPaymentsByKey.forEach((key, ids) -> copy.put(key, List.copyOf(ids)));
        return copy;
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    Map<Subject, List<String>> timelines() {
        return Map.copyOf(timelines);
    }

    List<String> acknowledgedIntents() {
        return acknowledgedIntents.keySet().stream().sorted().toList();
    }

    Map<String, Set<String>> providerIntentsByKey() {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        providerIntentsByKey.forEach((key, ids) -> copy.put(key, Set.copyOf(ids)));
        return copy;
    }

    Map<Subject, String> platformFinal() {
        return Map.copyOf(platformFinal);
    }

    Map<Subject, String> providerFinal() {
        return Map.copyOf(providerFinal);
    }

    Map<String, String> refusedCommands() {
        return Map.copyOf(refusedCommands);
    }

    List<SellerTokens> sellerTokens() {
        return sellerTokens.values().stream().sorted(java.util.Comparator.comparingLong(SellerTokens::seller))
                .toList();
    }
}
