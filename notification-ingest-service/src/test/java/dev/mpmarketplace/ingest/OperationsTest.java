package dev.mpmarketplace.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/** What an operator sees: probes, metrics, the API description, all on the management interface only. */
@QuarkusTest
@WithKafkaBroker
@WithMercadoPagoSandbox
@WithVaultDevServer
class OperationsTest {

    /** The management interface (health, metrics, OpenAPI): not the public port. */
    @ConfigProperty(name = "quarkus.management.test-port")
    int managementPort;

    @Test
    void livenessAndReadinessAreUpAndReadinessAsksTheBroker() {
        given().port(managementPort).get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().port(managementPort).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                .body("checks.data.raw-notifications", hasItem("[OK]"));
    }

    @Test
    void prometheusMetricsCountReceivedRejectedAndPublishedNotificationsAndTimeThePublishing() {
        given().contentType("application/json").body("{\"state\":\"OPEN\",\"id\":\"metrics-intent\"}")
                .post("/webhooks/point").then().statusCode(200);
        given().contentType("application/json").body("{}")
                .post("/webhooks/mercadopago?data.id=1&type=payment").then().statusCode(401);

        given().port(managementPort).get("/q/metrics").then().statusCode(200)
                .body(containsString(
                        "ingest_notifications_received_total{source=\"point\",topic=\"notifications.mercadopago.point\"}"))
                .body(containsString("ingest_notifications_rejected_total{reason=\"missing-signature-header\"}"))
                .body(containsString("ingest_notifications_rejected_total{reason=\"signature-mismatch\"}"))
                .body(containsString("ingest_notifications_published_total{topic=\"notifications.mercadopago.point\"}"))
                .body(containsString(
                        "ingest_publish_latency_seconds_bucket{topic=\"notifications.mercadopago.point\",le="));
    }

    @Test
    void theOpenApiDocumentDescribesTheWebhookEndpoints() {
        given().port(managementPort).get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", hasKey("/webhooks/mercadopago"))
                .body("paths", hasKey("/webhooks/mercadolibre"))
                .body("paths", hasKey("/webhooks/point"));
    }

    @Test
    void thePublicPortServesNoneOfTheManagementEndpoints() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/metrics", "/q/openapi"}) {
            given().get(path).then().statusCode(404);
        }
        given().port(managementPort).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void anUnknownPathIsA404Problem() {
        given().post("/webhooks/unknown").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mpmarketplace.dev/problems/not-found"));
    }
}
