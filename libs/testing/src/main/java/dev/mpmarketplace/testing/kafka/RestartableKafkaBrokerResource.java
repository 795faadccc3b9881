package dev.mpmarketplace.testing.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceConfigurableLifecycleManager;

import dev.mpmarketplace.events.Topic;

/** The Quarkus test resource behind {@link WithRestartableKafkaBroker}. */
public class RestartableKafkaBrokerResource
        implements
            QuarkusTestResourceConfigurableLifecycleManager<WithRestartableKafkaBroker> {

    private final List<String> topics = new ArrayList<>(Topic.allNames());
    private int partitions = 3;
    private RestartableKafkaBroker broker;

    @Override
    public void init(WithRestartableKafkaBroker annotation) {
        topics.addAll(List.of(annotation.topics()));
        partitions = annotation.partitions();
    }

    @Override
    public Map<String, String> start() {
        broker = RestartableKafkaBroker.start();
        broker.createTopics(topics, partitions);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(broker,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, RestartableKafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
