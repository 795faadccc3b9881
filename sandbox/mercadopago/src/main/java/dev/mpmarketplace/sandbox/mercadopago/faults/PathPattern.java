package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path of a fault rule: {@code *} alone matches every request to the simulated API; a path with {@code *}
 * (one path segment) or {@code **} (anything, slashes included) is a glob matched against the whole path; any other
 * path is a prefix that matches itself and everything below it ({@code /v1/payments} matches
 * {@code /v1/payments/123/refunds} but not {@code /v1/payments_x}).
 */
final class PathPattern {

    private static final Map<String, PathPattern> COMPILED = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 1024;

    private final String rule;
    private final Pattern glob;

    private PathPattern(String rule) {
        this.rule = rule;
        this.glob = rule.equals("*") || !rule.contains("*") ? null : compile(rule);
    }

    static PathPattern of(String rule) {
        if (COMPILED.size() > MAX_CACHED) {
            COMPILED.clear();
        }
        return COMPILED.computeIfAbsent(rule, PathPattern::new);
    }

    boolean matches(String path) {
        if (rule.equals("*")) {
            return true;
        }
        if (glob != null) {
            return glob.matcher(path).matches();
        }
        String base = rule.endsWith("/") ? rule.substring(0, rule.length() - 1) : rule;
        return path.equals(base) || path.startsWith(base + "/");
    }

    /**
     * The resource id a matching path names: what the first wildcard matched for a glob, the segment right after a
     * prefix, the last segment for {@code *}; {@code null} when there is none.
     */
    String resourceId(String path) {
        String id;
        if (rule.equals("*")) {
            id = path.substring(path.lastIndexOf('/') + 1);
        } else if (glob != null) {
            Matcher matcher = glob.matcher(path);
            id = matcher.matches() && matcher.groupCount() > 0 ? matcher.group(1) : null;
        } else {
            String base = rule.endsWith("/") ? rule.substring(0, rule.length() - 1) : rule;
            if (!path.startsWith(base + "/")) {
                return null;
            }
            String rest = path.substring(base.length() + 1);
            int slash = rest.indexOf('/');
            id = slash < 0 ? rest : rest.substring(0, slash);
        }
        return id == null || id.isEmpty() ? null : id;
    }

    private static Pattern compile(String rule) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < rule.length()) {
            char c = rule.charAt(i);
            if (c == '*') {
                boolean any = i + 1 < rule.length() && rule.charAt(i + 1) == '*';
                regex.append(any ? "(.*)" : "([^/]*)");
                i += any ? 2 : 1;
            } else {
                int next = rule.indexOf('*', i);
                String literal = next < 0 ? rule.substring(i) : rule.substring(i, next);
                regex.append(Pattern.quote(literal));
                i += literal.length();
            }
        }
        return Pattern.compile(regex.toString());
    }
}
