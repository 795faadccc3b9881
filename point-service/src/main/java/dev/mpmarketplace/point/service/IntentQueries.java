package dev.mpmarketplace.point.service;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.point.PointIntentState;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.IntentChange;
import dev.mpmarketplace.point.repository.IntentChangeRepository;
import dev.mpmarketplace.point.repository.IntentRepository;

/** Reading intents: one with its timeline and refunds, and pages of them (keyset, newest first). */
@ApplicationScoped
public class IntentQueries {

    /** An intent with what happened to it, oldest first, and its refunds. */
    public record Detailed(Intent intent, List<IntentChange> timeline, List<Intent> refunds) {
    }

    /** A page, and the cursor of the next one (null on the last). */
    public record Page(List<Intent> intents, String next) {
    }

    private final IntentRepository intents;
    private final IntentChangeRepository changes;

    public IntentQueries(IntentRepository intents, IntentChangeRepository changes) {
        this.intents = intents;
        this.changes = changes;
    }

    public Uni<Detailed> get(UUID id) {
        return Panache.withSession(() -> intents.findById(id).onItem().ifNull()
                .failWith(() -> PointProblems.intentNotFound(id))
                .chain(intent -> changes.timeline(id).chain(timeline -> intents.refundsOf(id)
                        .map(refunds -> new Detailed(intent, timeline, refunds)))));
    }

    /**
     * A page of intents, newest first.
     *
     * @param after the cursor a previous page answered, or null for the first page
     */
    public Uni<Page> page(Long sellerId, String deviceId, PointIntentState state, String after, int limit) {
        OffsetDateTime afterCreatedAt = null;
        UUID afterId = null;
        if (after != null && !after.isEmpty()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                afterCreatedAt = OffsetDateTime.parse(decoded.substring(0, bar));
                afterId = UUID.fromString(decoded.substring(bar + 1));
            } catch (IllegalArgumentException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                return Uni.createFrom().failure(PointProblems.invalid("after is not a cursor this API answered"));
            }
        }
        OffsetDateTime at = afterCreatedAt;
        UUID id = afterId;
        return Panache.withSession(() -> intents.page(sellerId, deviceId, state, at, id, limit + 1)).map(found -> {
            if (found.size() <= limit) {
                return new Page(found, null);
            }
            Intent last = found.get(limit - 1);
            return new Page(found.subList(0, limit), cursor(last));
        });
    }

    private static String cursor(Intent last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((last.createdAt + "|" + last.id).getBytes(StandardCharsets.UTF_8));
    }
}
