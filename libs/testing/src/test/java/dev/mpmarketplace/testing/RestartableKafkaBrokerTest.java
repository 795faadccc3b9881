package dev.mpmarketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.mpmarketplace.testing.kafka.RestartableKafkaBroker;

/** The restartable broker goes down for real and comes back on the same address with its data. */
class RestartableKafkaBrokerTest {

    @Test
    void aStoppedBrokerRefusesClientsAndComesBackOnTheSameAddressWithItsRecords() throws Exception {
        try (RestartableKafkaBroker broker = RestartableKafkaBroker.start()) {
            String address = broker.bootstrapServers();
            broker.createTopics(List.of("restart.proof"), 1);
            try (KafkaProducer<String, String> producer = producer(address)) {
                producer.send(new ProducerRecord<>("restart.proof", "k", "before")).get(30, TimeUnit.SECONDS);

                broker.stop();
                assertThat(broker.isRunning()).isFalse();
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("restart.proof", "k", "while down"))
                        .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);

                broker.restart();
                producer.send(new ProducerRecord<>("restart.proof", "k", "after")).get(30, TimeUnit.SECONDS);
            }

            assertThat(broker.bootstrapServers()).isEqualTo(address);
            assertThat(values(address)).containsExactly("before", "after");
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000",
                ProducerConfig.LINGER_MS_CONFIG, "0",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        return new KafkaProducer<>(properties);
    }

    private static List<String> values(String bootstrapServers) {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            TopicPartition partition = new TopicPartition("restart.proof", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new java.util.ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
