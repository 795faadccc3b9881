package dev.mpmarketplace.point.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for notification-ingest-service's Point challenge endpoint ({@code GET /webhooks/point/<seller>
 * ?challengeCode=}), answering with the key point-service wrote to Vault for that seller: the registration is then
 * proven by the sandbox's own check, exactly as in production, without a second service in the test. (Ingest's own
 * endpoint is tested in notification-ingest-service's PointWebhookTest, against the same Vault layout.) A seller in
 * {@link #REFUSING} gets a 500, so its challenge fails. POSTs (the integrator's notifications) are answered 200 and
 * dropped: the tests publish notifications to Kafka themselves, standing in for ingest.
 */
public class ChallengeResponder implements QuarkusTestResourceLifecycleManager {

    /** How a seller's key is read from Vault; set by the test (it has the application's beans). */
    public static volatile LongFunction<Optional<String>> keys = seller -> Optional.empty();
    /** Sellers whose challenge is answered wrongly. */
    public static final Set<Long> REFUSING = ConcurrentHashMap.newKeySet();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/webhooks/point/", this::handle);
        server.start();
        return Map.of("point.registration.webhook-base-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            URI uri = exchange.getRequestURI();
            long seller = Long.parseLong(uri.getPath().substring("/webhooks/point/".length()));
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            String code = query.startsWith("challengeCode=") ? query.substring("challengeCode=".length()) : null;
            Optional<String> key = keys.apply(seller);
            if (code == null || key.isEmpty() || REFUSING.contains(seller)) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            byte[] body = ("{\"encrypted_challenge\":\"" + hmac(key.get(), code) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
