package dev.mpmarketplace.testing.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

import dev.mpmarketplace.events.Topic;

/** The Quarkus test resource behind {@link WithKafkaBroker}. */
public class KafkaBrokerResource implements QuarkusTestResourceConfigurableLifecycleManager<WithKafkaBroker> {

    private final List<String> topics = new ArrayList<>(Topic.allNames());
    private int partitions = 3;
    private EmbeddedKafkaBroker broker;

    @Override
    public void init(WithKafkaBroker annotation) {
        topics.addAll(List.of(annotation.topics()));
        partitions = annotation.partitions();
    }

    @Override
    public Map<String, String> start() {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(topics, partitions);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, EmbeddedKafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
