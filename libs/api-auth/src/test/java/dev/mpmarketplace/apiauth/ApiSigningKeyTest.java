package dev.mpmarketplace.apiauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiSigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void thePrivateKeyIsWrittenOwnerOnlyAsPkcs8PemAndReadBackAsTheSameKey() throws IOException {
        ApiSigningKey key = ApiSigningKey.generate();
        Path file = dir.resolve("keys/signing-key.pem");

        key.writePrivateKey(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        ApiSigningKey read = ApiSigningKey.read(file);
        assertThat(read.keyId()).isEqualTo(key.keyId());
        assertThat(read.publicKey().getModulus()).isEqualTo(key.publicKey().getModulus());
        assertThat(read.publicKey().getModulus().bitLength()).isEqualTo(2048);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void thePublicKeyIsWrittenAsX509SubjectPublicKeyInfoPem() throws IOException {
        ApiSigningKey key = ApiSigningKey.generate();
        Path file = dir.resolve("signing-key.pub.pem");

        key.writePublicKey(file);

        assertThat(Files.readString(file)).isEqualTo(key.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(ApiSigningKey.readPublicKey(file)).isEqualTo(key.publicKey());
        assertThat(ApiSigningKey.parsePublicKey(key.publicKeyPem())).isEqualTo(key.publicKey());
    }

    @Test
    void anExistingSigningKeyIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("signing-key.pem");
        ApiSigningKey first = ApiSigningKey.generate();
        first.writePrivateKey(file);

        assertThatThrownBy(() -> ApiSigningKey.generate().writePrivateKey(file))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(ApiSigningKey.read(file).keyId()).isEqualTo(first.keyId());
    }

    @Test
    void aFileWithoutTheExpectedKeyIsRefusedByName() throws IOException {
        Path publicOnly = dir.resolve("public.pem");
        ApiSigningKey.generate().writePublicKey(publicOnly);

        assertThatThrownBy(() -> ApiSigningKey.read(publicOnly)).isInstanceOf(IOException.class)
                .hasMessageContaining(publicOnly.toString()).hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(
                () -> ApiSigningKey.parsePublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theKeyIdIsTheRfc7638Thumbprint() throws Exception {
        // The example key of RFC 7638 section 3.1 and the thumbprint the RFC gives for it.
        String n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiF"
                + "V4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb"
                + "9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1j"
                + "F44-csFCur-kEgU8awapJzKnqDKgw";
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(n)), BigInteger.valueOf(65537)));

        assertThat(ApiSigningKey.thumbprint(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void toStringShowsTheKeyIdButNeverTheKey() {
        ApiSigningKey key = ApiSigningKey.generate();

        assertThat(key.toString()).contains(key.keyId())
                .doesNotContain(key.privateKey().getPrivateExponent().toString(16).substring(0, 16))
                .doesNotContain(key.publicKey().getModulus().toString(16).substring(0, 16));
    }
}
