package dev.mpmarketplace.sandbox.launcher;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Makes the end of a log readable on a terminal: a JSON log record (the services log one per line, Quarkus's JSON
 * format) becomes its time, level, logger and message, and its exception's chain of types and first message lines,
 * without stack frames. Any other line stays as it is.
 */
final class LogLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {
    }

    static List<String> readable(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.addAll(readable(line));
        }
        return out;
    }

    static List<String> readable(String line) {
        if (!line.startsWith("{")) {
            return List.of(line);
        }
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return List.of(line);
        }
        if (!record.isObject() || !record.has("level") || !record.has("message")) {
            return List.of(line);
        }
        List<String> out = new ArrayList<>();
        out.add(record.path("timestamp").asText("") + " " + record.path("level").asText() + " ["
                + record.path("loggerName").asText("") + "] " + record.path("message").asText());
        String prefix = "  ";
        for (JsonNode exception = record.path("exception"); exception.isObject(); exception = exception
                .path("causedBy").path("exception")) {
            out.add(prefix + exception.path("exceptionType").asText("?") + ": "
                    + exception.path("message").asText("").lines().findFirst().orElse(""));
            prefix = "  caused by ";
        }
        return out;
    }
}
