package dev.mpmarketplace.sandbox.launcher.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.apiauth.ApiSigningKey;
import dev.mpmarketplace.apiauth.ApiTokenIssuer;
import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.sandbox.launcher.LocalRun;
import dev.mpmarketplace.sandbox.launcher.LocalService;
import dev.mpmarketplace.sandbox.launcher.SecretScanner;

/**
 * Sends every operation of every service's OpenAPI document (read from its management port, {@code /q/openapi})
 * what an attacker or a careless client would: no token, a token without the operation's role, a token with it, and
 * with that token inputs derived from the schema (valid-looking, boundaries, wrong types, oversized and odd strings,
 * negative and huge numbers, missing required fields, malformed JSON, a wrong content type, hostile path segments,
 * repeated query parameters). Every answer must be below 500, an error must be an RFC 9457 problem, and no answer may
 * hold a stack trace or a secret. One seeded {@link Random} makes every choice, so a printed seed repeats a run; at
 * most {@code perOperation} requests go to one operation.
 *
 * <p>{@link #main} runs it once against a local run that is up ({@code sandbox/launcher/fuzz.sh}).
 */
public final class ApiFuzzer {

    /** Mints a bearer token with exactly these roles (none: a valid token that grants nothing). */
    public interface TokenMinter {
        String token(Collection<String> roles);
    }

    /** A service to fuzz: its public base URL and where its OpenAPI document is. */
    public record Target(String service, String baseUrl, String openApiUrl) {
    }

    /** One answer that broke a rule: which operation, which input, what came back (secrets masked). */
    public record Failure(String service, String operation, String input, String broken, int status, String answer) {
        @Override
        public String toString() {
            return service + " " + operation + ": " + broken + "\n    sent: " + input + "\n    got:  " + status + " "
                    + answer;
        }
    }

    /** What a run did: its seed, the requests and operations per service, and every broken rule. */
    public record Report(long seed, Map<String, Integer> requests, Map<String, List<String>> operations,
            Map<String, Map<Integer, Integer>> statuses, List<Failure> failures) {

        public String summary() {
            return "seed " + seed + "; " + requests.entrySet().stream().map(e -> e.getKey() + " "
                    + operations.getOrDefault(e.getKey(), List.of()).size() + " operations, " + e.getValue()
                    + " requests").collect(Collectors.joining("; ")) + "; " + failures.size() + " failures";
        }

        /** One line per service: its operations as the fuzzer read them, and how many answers had each status. */
        public String operationList() {
            return operations.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue())
                    + "\n  statuses " + statuses.getOrDefault(e.getKey(), Map.of())).collect(Collectors.joining("\n"));
        }
    }

    private record Operation(String service, String baseUrl, String method, String path, List<JsonNode> parameters,
            String mediaType, JsonNode bodySchema, boolean secured, List<String> roles, boolean page) {

        String name() {
            return method + " " + path;
        }
    }

    /** A request as sent: path values already percent-encoded, query pairs in order (a name may repeat). */
    private record Call(String label, Map<String, String> path, List<Map.Entry<String, String>> query,
            Map<String, String> headers, String contentType, String body, String token) {

        Call with(String newLabel) {
            return new Call(newLabel, path, query, headers, contentType, body, token);
        }

        Call withToken(String roles) {
            return new Call(label, path, query, headers, contentType, body, roles);
        }

        Call withBody(String newContentType, String newBody) {
            return new Call(label, path, query, headers, newContentType, newBody, token);
        }

        Call withJson(JsonNode json) {
            return withBody(contentType, json.toString());
        }

        Call withPath(String name, String encoded) {
            Map<String, String> changed = new LinkedHashMap<>(path);
            changed.put(name, encoded);
            return new Call(label, changed, query, headers, contentType, body, token);
        }

        /** The parameter set to {@code value}, or, {@code repeated}, sent twice: its valid value and then this one. */
        Call withQuery(String name, String value, boolean repeated) {
            List<Map.Entry<String, String>> changed = new ArrayList<>();
            String kept = null;
            for (Map.Entry<String, String> pair : query) {
                if (pair.getKey().equals(name)) {
                    kept = pair.getValue();
                } else {
                    changed.add(pair);
                }
            }
            if (repeated) {
                changed.add(Map.entry(name, kept == null ? value : kept));
            }
            changed.add(Map.entry(name, value));
            return new Call(label, path, changed, headers, contentType, body, token);
        }

        Call withHeader(String name, String value) {
            Map<String, String> changed = new LinkedHashMap<>(headers);
            changed.put(name, value);
            return new Call(label, path, query, changed, contentType, body, token);
        }
    }

    /** Stands for a token that no key signed. */
    private static final String INVALID_TOKEN = "!invalid";
    /**
     * URI too long, headers too large: answered by the HTTP server's codec before any route (an empty body, no
     * application code runs), so they cannot be problems; still checked for a 5xx, a stack trace and a secret.
     */
    private static final Set<Integer> PROTOCOL_LIMITS = Set.of(414, 431);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final List<String> STACK_TRACE = List.of("\tat ", "at dev.", "at io.", "at java.", "at org.",
            "Exception", "Caused by");

    private final HttpClient http;
    private final SecretScanner scanner;
    private final TokenMinter minter;
    private final FuzzHints hints;
    private final long seed;
    private final int perOperation;
    private final List<String> minted = new CopyOnWriteArrayList<>();

    public ApiFuzzer(SecretScanner scanner, TokenMinter minter, FuzzHints hints, long seed, int perOperation) {
        // HTTP/1.1, as the marketplace's backends call the services: the JDK client's default (an h2c upgrade on each
        // new connection, then HTTP/2 streams) once left the OpenAPI fetch of one service waiting forever on a
        // connection the server had finished with, and the fuzzer tests the services, not that upgrade.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.scanner = scanner;
        this.minter = minter;
        this.hints = hints;
        this.seed = seed;
        this.perOperation = perOperation;
    }

    /** Every API token this fuzzer minted: secrets that no log may hold. */
    public List<String> mintedTokens() {
        return List.copyOf(minted);
    }

    public Report run(List<Target> targets) throws IOException, InterruptedException {
        Random random = new Random(seed);
        Map<String, Integer> requests = new LinkedHashMap<>();
        Map<String, List<String>> operations = new LinkedHashMap<>();
        Map<String, Map<Integer, Integer>> statuses = new LinkedHashMap<>();
        List<Failure> failures = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (Target target : targets) {
            JsonNode document = FuzzInputs.JSON.readTree(send(HttpRequest.newBuilder(
                    URI.create(target.openApiUrl() + "?format=json")).timeout(TIMEOUT).GET()).body());
            FuzzInputs inputs = new FuzzInputs(document, hints, random);
            List<Operation> found = operations(target, document);
            operations.put(target.service(), found.stream().map(Operation::name).toList());
            int sent = 0;
            for (Operation operation : found) {
                for (Call call : calls(operation, inputs)) {
                    String token = call.token() == null
                            ? null
                            : call.token().equals(INVALID_TOKEN)
                                    ? "eyJhbGciOiJub25lIn0.e30.not-signed"
                                    : tokens.computeIfAbsent(call.token(), this::mint);
                    failures.addAll(sendAndCheck(operation, call, token, statuses.computeIfAbsent(
                            target.service(), service -> new java.util.TreeMap<>())));
                    sent++;
                }
            }
            requests.put(target.service(), sent);
        }
        return new Report(seed, requests, operations, statuses, failures);
    }

    private String mint(String roles) {
        String token = minter.token(roles.isEmpty() ? List.of() : List.of(roles.split(",")));
        minted.add(token);
        return token;
    }

    // --- Reading the document ---------------------------------------------------------------------------------------

    private List<Operation> operations(Target target, JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        JsonNode globalSecurity = document.path("security");
        document.path("paths").fields().forEachRemaining(path -> {
            List<JsonNode> shared = new ArrayList<>();
            path.getValue().path("parameters").forEach(shared::add);
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>(shared);
                operation.path("parameters").forEach(parameters::add);
                String mediaType = null;
                JsonNode bodySchema = null;
                JsonNode content = operation.path("requestBody").path("content");
                if (content.size() > 0) {
                    mediaType = content.has("application/json") ? "application/json" : content.fieldNames().next();
                    bodySchema = content.path(mediaType).path("schema");
                }
                JsonNode security = operation.has("security") ? operation.get("security") : globalSecurity;
                boolean secured = false;
                Set<String> roles = new LinkedHashSet<>();
                for (JsonNode requirement : security) {
                    requirement.fields().forEachRemaining(scheme -> scheme.getValue()
                            .forEach(role -> roles.add(role.asText())));
                    secured |= requirement.size() > 0;
                }
                boolean page = producesOnly(operation, "text/html");
                operations.add(new Operation(target.service(), target.baseUrl(), method.toUpperCase(Locale.ROOT),
                        path.getKey(), parameters, mediaType, bodySchema, secured, List.copyOf(roles), page));
            }
        });
        return operations;
    }

    private static boolean producesOnly(JsonNode operation, String mediaType) {
        Set<String> produced = new LinkedHashSet<>();
        operation.path("responses").forEach(response -> response.path("content").fieldNames()
                .forEachRemaining(produced::add));
        return !produced.isEmpty() && produced.stream().allMatch(type -> type.startsWith(mediaType));
    }

    // --- Making the inputs ------------------------------------------------------------------------------------------

    private List<Call> calls(Operation operation, FuzzInputs inputs) {
        String rightRoles = operation.secured()
                ? String.join(",", operation.roles().isEmpty()
                        ? Roles.ALL
                        : operation.roles())
                : null;
        Call valid = validCall(operation, inputs, rightRoles);
        List<Call> first = new ArrayList<>();
        List<Call> rest = new ArrayList<>();
        if (operation.secured()) {
            first.add(valid.with("no token").withToken(null));
            List<String> others = new ArrayList<>(Roles.ALL);
            others.removeAll(operation.roles());
            if (!operation.roles().isEmpty()) {
                first.add(valid.with("token without the role").withToken(String.join(",", others)));
            } else {
                // The document names no roles (an HTTP bearer scheme lists none): a token that grants none is refused.
                first.add(valid.with("token without the role").withToken(""));
            }
            first.add(valid.with("invalid token").withToken(INVALID_TOKEN));
        }
        first.add(valid);

        JsonNode body = valid.body() == null ? null : parse(valid.body());
        if (operation.mediaType() != null) {
            List<String> malformed = FuzzInputs.malformedBodies();
            first.add(valid.with("malformed JSON").withBody(operation.mediaType(),
                    malformed.get(inputs.random.nextInt(malformed.size()))));
            malformed.forEach(text -> rest.add(valid.with("malformed JSON").withBody(operation.mediaType(), text)));
            first.add(valid.with("wrong content type").withBody("text/plain", valid.body()));
            rest.add(valid.with("wrong content type").withBody("application/xml", "<payment><id>1</id></payment>"));
            rest.add(valid.with("wrong content type").withBody("application/x-www-form-urlencoded", "a=1&b=2"));
            rest.add(valid.with("no content type").withBody(null, valid.body()));
        }
        if (body != null && body.isObject()) {
            JsonNode schema = inputs.resolve(operation.bodySchema());
            ObjectNode onlyRequired = ((ObjectNode) body).deepCopy();
            Set<String> required = new LinkedHashSet<>();
            schema.path("required").forEach(name -> required.add(name.asText()));
            onlyRequired.retain(required);
            rest.add(valid.with("only required fields").withJson(onlyRequired));
            rest.add(valid.with("empty object").withJson(FuzzInputs.JSON.createObjectNode()));
            for (String name : required) {
                ObjectNode without = ((ObjectNode) body).deepCopy();
                without.remove(name);
                rest.add(valid.with("missing required " + name).withJson(without));
            }
            for (String name : inputs.propertyNames(schema)) {
                JsonNode property = schema.path("properties").path(name);
                for (JsonNode wrong : inputs.wrongTypes(property)) {
                    rest.add(valid.with("wrong type of " + name).withJson(replaced(body, name, wrong)));
                }
                for (JsonNode edge : inputs.edges(property)) {
                    rest.add(valid.with("edge value of " + name).withJson(replaced(body, name, edge)));
                }
                JsonNode nested = inputs.resolve(property);
                if (FuzzInputs.type(nested).equals("object") && body.path(name).isObject()) {
                    for (String inner : inputs.propertyNames(nested)) {
                        for (JsonNode edge : inputs.edges(nested.path("properties").path(inner))) {
                            ObjectNode deeper = ((ObjectNode) body).deepCopy();
                            ((ObjectNode) deeper.get(name)).set(inner, edge);
                            rest.add(valid.with("edge value of " + name + "." + inner).withJson(deeper));
                        }
                    }
                }
            }
            rest.add(valid.with("unknown field").withJson(replaced(body, "unexpected_field", inputs.valid(
                    FuzzInputs.JSON.createObjectNode().put("type", "string"), "x", 0))));
            rest.add(valid.with("array instead of object").withJson(FuzzInputs.JSON.createArrayNode().add(body)));
        }
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asText();
            switch (parameter.path("in").asText()) {
                case "path" -> FuzzInputs.PATH_SEGMENTS.forEach(segment -> rest.add(
                        valid.with("path " + name + "=" + cut(segment, 40)).withPath(name, segment)));
                case "query" -> {
                    for (String text : inputs.hostileTexts()) {
                        rest.add(valid.with("query " + name).withQuery(name, text, false));
                    }
                    rest.add(valid.with("repeated query " + name).withQuery(name, "1", true));
                    rest.add(valid.with("repeated query " + name).withQuery(name, "abc", true));
                }
                case "header" -> {
                    for (String text : inputs.hostileTexts()) {
                        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                            rest.add(valid.with("header " + name).withHeader(name, text));
                        }
                    }
                }
                default -> {
                }
            }
        }
        Collections.shuffle(rest, inputs.random);
        List<Call> calls = new ArrayList<>(first);
        calls.addAll(rest.subList(0, Math.max(0, Math.min(rest.size(), perOperation - first.size()))));
        return calls;
    }

    private Call validCall(Operation operation, FuzzInputs inputs, String roles) {
        Map<String, String> path = new LinkedHashMap<>();
        List<Map.Entry<String, String>> query = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asText();
            JsonNode value = inputs.valid(parameter.path("schema"), name, 0);
            String text = value.isTextual() ? value.asText() : value.toString();
            switch (parameter.path("in").asText()) {
                case "path" -> path.put(name, encode(text));
                case "query" -> {
                    if (parameter.path("required").asBoolean() || inputs.random.nextBoolean()) {
                        query.add(Map.entry(name, text));
                    }
                }
                case "header" -> headers.put(name, text);
                default -> {
                }
            }
        }
        String body = operation.bodySchema() == null
                ? null
                : inputs.valid(operation.bodySchema(), "body", 0).toString();
        return new Call("valid-looking", path, query, headers, operation.mediaType(), body, roles);
    }

    private static JsonNode replaced(JsonNode body, String name, JsonNode value) {
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.set(name, value);
        return copy;
    }

    private static JsonNode parse(String text) {
        try {
            return FuzzInputs.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- Sending and judging ----------------------------------------------------------------------------------------

    private List<Failure> sendAndCheck(Operation operation, Call call, String token, Map<Integer, Integer> statuses)
            throws InterruptedException {
        String path = operation.path();
        for (Map.Entry<String, String> value : call.path().entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        String query = call.query().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String url = operation.baseUrl() + path + (query.isEmpty() ? "" : "?" + query);
        String shown = operation.method() + " " + operation.baseUrl() + path.replaceAll("([^/]{60})[^/]{20,}", "$1...")
                + (call.query().isEmpty()
                        ? ""
                        : "?" + call.query().stream().map(e -> e.getKey() + "="
                                + cut(e.getValue(), 60)).collect(Collectors.joining("&")))
                + call.headers().entrySet().stream().map(e -> " [" + e.getKey() + ": " + cut(e.getValue(), 60) + "]")
                        .collect(Collectors.joining());
        String sent = shown + (call.contentType() == null
                ? ""
                : " [" + call.contentType()
                        + "]")
                + " (" + call.label() + (token == null
                        ? ", no token"
                        : ", roles " + (call.token().isEmpty() ? "none" : call.token()))
                + ")"
                + (call.body() == null ? "" : " body " + cut(call.body(), 300));
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        } catch (IllegalArgumentException unsendable) {
            return List.of();
        }
        HttpRequest.BodyPublisher publisher = call.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body());
        request.method(operation.method(), publisher);
        if (call.contentType() != null) {
            request.header("Content-Type", call.contentType());
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            call.headers().forEach(request::header);
        } catch (IllegalArgumentException restricted) {
            return List.of();
        }
        HttpResponse<String> response;
        try {
            response = sendOnLiveConnection(request);
        } catch (IOException e) {
            return List.of(failure(operation, sent, "no answer: " + e, 0, ""));
        }
        List<Failure> failures = new ArrayList<>();
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String body = response.body();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String answered = contentType + " " + body;
        if (status >= 500) {
            failures.add(failure(operation, sent, "a 5xx answer", status, answered));
        }
        if (operation.secured() && call.label().equals("no token") && status != 401) {
            failures.add(failure(operation, sent, "no token must be 401", status, answered));
        }
        if (operation.secured() && call.label().equals("invalid token") && status != 401) {
            failures.add(failure(operation, sent, "an invalid token must be 401", status, answered));
        }
        if (operation.secured() && call.label().equals("token without the role") && status != 403) {
            failures.add(failure(operation, sent, "a token without the role must be 403", status, answered));
        }
        if (status >= 400 && !operation.page() && !PROTOCOL_LIMITS.contains(status)) {
            String problem = problemViolation(status, contentType, body);
            if (problem != null) {
                failures.add(failure(operation, sent, problem, status, answered));
            }
        }
        for (String trace : STACK_TRACE) {
            if (body.contains(trace)) {
                failures.add(failure(operation, sent, "a stack trace ('" + trace.strip() + "')", status, answered));
                break;
            }
        }
        String headers = response.headers().map().entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("\n"));
        String echoed = url + "\n" + (call.body() == null ? "" : call.body());
        for (SecretScanner.Finding leak : scanner.with(minted).scan(headers + "\n" + body, "the answer", echoed)) {
            failures.add(failure(operation, sent, "a secret in the answer: " + leak.kind(), status, answered));
        }
        return failures;
    }

    /** Why an error answer is not an RFC 9457 problem, or {@code null} when it is one. */
    static String problemViolation(int status, String contentType, String body) {
        if (!contentType.startsWith("application/problem+json")) {
            return "an error that is not application/problem+json";
        }
        JsonNode problem = parse(body);
        if (problem == null || !problem.isObject()) {
            return "a problem body that is not a JSON object";
        }
        if (problem.path("status").asInt() != status) {
            return "a problem whose status is not the answer's";
        }
        if (!problem.path("title").isTextual()) {
            return "a problem without a title";
        }
        return null;
    }

    private Failure failure(Operation operation, String sent, String broken, int status, String answer) {
        SecretScanner masking = scanner.with(minted);
        return new Failure(operation.service(), operation.name(), masking.mask(sent), broken, status,
                masking.mask(cut(answer, 1_500)));
    }

    /**
     * Sends once more when the first attempt got no byte of an answer (not a timeout): a server closes a connection
     * after some refusals (a 414 whose request it could not read), and a request the client had already put on that
     * pooled connection meets the close. A service that never answers fails the second attempt too.
     */
    private HttpResponse<String> sendOnLiveConnection(HttpRequest.Builder request)
            throws IOException, InterruptedException {
        try {
            return send(request);
        } catch (java.net.http.HttpTimeoutException timedOut) {
            throw timedOut;
        } catch (IOException closed) {
            Thread.sleep(100);
            return send(request);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...(" + text.length() + " chars)";
    }

    // --- Running once against a local run that is up --------------------------------------------------------------

    /**
     * Fuzzes every service of the local run that is up (the same {@code MARKETPLACE_*} environment as
     * {@code ./marketplace}), then greps its logs; exits 1 on any failure. Arguments: {@code [seed]
     * [requests per operation]}.
     */
    public static void main(String[] args) throws Exception {
        LocalRun localRun = LocalRun.fromEnvironment(System.getenv());
        long seed = args.length > 0 ? Long.parseLong(args[0]) : System.nanoTime();
        int perOperation = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        ApiTokenIssuer issuer = ApiTokenIssuer.local(ApiSigningKey.read(localRun.signingKey()));
        RunSecrets secrets = RunSecrets.read(localRun);
        FuzzHints hints = new FuzzHints();
        secrets.linkedSellers().stream().findFirst().ifPresent(hints::seller);
        ApiFuzzer fuzzer = new ApiFuzzer(new SecretScanner(secrets.values()),
                roles -> issuer.issue("api-fuzzer", roles), hints, seed, perOperation);
        System.out.println("ApiFuzzer: seed " + seed + " (ApiFuzzer <seed> repeats this run), at most " + perOperation
                + " requests per operation");
        Report report = fuzzer.run(targets(localRun));
        System.out.println(report.operationList());
        report.failures().forEach(System.out::println);
        RunSecrets after = RunSecrets.read(localRun);
        List<SecretScanner.Finding> leaks = new SecretScanner(after.values()).with(fuzzer.mintedTokens())
                .scanDirectory(localRun.logs());
        leaks.forEach(leak -> System.out.println("LEAK " + leak));
        System.out.println("ApiFuzzer: " + report.summary() + "; " + leaks.size() + " secrets in the logs under "
                + localRun.logs());
        System.exit(report.failures().isEmpty() && leaks.isEmpty() ? 0 : 1);
    }

    /** Every service of the local run: its public URL and its OpenAPI document on the management port. */
    public static List<Target> targets(LocalRun localRun) {
        return LocalService.ALL.stream().map(service -> new Target(service.module(), localRun.url(service),
                "http://127.0.0.1:" + localRun.ports(service).management() + "/q/openapi")).toList();
    }
}
