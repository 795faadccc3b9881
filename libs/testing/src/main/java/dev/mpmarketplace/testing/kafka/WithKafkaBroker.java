package dev.mpmarketplace.testing.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated Quarkus test against a real Kafka broker ({@link EmbeddedKafkaBroker}) started for it, and
 * points the application at it through {@code kafka.bootstrap.servers}.
 * <p>
 * Every topic of {@link dev.mpmarketplace.events.Topic} is created, plus the {@link #topics() extra topics} the test
 * names. A field annotated with {@link InjectKafkaBroker} of type {@link EmbeddedKafkaBroker} receives the broker.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(KafkaBrokerResource.class)
public @interface WithKafkaBroker {

    /** Topics to create besides the platform's own. */
    String[] topics() default {};

    /** Partitions of every created topic; more than one so that tests see keyed ordering at work. */
    int partitions() default 3;
}
