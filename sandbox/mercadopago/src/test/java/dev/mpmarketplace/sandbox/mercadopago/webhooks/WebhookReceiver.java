package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.mpmarketplace.sandbox.mercadopago.SandboxHttp;

/**
 * A real local HTTP endpoint that receives the sandbox's webhooks: it records every request and answers a scripted
 * status (optionally after a delay), then a default status. Handlers run on their own threads, so a slow answer is a
 * real slow answer.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, String path, Map<String, String> query, Map<String, String> headers,
            String body) {
        public JsonNode json() {
            try {
                return SandboxHttp.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A scripted answer. */
    public record Reply(int status, Duration delay) {
        public static Reply status(int status) {
            return new Reply(status, Duration.ZERO);
        }

        public static Reply after(Duration delay, int status) {
            return new Reply(status, delay);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile int defaultStatus = 200;
    /** When set, a GET with {@code challengeCode} is answered as a Point integrator webhook must answer it. */
    private volatile String challengeKey;
    /** When set (and no key), a GET with {@code challengeCode} gets this body instead. */
    private volatile String challengeBody;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new AssertionError("could not start the webhook receiver", e);
        }
    }

    /** A loopback URL where nothing listens: connections to it are refused. */
    public static String refusingUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/webhooks";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/mercadopago";
    }

    /** The next answers, in order; after them, the default status. */
    public WebhookReceiver script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /**
     * Answers Point webhook challenges ({@code GET ?challengeCode=x}) with
     * {@code {"encrypted_challenge": hex(HMAC-SHA256(key, x))}}, computed here, independently of the sandbox.
     */
    public WebhookReceiver answerChallengesWith(String key) {
        this.challengeKey = key;
        this.challengeBody = null;
        return this;
    }

    /** Answers Point webhook challenges with this body (a wrong answer). */
    public WebhookReceiver answerChallengesWithBody(String body) {
        this.challengeKey = null;
        this.challengeBody = body;
        return this;
    }

    /** The POSTs received (notifications), without the challenge GETs. */
    public List<Received> posts() {
        return received.stream().filter(r -> r.method().equals("POST")).toList();
    }

    /** Waits (up to 15 s) until a received request satisfies the condition, and returns it. */
    public Received awaitMatching(java.util.function.Predicate<Received> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            for (Received request : received) {
                if (condition.test(request)) {
                    return request;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching request among " + received);
            }
            pause();
        }
    }

    public WebhookReceiver answerByDefault(int status) {
        this.defaultStatus = status;
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Waits (up to 15 s) until at least {@code count} requests arrived, and returns all of them. */
    public List<Received> await(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (received.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " webhooks, got " + received.size() + ": " + received);
            }
            pause();
        }
        return received();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    values.get(0)));
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    query(exchange.getRequestURI().getRawQuery()), headers, body);
            received.add(request);
            if (request.method().equals("GET") && request.query().containsKey("challengeCode")) {
                answerChallenge(exchange, request.query().get("challengeCode"));
                return;
            }
            Reply reply = script.poll();
            int status = reply == null ? defaultStatus : reply.status();
            if (reply != null && !reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // The sandbox gave up waiting and closed the connection: that is the point of a slow answer.
        } finally {
            exchange.close();
        }
    }

    private void answerChallenge(HttpExchange exchange, String challengeCode) throws IOException {
        String key = challengeKey;
        String body = key != null
                ? "{\"encrypted_challenge\":\"" + hmacHex(key, challengeCode) + "\"}"
                : challengeBody != null ? challengeBody : "{}";
        byte[] answer = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    static String hmacHex(String key, String message) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    public static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
