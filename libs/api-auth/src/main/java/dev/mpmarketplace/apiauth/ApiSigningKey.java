package dev.mpmarketplace.apiauth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * An RSA-2048 key that signs API tokens (RS256), with its public half and key id. The private key is written as
 * PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) readable by its owner only; the public key as X.509
 * SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}), the form MicroProfile JWT's
 * {@code mp.jwt.verify.publickey.location} reads.
 * <p>
 * The key id is the key's RFC 7638 JWK thumbprint (base64url SHA-256 of {@code {"e","kty","n"}}), so the same key
 * always has the same id, and a JWKS built from it later matches the tokens already issued.
 */
public final class ApiSigningKey {

    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;

    private ApiSigningKey(RSAPrivateCrtKey privateKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKeyOf(privateKey);
        this.keyId = thumbprint(publicKey);
    }

    /** A new random RSA-2048 key. */
    public static ApiSigningKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new ApiSigningKey((RSAPrivateCrtKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    /** The key in a PKCS#8 PEM file, as {@link #writePrivateKey(Path)} writes it. */
    public static ApiSigningKey read(Path privateKeyPem) throws IOException {
        byte[] der = decodePem(Files.readString(privateKeyPem, StandardCharsets.US_ASCII), PRIVATE_LABEL,
                privateKeyPem);
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            if (!(key instanceof RSAPrivateCrtKey crt)) {
                throw new IOException(privateKeyPem + " holds an RSA key without its CRT parameters");
            }
            return new ApiSigningKey(crt);
        } catch (InvalidKeySpecException e) {
            throw new IOException(privateKeyPem + " is not a PKCS#8 RSA private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot read RSA keys", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The public key in an X.509 SubjectPublicKeyInfo PEM file, as {@link #writePublicKey(Path)} writes it. */
    public static RSAPublicKey readPublicKey(Path publicKeyPem) throws IOException {
        return parsePublicKey(Files.readString(publicKeyPem, StandardCharsets.US_ASCII), publicKeyPem.toString());
    }

    /** The public key of an X.509 SubjectPublicKeyInfo PEM text, as {@link #publicKeyPem()} gives it. */
    public static RSAPublicKey parsePublicKey(String pem) throws IOException {
        return parsePublicKey(pem, "the PEM text");
    }

    /**
     * Writes the private key as PKCS#8 PEM, readable and writable by its owner only (mode 600). The file is created
     * with that mode before anything is written to it, then moved into place, so the key is never readable by
     * others, not even for a moment.
     *
     * @throws FileAlreadyExistsException if the file exists: a signing key is never overwritten by accident
     */
    public void writePrivateKey(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "a signing key is never overwritten");
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, ".signing-key", ".tmp", ownerOnly);
        try {
            Files.writeString(temporary, encodePem(PRIVATE_LABEL, privateKey.getEncoded()), StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes the public key as X.509 SubjectPublicKeyInfo PEM (readable by anyone: it is public). */
    public void writePublicKey(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".public-key", ".tmp");
        try {
            Files.writeString(temporary, publicKeyPem(), StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The public key as X.509 SubjectPublicKeyInfo PEM text (for {@code mp.jwt.verify.publickey} in tests). */
    public String publicKeyPem() {
        return encodePem(PUBLIC_LABEL, publicKey.getEncoded());
    }

    public RSAPublicKey publicKey() {
        return publicKey;
    }

    /** The RFC 7638 thumbprint of the public key, the {@code kid} of every token this key signs. */
    public String keyId() {
        return keyId;
    }

    RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    /** Never the key itself. */
    @Override
    public String toString() {
        return "ApiSigningKey[RSA " + publicKey.getModulus().bitLength() + ", kid " + keyId + "]";
    }

    private static RSAPublicKey parsePublicKey(String pem, String source) throws IOException {
        byte[] der = decodePem(pem, PUBLIC_LABEL, source);
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new IOException(source + " is not an X.509 RSA public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot read RSA keys", e);
        }
    }

    private static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot derive an RSA public key", e);
        }
    }

    /** RFC 7638: the members {@code e}, {@code kty}, {@code n} in lexicographic order, no whitespace. */
    static String thumbprint(RSAPublicKey key) {
        String jwk = "{\"e\":\"" + base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(key.getModulus()) + "\"}";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(jwk.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** An unsigned big-endian integer without leading zero bytes, base64url (RFC 7518 section 6.3.1). */
    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encodePem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] decodePem(String pem, String label, Object source) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(source + " holds no " + label + " PEM block");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(source + " holds a " + label + " PEM block that is not base64", e);
        }
    }
}
