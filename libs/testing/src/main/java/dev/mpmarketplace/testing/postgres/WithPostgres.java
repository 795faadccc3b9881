package dev.mpmarketplace.testing.postgres;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated Quarkus test against a fresh database on a real PostgreSQL server
 * ({@link EmbeddedPostgresServer}), injecting {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.jdbc.url} (for Flyway), the user name and the password. The database is dropped when the
 * test resource stops. A field annotated with {@link InjectTestDatabase} of type {@link TestDatabase} receives it.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WithTestResource(PostgresResource.class)
public @interface WithPostgres {
}
