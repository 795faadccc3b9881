package dev.mpmarketplace.benchmark.springreceiver;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Mercado Pago payment notifications: checks the {@code x-signature}, sends the body to Kafka keyed by the
 * resource id, and answers 200 once the send completed (the template's future awaited, as the guides show for a
 * synchronous send), 503 when it did not within the timeout.
 */
@RestController
public class WebhookController {

    private final KafkaTemplate<String, String> kafka;
    private final SignatureVerifier signatures;
    private final String topic;

    public WebhookController(KafkaTemplate<String, String> kafka, SignatureVerifier signatures,
            @Value("${receiver.topic}") String topic) {
        this.kafka = kafka;
        this.signatures = signatures;
        this.topic = topic;
    }

    @PostMapping("/webhooks/mercadopago")
    public ResponseEntity<String> receive(@RequestParam("data.id") String dataId,
            @RequestHeader("x-signature") String signature,
            @RequestHeader(name = "x-request-id", required = false) String requestId,
            @RequestBody String body) throws InterruptedException {
        if (!signatures.isValid(signature, requestId, dataId)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        try {
            kafka.send(topic, dataId, body).get(3, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        return ResponseEntity.ok("{\"received\":true}");
    }
}
