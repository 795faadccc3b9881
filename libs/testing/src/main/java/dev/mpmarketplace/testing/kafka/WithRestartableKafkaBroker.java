package dev.mpmarketplace.testing.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated Quarkus test against a real Kafka broker that the test can stop and restart on the same address
 * ({@link RestartableKafkaBroker}), and points the application at it through {@code kafka.bootstrap.servers}. For
 * tests of outages; other tests use {@link WithKafkaBroker}, which starts faster.
 * <p>
 * Every topic of {@link dev.mpmarketplace.events.Topic} is created, plus the {@link #topics() extra topics}. A field
 * annotated with {@link InjectKafkaBroker} of type {@link RestartableKafkaBroker} receives the broker.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(RestartableKafkaBrokerResource.class)
public @interface WithRestartableKafkaBroker {

    /** Topics to create besides the platform's own. */
    String[] topics() default {};

    /** Partitions of every created topic. */
    int partitions() default 3;
}
