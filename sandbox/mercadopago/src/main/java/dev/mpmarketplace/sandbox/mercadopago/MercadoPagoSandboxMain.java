package dev.mpmarketplace.sandbox.mercadopago;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox standalone: {@code ./marketplace sandbox [--port N]}, or as part of {@code ./marketplace up}.
 * <p>
 * Flags: {@code --host H} (127.0.0.1), {@code --port N} (18080), {@code --data-dir D} (state kept in
 * {@code D/mercadopago-sandbox.jsonl}; without it, state lives in memory), {@code --ingest-url U} and
 * {@code --redirect-uri U} for the seeded application.
 */
public final class MercadoPagoSandboxMain {

    private static final String USAGE = "usage: MercadoPagoSandboxMain [--host H] [--port N] [--data-dir DIR]"
            + " [--ingest-url URL] [--redirect-uri URL]";

    private MercadoPagoSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MercadoPagoSandboxOptions options = MercadoPagoSandboxOptions.defaults().withPort(18080);
        String ingestUrl = options.ingestWebhookUrl();
        String redirectUri = options.linkingRedirectUri();
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.println(USAGE);
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--host" -> options = options.withHost(value);
                    case "--port" -> options = options.withPort(Integer.parseInt(value));
                    case "--data-dir" -> options = options.withDataDir(Path.of(value));
                    case "--ingest-url" -> ingestUrl = value;
                    case "--redirect-uri" -> redirectUri = value;
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        options = options.withSeededApplication(ingestUrl, redirectUri);

        MercadoPagoSandbox sandbox;
        try {
            sandbox = MercadoPagoSandbox.start(options);
        } catch (IllegalStateException e) {
            System.err.println("Mercado Pago sandbox: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-stop"));
        System.out.println("Mercado Pago sandbox listening on " + sandbox.url()
                + " (control API under /sandbox, see docs/sandbox.md)");
        stopped.await();
    }
}
