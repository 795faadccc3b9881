package dev.mpmarketplace.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemException;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProblemIsWrittenWithTheStandardMembersFirstAndItsExtensionsBeside() throws Exception {
        Problem problem = ProblemException.badRequest("invalid-amount", "transaction_amount must be positive")
                .toProblem("/payments")
                .with("cause", List.of(Map.of("code", "4038", "description", "invalid application_fee")));

        JsonNode body = JSON.readTree(problem.json());

        assertThat(body.fieldNames()).toIterable().containsExactly("type", "title", "status", "detail", "instance",
                "cause");
        assertThat(body.get("type").asText()).isEqualTo("https://mpmarketplace.dev/problems/invalid-amount");
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("detail").asText()).isEqualTo("transaction_amount must be positive");
        assertThat(body.at("/cause/0/code").asText()).isEqualTo("4038");
        assertThat(problem.reason()).isEqualTo("invalid-amount");
    }

    @Test
    void theResponseHasTheProblemMediaTypeAndStatus() {
        var response = Problem.of("overloaded", "Overloaded", 503, "retry", "/x").toResponse().build();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }

    @Test
    void absentMembersAreLeftOut() throws Exception {
        JsonNode body = JSON.readTree(Problem.of("not-found", "Not found", 404, null, null).json());

        assertThat(body.has("detail")).isFalse();
        assertThat(body.has("instance")).isFalse();
    }
}
