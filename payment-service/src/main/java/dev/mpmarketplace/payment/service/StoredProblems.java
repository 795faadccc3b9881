package dev.mpmarketplace.payment.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.events.MarketplaceJson;
import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemException;

/**
 * A refusal kept with the payment or operation it refused, so that the same request again gets the same answer (the
 * first result of an idempotency key, refusals included, as Stripe replays them).
 */
final class StoredProblems {

    private static final ObjectMapper JSON = MarketplaceJson.newMapper();
    private static final java.util.Set<String> STANDARD = java.util.Set.of("type", "title", "status", "detail",
            "instance");

    private StoredProblems() {
    }

    static String store(ProblemException problem) {
        return problem.toProblem(null).json();
    }

    static ProblemException restore(String stored) {
        try {
            Map<String, Object> members = JSON.readValue(stored, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            Map<String, Object> extensions = new LinkedHashMap<>(members);
            extensions.keySet().removeAll(STANDARD);
            String type = String.valueOf(members.get("type"));
            String reason = type.startsWith(Problem.TYPE_BASE) ? type.substring(Problem.TYPE_BASE.length()) : type;
            return new ProblemException(reason, String.valueOf(members.get("title")),
                    ((Number) members.get("status")).intValue(), String.valueOf(members.get("detail")), extensions,
                    Map.of(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored problem is always readable", e);
        }
    }
}
