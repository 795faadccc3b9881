package dev.mpmarketplace.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Event;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import dev.mpmarketplace.support.problem.Problem;
import dev.mpmarketplace.support.problem.ProblemAnswered;
import dev.mpmarketplace.support.problem.ProblemMappers;

/** What the kit's catch-all mapper answers for a failure no use case turned into a problem. */
class ProblemMappersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ProblemAnswered> answered = new ArrayList<>();
    private final ProblemMappers mappers = new ProblemMappers(events(answered));

    @Test
    void aDatabaseOutageIs503DatabaseUnavailableWithRetryAfterAndNothingOfTheFailure() throws Exception {
        ConnectException refused = new ConnectException("Connection refused: db.internal/10.1.2.3:5432");

        Response response = mappers.unexpected(new HibernateException("select p1_0.id from payment p1_0 where ...",
                refused), uri("/payments/42"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        JsonNode body = JSON.readTree((String) response.getEntity());
        assertThat(body.get("type").asText()).isEqualTo(Problem.TYPE_BASE + ProblemMappers.DATABASE_UNAVAILABLE);
        assertThat(body.get("instance").asText()).isEqualTo("/payments/42");
        assertThat(body.toString()).doesNotContain("db.internal", "10.1.2.3", "5432", "select", "Exception");
        assertThat(answered).singleElement().satisfies(event -> {
            assertThat(event.problem().reason()).isEqualTo(ProblemMappers.DATABASE_UNAVAILABLE);
            assertThat(event.cause().getCause()).isSameAs(refused);
        });
    }

    @Test
    void aQueryCutOffByTheServerStoppingIs503Too() {
        Response response = mappers.unexpected(new HibernateException(ClosedConnectionException.INSTANCE),
                uri("/orders"));

        assertThat(response.getStatus()).isEqualTo(503);
    }

    @Test
    void aConstraintViolationOrABugStays500InternalError() throws Exception {
        Response duplicate = mappers.unexpected(new HibernateException(new SQLException("duplicate key", "23505")),
                uri("/payments"));
        Response bug = mappers.unexpected(new IllegalStateException("a bug"), uri("/payments"));

        for (Response response : List.of(duplicate, bug)) {
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getHeaderString("Retry-After")).isNull();
            assertThat(JSON.readTree((String) response.getEntity()).get("type").asText())
                    .isEqualTo(Problem.TYPE_BASE + "internal-error");
        }
    }

    @Test
    void aNulInATextStays400InvalidText() {
        Response response = mappers.unexpected(new PgException("invalid byte sequence", "ERROR", "22021", null),
                uri("/payments"));

        assertThat(response.getStatus()).isEqualTo(400);
    }

    /** Records what the mapper fires (the CDI event is the only collaborator, and pure bookkeeping). */
    @SuppressWarnings("unchecked")
    private static Event<ProblemAnswered> events(List<ProblemAnswered> fired) {
        return (Event<ProblemAnswered>) Proxy.newProxyInstance(ProblemMappersTest.class.getClassLoader(),
                new Class<?>[]{Event.class}, (proxy, method, args) -> {
                    if (method.getName().equals("fire")) {
                        fired.add((ProblemAnswered) args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A request path; nothing else of the request is read. */
    private static UriInfo uri(String path) {
        return (UriInfo) Proxy.newProxyInstance(ProblemMappersTest.class.getClassLoader(),
                new Class<?>[]{UriInfo.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getPath") && (args == null || args.length == 0)) {
                        return path;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
