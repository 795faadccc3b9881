import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes signed Mercado Pago payment notifications for the benchmark's wrk script, one request per line:
 * {@code <path and query> TAB <x-signature> TAB <x-request-id> TAB <body>}, dealt round-robin into {@code <parts>}
 * files {@code <file>.0}, {@code <file>.1}, ... (one per wrk thread, so each thread reads only its own). Signed now,
 * with the given secret, as reference section 6.2 states it (13-digit millisecond {@code ts}, like the sandbox), so
 * they stay inside the service's 5-minute window for the step that uses them. Prints the average body size in bytes.
 * <p>
 * Usage: {@code java SignedPaymentRequests.java <secret> <count> <file> [parts, 1]}.
 */
public class SignedPaymentRequests {

    public static void main(String[] args) throws Exception {
        String secret = args[0];
        int count = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        int parts = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long ts = System.currentTimeMillis();
        long bodyBytes = 0;
        PrintWriter[] outs = new PrintWriter[parts];
        try {
            for (int part = 0; part < parts; part++) {
                outs[part] = new PrintWriter(
                        Files.newBufferedWriter(Path.of(file + "." + part), StandardCharsets.UTF_8));
            }
            for (int i = 0; i < count; i++) {
                PrintWriter out = outs[i % parts];
                String dataId = Long.toString(random.nextLong(10_000_000_000L, 99_999_999_999L));
                String requestId = UUID.randomUUID().toString();
                String manifest = "id:" + dataId + ";request-id:" + requestId + ";ts:" + ts + ";";
                String signature = "ts=" + ts + ",v1="
                        + HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
                String body = "{\"id\":" + random.nextLong(10_000_000_000L, 99_999_999_999L)
                        + ",\"live_mode\":true,\"type\":\"payment\",\"date_created\":\"2026-11-22T10:04:58.396-03:00\""
                        + ",\"user_id\":" + (1_000_000 + random.nextInt(100))
                        + ",\"api_version\":\"v1\",\"action\":\"payment.updated\",\"data\":{\"id\":\"" + dataId
                        + "\"},\"application_id\":\"4417803526112233\"}";
                bodyBytes += body.getBytes(StandardCharsets.UTF_8).length;
                out.print("/webhooks/mercadopago?data.id=" + dataId + "&type=payment\t" + signature + "\t" + requestId
                        + "\t" + body + "\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + file, e);
        } finally {
            for (PrintWriter out : outs) {
                if (out != null) {
                    out.close();
                }
            }
        }
        System.out.println(bodyBytes / count);
    }
}
