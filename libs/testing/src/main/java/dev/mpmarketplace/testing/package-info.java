/**
 * Real infrastructure for tests, each piece enabled on a test class with one annotation:
 * {@link dev.mpmarketplace.testing.kafka.WithKafkaBroker}, {@link dev.mpmarketplace.testing.postgres.WithPostgres},
 * {@link dev.mpmarketplace.testing.vault.WithVaultDevServer}. Nothing here is a mock: the services' own clients talk
 * to a Kafka broker, a PostgreSQL server and a Vault-compatible server over the network, exactly as in production.
 */
package dev.mpmarketplace.testing;
