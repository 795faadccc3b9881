package dev.mpmarketplace.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class TopicTest {

    /** Kafka's legal topic characters, minus '_' which collides with '.' in metric names. */
    private static final Pattern LEGAL = Pattern.compile("[a-z0-9.-]{1,249}");

    @Test
    void topicNamesAreUniqueAndLegalKafkaNames() {
        List<String> names = Topic.allNames();
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        assertThat(names).allMatch(name -> LEGAL.matcher(name).matches(), "legal Kafka topic name");
    }

    @Test
    void everyServiceHasADeadLetterTopic() {
        assertThat(Topic.ofKind(Topic.Kind.DEAD_LETTER)).extracting(Topic::topicName)
                .hasSize(EventSource.values().length)
                .allMatch(name -> name.endsWith("-service.dead-letter"));
    }

    @Test
    void configSourceExposesEveryTopicUnderItsConfigKey() {
        TopicConfigSource source = new TopicConfigSource();
        assertThat(source.getValue("marketplace.topic.mercadopago-payment-notifications"))
                .isEqualTo("notifications.mercadopago.payment");
        assertThat(source.getPropertyNames()).hasSize(Topic.values().length);
        for (Topic topic : Topic.values()) {
            assertThat(source.getValue(topic.configKey())).isEqualTo(topic.topicName());
        }
    }

    @Test
    void everyTopicIsFoundByItsNameAndNothingElseIs() {
        for (Topic topic : Topic.values()) {
            assertThat(Topic.forName(topic.topicName())).contains(topic);
        }
        assertThat(Topic.forName("notifications.elsewhere")).isEmpty();
        assertThat(Topic.forName(null)).isEmpty();
    }
}
