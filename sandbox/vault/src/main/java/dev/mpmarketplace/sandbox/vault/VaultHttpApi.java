package dev.mpmarketplace.sandbox.vault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Vault's HTTP layer: token check, mapping of methods to operations, routing to the {@code sys}, token and KV
 * backends, and Vault's response envelope and error bodies.
 */
final class VaultHttpApi {

    /** Vault's default {@code max_request_size}. */
    static final long MAX_REQUEST_BYTES = 32L * 1024 * 1024;
    /** The version reported by {@code sys/health}; the KV behaviour follows the plugin shipped with it. */
    static final String VAULT_VERSION = "1.17.6";

    private static final System.Logger LOG = System.getLogger(VaultHttpApi.class.getName());
    private static final String JSON = "application/json";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final HttpMethod LIST = HttpMethod.valueOf("LIST");
    private static final Set<HttpMethod> KNOWN_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, LIST);

    private final KvV2Engine engine;
    private final Set<String> kvMounts;
    private final Clock clock;
    private final byte[] rootToken;
    private final String rootTokenText;
    private final String accessor;
    private final Instant startTime;
    private final String clusterName;
    private final String clusterId;

    VaultHttpApi(VaultDevServerOptions options, KvV2Engine engine) {
        this.engine = engine;
        this.kvMounts = options.kvMounts();
        this.clock = options.clock();
        this.rootTokenText = options.rootToken();
        this.rootToken = options.rootToken().getBytes(StandardCharsets.UTF_8);
        this.accessor = VaultDevServerOptions.randomRootToken().substring("hvs.".length());
        this.startTime = clock.instant();
        this.clusterId = UUID.randomUUID().toString();
        this.clusterName = "vault-cluster-" + clusterId.substring(0, 8);
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        // No file uploads: BodyHandler would otherwise create an upload directory in the working directory.
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_REQUEST_BYTES));
        // Handlers may write the data file, so they run on worker threads; the engine serialises what must be.
        router.route().blockingHandler(this::handle, false);
        router.route().failureHandler(this::handleFailure);
        return router;
    }

    private void handle(RoutingContext ctx) {
        Response response;
        try {
            response = dispatch(ctx);
        } catch (VaultApiException e) {
            response = Response.errors(e.status(), e.errors());
        } catch (RuntimeException e) {
            // The message could quote request data, so only the type is logged.
            LOG.log(Level.ERROR, "Unexpected failure serving " + ctx.request().method() + " " + ctx.request().path()
                    + ": " + e.getClass().getName());
            response = Response.errors(500, List.of("internal error"));
        }
        send(ctx, response);
    }

    private void handleFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            send(ctx, Response.errors(413, List.of("http: request body too large")));
        } else if (status >= 400 && status < 500) {
            send(ctx, Response.errors(status, List.of()));
        } else {
            Throwable failure = ctx.failure();
            LOG.log(Level.ERROR, "Unexpected failure serving " + ctx.request().method() + " " + ctx.request().path()
                    + (failure == null ? "" : ": " + failure.getClass().getName()));
            send(ctx, Response.errors(500, List.of("internal error")));
        }
    }

    private Response dispatch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = percentDecode(request.path());
        if (!path.startsWith("/v1/")) {
            return Response.errors(404, List.of());
        }
        String vaultPath = path.substring("/v1/".length());
        HttpMethod method = request.method();
        if (vaultPath.equals("sys/health")) {
            return health(method);
        }
        if (!authorized(request)) {
            throw VaultApiException.permissionDenied();
        }
        Operation op = operation(request);
        if (op == Operation.LIST && !vaultPath.endsWith("/")) {
            // Vault lists the folder, whether or not the client wrote the trailing slash.
            vaultPath += "/";
        }
        Map<String, String> query = new HashMap<>();
        request.params().forEach(param -> query.putIfAbsent(param.getKey(), param.getValue()));
        query.remove("list");
        ObjectNode body = op == Operation.UPDATE || op == Operation.PATCH ? jsonBody(ctx) : Json.object();

        if (vaultPath.equals("sys") || vaultPath.startsWith("sys/") || vaultPath.equals("auth/token")) {
            throw VaultApiException.unsupportedPath();
        }
        if (vaultPath.startsWith("auth/token/")) {
            return token(op, vaultPath.substring("auth/token/".length()), body);
        }
        String mount = mountOf(vaultPath);
        if (mount == null) {
            throw VaultApiException.routeNotFound(vaultPath);
        }
        String below = vaultPath.length() > mount.length() ? vaultPath.substring(mount.length() + 1) : "";
        return Response.of(engine.handle(mount, op, below, body, query), "kv");
    }

    private String mountOf(String vaultPath) {
        for (String mount : kvMounts) {
            if (vaultPath.equals(mount) || vaultPath.startsWith(mount + "/")) {
                return mount;
            }
        }
        return null;
    }

    private boolean authorized(HttpServerRequest request) {
        String token = request.getHeader("X-Vault-Token");
        if (token == null || token.isEmpty()) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = authorization.substring(7).trim();
            }
        }
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), rootToken);
    }

    /** Vault's mapping of HTTP methods to logical operations ({@code http/logical.go}). */
    private static Operation operation(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.GET)) {
            String list = request.getParam("list");
            if (list != null && !list.isEmpty()) {
                Boolean parsed = GoFormats.parseBool(list);
                if (parsed == null) {
                    throw new VaultApiException(400, List.of());
                }
                if (parsed) {
                    return Operation.LIST;
                }
            }
            return Operation.READ;
        }
        if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT)) {
            return Operation.UPDATE;
        }
        if (method.equals(HttpMethod.DELETE)) {
            return Operation.DELETE;
        }
        if (method.equals(LIST)) {
            return Operation.LIST;
        }
        if (method.equals(HttpMethod.PATCH)) {
            String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (contentType == null || contentType.isBlank()) {
                throw VaultApiException.badRequest("mime: no media type");
            }
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!mediaType.equals(MERGE_PATCH)) {
                throw new VaultApiException(415, List.of("PATCH requires Content-Type of " + MERGE_PATCH + ", got \""
                        + mediaType + "\""));
            }
            return Operation.PATCH;
        }
        if (method.equals(HttpMethod.HEAD)) {
            throw VaultApiException.unsupportedOperation();
        }
        throw VaultApiException.methodNotAllowed();
    }

    /** The request body as a JSON object; an empty body is an empty object, as in Vault. */
    private static ObjectNode jsonBody(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        if (buffer == null || buffer.length() == 0) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(buffer.getBytes());
        } catch (JsonProcessingException e) {
            // Only the position: the text around it may be part of a secret.
            throw VaultApiException.badRequest("failed to parse JSON input: invalid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw VaultApiException.badRequest("failed to parse JSON input: unreadable body");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return Json.object();
        }
        if (!parsed.isObject()) {
            throw VaultApiException.badRequest("failed to parse JSON input: json: cannot unmarshal "
                    + goType(parsed) + " into Go value of type map[string]interface {}");
        }
        return (ObjectNode) parsed;
    }

    private static String goType(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            default -> "value";
        };
    }

    private Response health(HttpMethod method) {
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            throw KNOWN_METHODS.contains(method)
                    ? VaultApiException.unsupportedOperation()
                    : VaultApiException.methodNotAllowed();
        }
        return new Response(200, new Health(true, false, false, false, "disabled", "disabled",
                clock.instant().getEpochSecond(), VAULT_VERSION, false, clusterName, clusterId, 0, 0, 0));
    }

    private Response token(Operation op, String path, ObjectNode body) {
        switch (path) {
            case "lookup-self" -> {
                if (op != Operation.READ && op != Operation.UPDATE) {
                    throw VaultApiException.unsupportedOperation();
                }
                return Response.of(Reply.ok(rootTokenInfo()), "token");
            }
            case "lookup" -> {
                if (op != Operation.UPDATE) {
                    throw VaultApiException.unsupportedOperation();
                }
                JsonNode token = body.get("token");
                if (token == null || token.isNull() || token.asText().isEmpty()) {
                    throw VaultApiException.badRequest("missing token");
                }
                if (!MessageDigest.isEqual(token.asText().getBytes(StandardCharsets.UTF_8), rootToken)) {
                    throw new VaultApiException(403, List.of("bad token"));
                }
                return Response.of(Reply.ok(rootTokenInfo()), "token");
            }
            default -> throw VaultApiException.unsupportedPath();
        }
    }

    /** What Vault tells about the root token of a dev server: no TTL, no expiry, the root policy. */
    private ObjectNode rootTokenInfo() {
        ObjectNode data = Json.object();
        data.put("accessor", accessor);
        data.put("creation_time", startTime.getEpochSecond());
        data.put("creation_ttl", 0);
        data.put("display_name", "root");
        data.put("entity_id", "");
        data.putNull("expire_time");
        data.put("explicit_max_ttl", 0);
        data.put("id", rootTokenText);
        data.putNull("meta");
        data.put("num_uses", 0);
        data.put("orphan", true);
        data.put("path", "auth/token/root");
        data.putArray("policies").add("root");
        data.put("ttl", 0);
        data.put("type", "service");
        return data;
    }

    private static void send(RoutingContext ctx, Response response) {
        HttpServerResponse http = ctx.response();
        if (http.ended()) {
            return;
        }
        http.setStatusCode(response.status());
        http.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (response.status() == 204) {
            http.end();
            return;
        }
        http.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        http.end(Buffer.buffer(response.bytes()));
    }

    private static String percentDecode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length() && isHex(rawPath.charAt(i + 1)) && isHex(rawPath.charAt(i + 2))) {
                bytes.write(Integer.parseInt(rawPath.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** A response about to be written: a status and a JSON body (none for 204). */
    record Response(int status, Object body) {

        static Response errors(int status, List<String> errors) {
            return new Response(status, new Errors(errors));
        }

        /** Wraps a backend's reply in the envelope every Vault API response has. */
        static Response of(Reply reply, String mountType) {
            if (!reply.hasBody()) {
                return new Response(204, null);
            }
            return new Response(reply.status(), new Envelope(UUID.randomUUID().toString(), "", false, 0,
                    reply.data(), null, reply.warnings(), null, reply.raw() ? "" : mountType));
        }

        /** Go's {@code json.Encoder} ends every body with a newline. */
        byte[] bytes() {
            try {
                byte[] json = Json.MAPPER.writeValueAsBytes(body);
                byte[] withNewline = new byte[json.length + 1];
                System.arraycopy(json, 0, withNewline, 0, json.length);
                withNewline[json.length] = '\n';
                return withNewline;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot serialise a response", e);
            }
        }
    }

    record Errors(List<String> errors) {
    }

    @JsonPropertyOrder({"request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings",
            "auth", "mount_type"})
    record Envelope(@JsonProperty("request_id") String requestId, @JsonProperty("lease_id") String leaseId,
            @JsonProperty("renewable") boolean renewable, @JsonProperty("lease_duration") int leaseDuration,
            @JsonProperty("data") JsonNode data, @JsonProperty("wrap_info") Object wrapInfo,
            @JsonProperty("warnings") List<String> warnings, @JsonProperty("auth") Object auth,
            @JsonProperty("mount_type") String mountType) {
    }

    @JsonPropertyOrder({"initialized", "sealed", "standby", "performance_standby", "replication_performance_mode",
            "replication_dr_mode", "server_time_utc", "version", "enterprise", "cluster_name", "cluster_id",
            "echo_duration_ms", "clock_skew_ms", "replication_primary_canary_age_ms"})
    record Health(@JsonProperty("initialized") boolean initialized, @JsonProperty("sealed") boolean sealed,
            @JsonProperty("standby") boolean standby,
            @JsonProperty("performance_standby") boolean performanceStandby,
            @JsonProperty("replication_performance_mode") String replicationPerformanceMode,
            @JsonProperty("replication_dr_mode") String replicationDrMode,
            @JsonProperty("server_time_utc") long serverTimeUtc, @JsonProperty("version") String version,
            @JsonProperty("enterprise") boolean enterprise, @JsonProperty("cluster_name") String clusterName,
            @JsonProperty("cluster_id") String clusterId, @JsonProperty("echo_duration_ms") long echoDurationMs,
            @JsonProperty("clock_skew_ms") long clockSkewMs,
            @JsonProperty("replication_primary_canary_age_ms") long replicationPrimaryCanaryAgeMs) {
    }
}
