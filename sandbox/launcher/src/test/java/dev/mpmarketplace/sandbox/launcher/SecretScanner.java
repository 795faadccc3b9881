package dev.mpmarketplace.sandbox.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds what must never be written down: the exact secrets of a run (tokens it issued, client and webhook secrets, the
 * Vault token) and whatever has the shape of one (bearer values, Mercado Pago access and refresh tokens, JWTs, full
 * webhook signatures, card numbers that pass the Luhn check). For any text: an HTTP answer, a log file, a directory
 * of logs. Depends on the JDK only, so it runs from a test, a main or a script alike.
 *
 * <pre>{@code
 * SecretScanner scanner = new SecretScanner(List.of(clientSecret, webhookSecret, accessToken));
 * List<SecretScanner.Finding> leaks = scanner.scanDirectory(home.resolve("logs"));
 * assertThat(leaks).isEmpty();   // each Finding prints where, what kind, and the line with the secret masked
 * }</pre>
 */
public final class SecretScanner {

    /** What was found, where (a file and line, or an answer's description), and the context with secrets masked. */
    public record Finding(String where, String kind, String context) {
        @Override
        public String toString() {
            return where + ": " + kind + " in: " + context;
        }
    }

    private record Shape(String kind, Pattern pattern) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("bearer token", Pattern.compile("Bearer\\s+[A-Za-z0-9._~+/=-]{16,}")),
            new Shape("Mercado Pago access token",
                    Pattern.compile("\\b(?:APP_USR|TEST)-[0-9A-Za-z]+(?:-[0-9A-Za-z]+){2,}")),
            new Shape("Mercado Pago code or refresh token", Pattern.compile("\\bTG-[0-9a-f]{16,}-\\d+")),
            new Shape("JWT", Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}")),
            new Shape("full webhook signature", Pattern.compile("v1=[0-9a-fA-F]{64}")),
            new Shape("Vault token", Pattern.compile("\\bhv[sbr]\\.[A-Za-z0-9_-]{20,}")));

    /** 13 to 19 digits, alone or in groups split by single spaces or dashes, not inside a longer run of digits. */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9A-Za-z])\\d(?:[ -]?\\d){12,18}(?![0-9A-Za-z])");

    /**
     * A UUID (consumer member ids, request ids, event ids): its first three groups can be 16 digits that pass the Luhn
     * check, about one UUID in ten thousand. Its digits are never a card number.
     */
    private static final Pattern UUID = Pattern.compile(
            "(?<![0-9A-Za-z])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])");

    private static final int CONTEXT = 80;

    private final Set<String> secrets;

    /** @param secrets the exact values of this run that must appear nowhere (blank ones and short ones ignored) */
    public SecretScanner(Collection<String> secrets) {
        this.secrets = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && secret.strip().length() >= 8) {
                this.secrets.add(secret.strip());
            }
        }
    }

    /** A scanner that also looks for these exact secrets. */
    public SecretScanner with(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return new SecretScanner(all);
    }

    /** Every log ({@code *.log}, {@code *.out}, {@code *.err}, any regular file) under {@code directory}. */
    public List<Finding> scanDirectory(Path directory) {
        List<Finding> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                findings.addAll(scanFile(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    public List<Finding> scanFile(Path file) {
        List<Finding> findings = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            // ISO-8859-1 reads any byte; the secrets and shapes looked for are ASCII.
            int[] number = {0};
            lines.forEach(line -> {
                number[0]++;
                findings.addAll(scan(line, file + ":" + number[0], ""));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }

    /**
     * The secrets in {@code text}.
     *
     * @param where how a finding names the text
     * @param echoed what the text may repeat without it being a leak (the request that produced an answer): a digit
     *        run found there too is the caller's own input, not a card number the platform gave away
     */
    public List<Finding> scan(String text, String where, String echoed) {
        List<Finding> findings = new ArrayList<>();
        for (String secret : secrets) {
            int at = text.indexOf(secret);
            if (at >= 0) {
                findings.add(new Finding(where, "a secret of this run", context(text, at, secret.length())));
            }
        }
        for (Shape shape : SHAPES) {
            Matcher matcher = shape.pattern().matcher(text);
            if (matcher.find()) {
                findings.add(new Finding(where, shape.kind(), context(text, matcher.start(), matcher.end()
                        - matcher.start())));
            }
        }
        Matcher digits = DIGIT_RUN.matcher(withoutUuids(text));
        while (digits.find()) {
            String number = digits.group().replaceAll("[ -]", "");
            if (number.length() >= 13 && looksLikeCard(number) && !echoed.contains(number)) {
                findings.add(new Finding(where, "card number", context(text, digits.start(), digits.end()
                        - digits.start())));
                break;
            }
        }
        return findings;
    }

    /** {@code text} with every secret and secret-shaped value replaced by {@code ***}, for printing a failure. */
    public String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "***");
        }
        for (Shape shape : SHAPES) {
            masked = shape.pattern().matcher(masked).replaceAll("***");
        }
        Matcher digits = DIGIT_RUN.matcher(withoutUuids(masked));
        StringBuilder out = new StringBuilder();
        int copied = 0;
        while (digits.find()) {
            String number = digits.group().replaceAll("[ -]", "");
            if (number.length() >= 13 && looksLikeCard(number)) {
                out.append(masked, copied, digits.start()).append("***");
                copied = digits.end();
            }
        }
        return out.append(masked, copied, masked.length()).toString();
    }

    /** {@code text} with each UUID blanked out character for character, so that positions stay those of the text. */
    private static String withoutUuids(String text) {
        return UUID.matcher(text).replaceAll(uuid -> "u".repeat(uuid.group().length()));
    }

    /**
     * A card number: an issuer prefix of the networks Mercado Pago takes (Visa 4, Mastercard 51-55 and 22-27, Amex
     * 34/37, Diners 36/38, Discover, Elo, Hipercard and others 6; no card starts with 0, 1, 7, 8 or 9, which keeps epoch
     * milliseconds and most ids out) and a valid Luhn check digit.
     */
    static boolean looksLikeCard(String digits) {
        char first = digits.charAt(0);
        boolean issuer = first == '3' || first == '4' || first == '5' || first == '6'
                || first == '2' && digits.charAt(1) >= '2' && digits.charAt(1) <= '7';
        return issuer && luhn(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private String context(String text, int at, int length) {
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(text.length(), at + length + CONTEXT);
        return (from > 0 ? "..." : "") + mask(text.substring(from, to)) + (to < text.length() ? "..." : "");
    }
}
