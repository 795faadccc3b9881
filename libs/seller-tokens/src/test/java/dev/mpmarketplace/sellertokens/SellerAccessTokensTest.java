package dev.mpmarketplace.sellertokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.events.CloudEventAttributes;
import dev.mpmarketplace.events.EventSource;
import dev.mpmarketplace.events.StableEventId;
import dev.mpmarketplace.events.Topic;
import dev.mpmarketplace.events.seller.SellerEventTypes;
import dev.mpmarketplace.mercadopago.client.oauth.GrantedTokens;
import dev.mpmarketplace.testing.kafka.EmbeddedKafkaBroker;
import dev.mpmarketplace.testing.kafka.InjectKafkaBroker;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/** The token a payment or point service gets for a seller, against the Vault dev server and the broker. */
@QuarkusTest
@WithKafkaBroker
@WithVaultDevServer
class SellerAccessTokensTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @InjectKafkaBroker
    EmbeddedKafkaBroker broker;

    @Inject
    SellerAccessTokens tokens;

    @Inject
    VaultClient vault;

    @Inject
    SellerSecrets secrets;

    @Inject
    PointIntegratorKeys integratorKeys;

    @Inject
    SellerTokensConfig config;

    @Test
    void servesTheCachedTokenUntilARefreshedEventSaysItChanged() {
        long sellerId = 5_000_001L;
        write(sellerId, "APP_USR-first-" + sellerId, 0);
        assertThat(token(sellerId)).isEqualTo("APP_USR-first-" + sellerId);

        write(sellerId, "APP_USR-second-" + sellerId, 1);
        assertThat(token(sellerId)).as("cached").isEqualTo("APP_USR-first-" + sellerId);

        publish(SellerEventTypes.REFRESHED, sellerId);
        await().atMost(WAIT).untilAsserted(() -> assertThat(token(sellerId)).isEqualTo("APP_USR-second-" + sellerId));
    }

    @Test
    void anUnlinkedSellerHasNoTokenOnceTheEventArrives() {
        long sellerId = 5_000_002L;
        write(sellerId, "APP_USR-only-" + sellerId, 0);
        assertThat(token(sellerId)).isEqualTo("APP_USR-only-" + sellerId);

        kv().deleteSecretMetadata("sellers/" + sellerId).toCompletableFuture().join();
        publish(SellerEventTypes.UNLINKED, sellerId);

        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> token(sellerId))
                .isInstanceOf(SellerNotLinkedException.class));
    }

    @Test
    void theWriterAndTheReaderShareOneLayoutAndAStaleWriterLosesTheCheckAndSet() {
        long sellerId = 5_000_004L;
        OffsetDateTime expiry = OffsetDateTime.parse("2027-05-26T10:00:00Z");
        GrantedTokens first = new GrantedTokens(sellerId, "APP_USR-a-" + sellerId, "TG-a-" + sellerId, "APP_USR-pk",
                "offline_access read write", false, expiry);
        int version = secrets.write(first, 0).await().atMost(WAIT);

        SellerSecret read = secrets.read(sellerId).await().atMost(WAIT).orElseThrow();
        assertThat(read.version()).isEqualTo(version).isEqualTo(1);
        assertThat(read.accessToken()).isEqualTo("APP_USR-a-" + sellerId);
        assertThat(read.refreshToken()).isEqualTo("TG-a-" + sellerId);
        assertThat(read.expiresAt()).isEqualTo(expiry);
        assertThat(read.toString()).doesNotContain("APP_USR-a", "TG-a");
        assertThat(token(sellerId)).isEqualTo("APP_USR-a-" + sellerId);

        assertThatThrownBy(() -> secrets.write(first, 0).await().atMost(WAIT))
                .isInstanceOf(SellerSecrets.SecretVersionConflict.class);
        secrets.destroy(sellerId).await().atMost(WAIT);
        secrets.destroy(sellerId).await().atMost(WAIT);
        assertThat(secrets.currentVersion(sellerId).await().atMost(WAIT)).isZero();
        assertThat(secrets.read(sellerId).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aSellersPointIntegratorKeyLivesBesideItsTokensAtItsOwnPathAndIsReadBack() {
        long sellerId = 5_000_005L;
        assertThat(integratorKeys.read(sellerId).await().atMost(WAIT)).isEmpty();

        integratorKeys.write(sellerId, "0230abf9-first").await().atMost(WAIT);
        integratorKeys.write(sellerId, "0230abf9-second").await().atMost(WAIT);

        assertThat(integratorKeys.path(sellerId)).isEqualTo("point-integrators/" + sellerId);
        assertThat(kv().readSecret("point-integrators/" + sellerId).toCompletableFuture().join().getData())
                .containsExactly(Map.entry("token", "0230abf9-second"));
        assertThat(integratorKeys.read(sellerId).await().atMost(WAIT)).contains("0230abf9-second");
        assertThat(secrets.read(sellerId).await().atMost(WAIT)).as("not a seller's tokens").isEmpty();
    }

    @Test
    void vaultUnreachableWithNoCachedTokenIsTokensUnavailableNotAnUnlinkedSeller() {
        long sellerId = 5_000_006L;
        ConnectException refused = new ConnectException("Connection refused");
        SellerSecrets unreachable = new SellerSecrets(vault, config) {
            @Override
            public Uni<Optional<SellerSecret>> read(long userId) {
                return Uni.createFrom().failure(refused);
            }
        };
        SellerAccessTokens reader = new SellerAccessTokens(unreachable, Duration.ofSeconds(5), System::nanoTime);

        assertThatThrownBy(() -> reader.currentAccessToken(sellerId).await().atMost(WAIT))
                .isInstanceOf(SellerTokensUnavailableException.class).hasCause(refused)
                .hasMessage("the tokens of seller 5000006 could not be read from Vault (ConnectException)");
    }

    @Test
    void aSellerThatNeverLinkedHasNoToken() {
        assertThatThrownBy(() -> token(5_000_003L)).isInstanceOf(SellerNotLinkedException.class)
                .hasMessageNotContaining("APP_USR");
    }

    private String token(long sellerId) {
        return tokens.currentAccessToken(sellerId).await().atMost(WAIT);
    }

    private VaultSecretsKV2 kv() {
        return vault.secrets().kv2("secret");
    }

    private void write(long sellerId, String accessToken, int cas) {
        kv().updateSecret("sellers/" + sellerId, new VaultSecretsKV2UpdateSecretOptions().setCas(cas),
                Map.of("access_token", accessToken, "refresh_token", "TG-test-" + sellerId)).toCompletableFuture()
                .join();
    }

    private void publish(String type, long sellerId) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topic.SELLER_EVENTS.topicName(),
                    Long.toString(sellerId), ("{\"user_id\":" + sellerId + "}").getBytes(StandardCharsets.UTF_8));
            new CloudEventAttributes(StableEventId.of("test", type, Long.toString(sellerId)),
                    EventSource.SELLER_LINKING.uri(), type, Long.toString(sellerId), OffsetDateTime.now(),
                    CloudEventAttributes.JSON).writeTo(record.headers());
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
