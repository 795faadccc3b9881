package dev.mpmarketplace.sandbox.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScannerTest {

    private final SecretScanner scanner = new SecretScanner(List.of("s3cr3t-client-secret-value"));

    @Test
    void findsTheRunsOwnSecretsAndMasksThem() {
        List<SecretScanner.Finding> found = scanner.scan("{\"msg\":\"exchanging with s3cr3t-client-secret-value\"}",
                "log:1", "");

        assertThat(found).singleElement().satisfies(finding -> {
            assertThat(finding.kind()).isEqualTo("a secret of this run");
            assertThat(finding.context()).contains("***").doesNotContain("s3cr3t");
        });
    }

    @Test
    void findsEveryShapeOfSecret() {
        assertThat(kinds("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9abcdefghij")).contains("bearer token");
        assertThat(kinds("token APP_USR-1234567890-112715-0f3a9c2e4b5d6e7f8a9b0c1d2e3f4a5b-987654"))
                .contains("Mercado Pago access token");
        assertThat(kinds("refresh TG-0f3a9c2e4b5d6e7f8a9b0c1d-987654")).contains("Mercado Pago code or refresh token");
        assertThat(kinds("x-signature ts=1704908010,v1=" + "a1".repeat(32))).contains("full webhook signature");
        assertThat(kinds("card 4509 9535 6623 3704 approved")).contains("card number");
        assertThat(kinds("card 5031433215406351")).contains("card number");
        assertThat(kinds("card 4509-9535-6623-3704 beside 45099535-6623-3704-a157-87ab699c9a3d"))
                .contains("card number");
    }

    @Test
    void leavesAloneWhatOnlyLooksLikeASecret() {
        assertThat(kinds("card 4509953566233705 (Luhn fails)")).isEmpty();
        assertThat(kinds("at 1764258127351 ms, payment 130145557890, offset 4509953566233704000")).isEmpty();
        assertThat(kinds("v1=abc, a truncated signature v1=" + "a1".repeat(4) + "...")).isEmpty();
        assertThat(kinds("a valid bearer token is required; WWW-Authenticate: Bearer")).isEmpty();
        assertThat(
                kinds("member id kafka-consumer-seller-token-invalidations-45099535-6623-3704-a157-87ab699c9a3d joins"))
                .as("a UUID whose first three groups are 16 digits passing the Luhn check").isEmpty();
        assertThat(scanner.scan("instance /payments/4509953566233704", "answer", "GET /payments/4509953566233704"))
                .as("the caller's own input echoed back").isEmpty();
    }

    @Test
    void masksCardNumbersButNotUuids() {
        assertThat(scanner.mask("member 45099535-6623-3704-a157-87ab699c9a3d paid with 4509 9535 6623 3704."))
                .isEqualTo("member 45099535-6623-3704-a157-87ab699c9a3d paid with ***.");
    }

    @Test
    void scansEveryFileOfALogDirectoryNamingFileAndLine(@TempDir Path logs) throws Exception {
        Files.writeString(logs.resolve("clean.log"), "started\nready\n");
        Files.writeString(logs.resolve("leaky.log"), "started\nsecret s3cr3t-client-secret-value\n");

        assertThat(scanner.scanDirectory(logs)).extracting(SecretScanner.Finding::where)
                .containsExactly(logs.resolve("leaky.log") + ":2");
    }

    private List<String> kinds(String text) {
        return scanner.scan(text, "text", "").stream().map(SecretScanner.Finding::kind).toList();
    }
}
