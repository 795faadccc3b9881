package dev.mpmarketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.VaultKVSecretReactiveEngine;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.events.notification.RawNotificationReader;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.testing.clock.AdjustableClock;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.notifications.MercadoPagoNotification;
import dev.mpmarketplace.testing.notifications.Notifications;
import dev.mpmarketplace.testing.postgres.InjectTestDatabase;
import dev.mpmarketplace.testing.postgres.TestDatabase;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * Proves that the test resources are real servers reached through the clients production uses: Kafka's own client
 * and Quarkus Messaging, the reactive PostgreSQL client plus Flyway over JDBC, quarkus-vault, and plain HTTP to the
 * Mercado Pago sandbox.
 */
@QuarkusTest
@WithKafkaBroker(topics = {"proof.channel", "proof.resume"})
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9999/webhooks/mercadopago")
class RealInfrastructureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @Inject
    Clock applicationClock;

    @Inject
    AdjustableClock clock;

    @InjectTestDatabase
    TestDatabase database;

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @ConfigProperty(name = "mercadopago.base-url")
    String mercadoPagoBaseUrl;

    @Inject
    ProofChannels channels;

    @Inject
    Pool pool;

    @Inject
    VaultKVSecretReactiveEngine kv;

    @Inject
    VaultClient vault;

    @Test
    void brokerHasThePlatformTopicsAndRefusesToInventOthers() throws Exception {
        try (var admin = broker.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .containsAll(Topic.allNames())
                    .contains("proof.channel", "proof.resume");
            assertThat(admin.describeTopics(List.of(Topic.PAYMENT_EVENTS.topicName())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topic.PAYMENT_EVENTS.topicName()).partitions()).hasSize(3);
        }
        try (var producer = producer(Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("nobody.created.this", "k", "v")).get())
                    .hasMessageContaining("nobody.created.this");
        }
    }

    @Test
    void quarkusMessagingChannelsRoundTripThroughTheBroker() {
        channels.emitter().send("hello through Kafka").toCompletableFuture().join();

        await().atMost(WAIT).untilAsserted(() -> assertThat(channels.received()).contains("hello through Kafka"));
    }

    @Test
    void consumerGroupResumesFromItsCommittedOffsetAfterARestart() throws Exception {
        try (var producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("proof.resume", "seller-1", "record-" + i)).get();
            }
        }

        try (var first = consumer("resume-group")) {
            List<ConsumerRecord<String, String>> firstFive = poll(first, 5);
            ConsumerRecord<String, String> lastProcessed = firstFive.get(4);
            first.commitSync(Map.of(new TopicPartition(lastProcessed.topic(), lastProcessed.partition()),
                    new OffsetAndMetadata(lastProcessed.offset() + 1)));
            assertThat(firstFive).extracting(ConsumerRecord::value)
                    .containsExactly("record-0", "record-1", "record-2", "record-3", "record-4");
        }

        try (var restarted = consumer("resume-group")) {
            assertThat(poll(restarted, 5)).extracting(ConsumerRecord::value)
                    .containsExactly("record-5", "record-6", "record-7", "record-8", "record-9");
        }
    }

    @Test
    void sqlRoundTripsThroughTheReactiveClientOnTheSchemaFlywayMigratedOverJdbc() {
        Row inserted = pool.preparedQuery("INSERT INTO ledger (note) VALUES ($1) RETURNING id")
                .execute(Tuple.of("first entry")).await().atMost(WAIT).iterator().next();

        Row read = pool.preparedQuery("SELECT note, current_database() AS db FROM ledger WHERE id = $1")
                .execute(Tuple.of(inserted.getLong("id"))).await().atMost(WAIT).iterator().next();
        Row migration = pool.query("SELECT version, success FROM flyway_schema_history WHERE version = '1'")
                .execute().await().atMost(WAIT).iterator().next();

        assertThat(read.getString("note")).isEqualTo("first entry");
        assertThat(read.getString("db")).isEqualTo(database.name());
        assertThat(migration.getBoolean("success")).isTrue();
    }

    @Test
    void vaultKvV2WritesReadsAndRejectsAStaleCheckAndSet() {
        kv.writeSecret("sellers/241983636", Map.of("access_token", "APP_USR-first")).await().atMost(WAIT);
        assertThat(kv.readSecret("sellers/241983636").await().atMost(WAIT))
                .containsEntry("access_token", "APP_USR-first");

        var secrets = vault.secrets().kv2("secret");
        secrets.updateSecret("sellers/241983636", new VaultSecretsKV2UpdateSecretOptions().setCas(1),
                Map.of("access_token", "APP_USR-second")).toCompletableFuture().join();
        // quarkus-vault 4.7.0 maps a write's response (Vault returns the new version's metadata as `data`) onto a
        // read result, so the new version is read back rather than taken from the write.
        assertThat(secrets.readSecretMetadata("sellers/241983636").toCompletableFuture().join().getCurrentVersion())
                .isEqualTo(2);

        assertThatThrownBy(() -> secrets.updateSecret("sellers/241983636",
                new VaultSecretsKV2UpdateSecretOptions().setCas(1), Map.of("access_token", "APP_USR-stale"))
                .toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(VaultClientException.class)
                .satisfies(e -> assertThat(((VaultClientException) e).getStatus()).isEqualTo(400))
                .hasMessageContaining("check-and-set");
        assertThat(kv.readSecret("sellers/241983636").await().atMost(WAIT))
                .containsEntry("access_token", "APP_USR-second");
    }

    @Test
    void theApplicationIsPointedAtARunningMercadoPagoSandboxSeededForTheServiceUnderTest() throws Exception {
        HttpResponse<String> applications = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(mercadoPagoBaseUrl + "/sandbox/applications")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(mercadoPagoBaseUrl).isEqualTo(sandbox.url()).startsWith("http://127.0.0.1:");
        assertThat(applications.statusCode()).isEqualTo(200);
        assertThat(applications.body()).contains("\"webhook_url\":\"http://127.0.0.1:9999/webhooks/mercadopago\"");
    }

    private KafkaProducer<String, String> producer(Map<String, String> overrides) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.putAll(overrides);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String group) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of("proof.resume"));
        return consumer;
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records.subList(0, Math.min(count, records.size()));
    }

    @Test
    void theBrokersCompanionPublishesARawNotificationAndReadsItsTopicToTheEnd() {
        MercadoPagoNotification payment = Notifications.payment(Notifications.uniqueId());
        RawNotification published = payment.published("companion-proof", System.currentTimeMillis());

        broker.publish(published.toProducerRecord());

        List<ConsumerRecord<String, byte[]>> records = broker
                .records(List.of(Topic.MERCADOPAGO_PAYMENT_NOTIFICATIONS.topicName()));
        assertThat(records).filteredOn(record -> published.key().equals(record.key())).singleElement()
                .satisfies(record -> assertThat(RawNotificationReader.read(record).eventId())
                        .isEqualTo(published.eventId()));
        assertThat(broker.records(List.of(Topic.UNROUTED_NOTIFICATIONS.topicName()))).as("a topic nobody wrote to")
                .isEmpty();
    }

    @Test
    void theApplicationsClockIsTheKitsAdjustableClockEvenBesideAClockOfItsOwn() {
        // The application produces a Clock of its own (ProofClockProducer, a plain producer, not a default bean).
        try {
            clock.advance(Duration.ofHours(2));

            assertThat(Duration.between(java.time.Instant.now(), applicationClock.instant()))
                    .isBetween(Duration.ofHours(2).minusSeconds(5), Duration.ofHours(2).plusSeconds(5));
        } finally {
            clock.reset();
        }
    }
}
