package dev.mpmarketplace.sandbox.launcher;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.mpmarketplace.apiauth.ApiTokenIssuer;

/**
 * The environment a service runs with in the local run: every setting that differs from the service's packaged
 * configuration, so that nobody has to find one. Every service gets the same wiring (the local run has one sandbox
 * application, one Vault and one broker), except its own ports and its own database. docs/operations.md lists the
 * variables; keep the two in step when a configuration key moves.
 * <p>
 * The values include secrets (the sandbox application's client secret and webhook secret, the Vault token): they go
 * into the child process's environment, never onto a command line or into a log.
 */
public final class ServiceWiring {

    /** The local run's Vault dev server mounts KV v2 here, and the services keep sellers' tokens under this prefix. */
    static final String VAULT_MOUNT = "secret";
    static final String VAULT_PATH_PREFIX = "sellers";

    private final LocalRun localRun;
    private final SandboxApplication application;
    private final String vaultToken;

    /**
     * @param vaultToken the token the services use with Vault; {@code null} when an external Vault was given without
     *            {@code VAULT_TOKEN} (then the services use their own Vault authentication)
     */
    public ServiceWiring(LocalRun localRun, SandboxApplication application, String vaultToken) {
        this.localRun = localRun;
        this.application = application;
        this.vaultToken = vaultToken;
    }

    /** The variables for {@code service}, by name. */
    public SortedMap<String, String> env(LocalService service) {
        LocalRun.ServicePorts ports = localRun.ports(service);
        SortedMap<String, String> env = new TreeMap<>();
        // Its own ports, loopback only: the local run is not a server for the network.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.http()));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ports.management()));

        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + localRun.kafkaPort());

        service.database().ifPresent(database -> {
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_DATASOURCE_JDBC_URL",
                    "jdbc:postgresql://127.0.0.1:" + localRun.postgresPort() + "/" + database);
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL",
                    "postgresql://127.0.0.1:" + localRun.postgresPort() + "/" + database);
        });

        env.put("QUARKUS_VAULT_URL", localRun.vaultUrl());
        if (vaultToken != null) {
            env.put("QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN", vaultToken);
        }
        // Where sellers' tokens live (libs/seller-tokens), for the writer and the readers alike.
        env.put("SELLER_TOKENS_VAULT_MOUNT", VAULT_MOUNT);
        env.put("SELLER_TOKENS_VAULT_PATH_PREFIX", VAULT_PATH_PREFIX);

        // The Mercado Pago sandbox and its seeded application.
        env.put("MERCADOPAGO_BASE_URL", localRun.sandboxUrl());
        // The sandbox serves Mercado Libre's API too (orders, missed feeds), on the same host.
        env.put("MERCADOLIBRE_BASE_URL", localRun.sandboxUrl());
        // The application's own token (client credentials), for Mercado Libre's /missed_feeds; its client id is the
        // feed's application_id.
        env.put("MERCADOPAGO_APPLICATION_CLIENT_ID", application.clientId());
        env.put("MERCADOPAGO_APPLICATION_CLIENT_SECRET", application.clientSecret());
        env.put("INGEST_MERCADOPAGO_WEBHOOK_SECRET", application.webhookSecret());
        // The same application is the Mercado Libre application: its client id is the feed's application_id.
        env.put("INGEST_MERCADOLIBRE_APPLICATION_ID", application.clientId());
        env.put("LINKING_MERCADOPAGO_CLIENT_ID", application.clientId());
        env.put("LINKING_MERCADOPAGO_CLIENT_SECRET", application.clientSecret());
        env.put("LINKING_MERCADOPAGO_AUTHORIZATION_URL", localRun.sandboxUrl() + "/authorization");
        env.put("LINKING_MERCADOPAGO_REDIRECT_URI", localRun.redirectUri());
        // The base of the single-use link URLs handed to sellers' browsers; and test users, for a sandbox.
        env.put("LINKING_LINK_PUBLIC_URL", localRun.url(LocalService.named(LocalService.OAUTH_CALLBACK)));
        env.put("LINKING_TEST_USERS_ENABLED", "true");
        // Where Mercado Pago reaches ingest, for point-service's per-seller integrator webhooks
        // (<it>/webhooks/point/<seller_id>; the sandbox challenges them there).
        env.put("POINT_REGISTRATION_WEBHOOK_BASE_URL", localRun.url(LocalService.named(LocalService.WEBHOOK_RECEIVER)));

        // The API tokens of ./marketplace token: the public key to verify them with, and what they must say.
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", localRun.signingPublicKey().toString());
        env.put("MP_JWT_VERIFY_ISSUER", ApiTokenIssuer.LOCAL_ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", ApiTokenIssuer.LOCAL_AUDIENCE);
        return env;
    }

    /** The variables as {@code export} lines for a POSIX shell, values single-quoted. */
    public static String exports(Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        env.forEach((name, value) -> out.append("export ").append(name).append("='")
                .append(value.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }
}
