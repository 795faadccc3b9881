/**
 * The test kit every service's tests use.
 * <ul>
 * <li>Real infrastructure, each piece enabled on a test class with one annotation:
 * {@link dev.mpmarketplace.testing.kafka.WithKafkaBroker} (or
 * {@link dev.mpmarketplace.testing.kafka.WithRestartableKafkaBroker}), {@link dev.mpmarketplace.testing.postgres.WithPostgres},
 * {@link dev.mpmarketplace.testing.vault.WithVaultDevServer},
 * {@link dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox}. Nothing here is a mock: the services' own
 * clients talk to a Kafka broker, a PostgreSQL server, a Vault-compatible server and the Mercado Pago sandbox over
 * the network, exactly as in production.</li>
 * <li>Clients for tests: {@link dev.mpmarketplace.testing.kafka.KafkaTestBroker#companion()} (SmallRye's
 * {@code KafkaCompanion} on the test broker), {@link dev.mpmarketplace.testing.mercadopago.SandboxControl} (the
 * sandbox's control API), {@link dev.mpmarketplace.testing.mercadopago.WebhookSigner}.</li>
 * <li>{@link dev.mpmarketplace.testing.clock.AdjustableClock}: the application's {@code Clock} in every Quarkus test,
 * which a test may move.</li>
 * <li>{@link dev.mpmarketplace.testing.notifications.Notifications}: named builders of notifications and of the raw
 * notification records ingest publishes.</li>
 * </ul>
 */
package dev.mpmarketplace.testing;
