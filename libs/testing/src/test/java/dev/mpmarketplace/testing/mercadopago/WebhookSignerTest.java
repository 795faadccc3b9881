package dev.mpmarketplace.testing.mercadopago;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** Vectors computed with {@code printf '%s' "<manifest>" | openssl dgst -sha256 -hmac test-secret-not-real}. */
    private static final WebhookSigner SIGNER = new WebhookSigner("test-secret-not-real");

    @Test
    void signsTheDocumentedManifestWithHexHmacSha256() {
        assertThat(SIGNER.sign("123456", "bb56a2f1-6aae-46ac-982e-9dcd3581d08e", 1704908010L))
                .isEqualTo("ts=1704908010,v1=5111755942e7f22e568106d590d44d6b9c532d86df78d2f6a1e2be7bf7539b25");
    }

    @Test
    void leavesAbsentPartsOutOfTheManifest() {
        assertThat(SIGNER.sign(null, null, 1704908010L))
                .isEqualTo("ts=1704908010,v1=e9eae2f2809673872845fe2b1802554ee32915345fc2f7e668a63dfea483a238");
    }

    @Test
    void theHashIsTheV1Part() {
        assertThat(WebhookSigner.hashOf("ts=1,v1=abc")).isEqualTo("abc");
        assertThat(WebhookSigner.hashOf("v1=abc,ts=1")).isEqualTo("abc");
    }
}
