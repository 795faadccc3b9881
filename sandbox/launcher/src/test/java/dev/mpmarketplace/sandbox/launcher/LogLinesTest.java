package dev.mpmarketplace.sandbox.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LogLinesTest {

    @Test
    void aJsonRecordBecomesItsMessageAndItsExceptionChainWithoutFrames() {
        String record = "{\"timestamp\":\"2026-11-27T10:27:36.95Z\",\"loggerName\":\"io.quarkus.runtime.Application\","
                + "\"level\":\"ERROR\",\"message\":\"Failed to start application\",\"exception\":{\"refId\":1,"
                + "\"exceptionType\":\"java.lang.RuntimeException\",\"message\":\"Failed to start quarkus\","
                + "\"frames\":[{\"class\":\"io.quarkus.Main\",\"method\":\"run\",\"line\":1}],"
                + "\"causedBy\":{\"exception\":{\"refId\":2,\"exceptionType\":\"org.postgresql.util.PSQLException\","
                + "\"message\":\"FATAL: role \\\"nobody\\\" does not exist\\nSQL State  : 28000\"}}}}";

        assertThat(LogLines.readable(record)).containsExactly(
                "2026-11-27T10:27:36.95Z ERROR [io.quarkus.runtime.Application] Failed to start application",
                "  java.lang.RuntimeException: Failed to start quarkus",
                "  caused by org.postgresql.util.PSQLException: FATAL: role \"nobody\" does not exist");
    }

    @Test
    void textLinesAndJsonThatIsNoLogRecordStayAsTheyAre() {
        List<String> lines = List.of("=== kafka started by the marketplace launcher", "{\"not\": \"a record\"}",
                "{broken json", "2026-11-27 10:27:36,953 INFO  [io.quarkus] started");

        assertThat(LogLines.readable(lines)).isEqualTo(lines);
    }
}
