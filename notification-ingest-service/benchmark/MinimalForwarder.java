import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The benchmark's first peer, the least a user could run instead of the service: a bare Vert.x endpoint that sends each
 * body to Kafka, keyed by the query's {@code data.id}, with the service's producer settings ({@code acks=all},
 * idempotent, {@code linger.ms=1}), and answers 200 once the broker acknowledged it (503 if it failed). No
 * verification, no routing, no headers, no log line, no metrics. One producer shared by as many event loops as Quarkus
 * gives the service (2 per core); {@code send} is called on the event loop.
 * <p>
 * Run with {@code java -cp <vertx-core and kafka-clients class path> MinimalForwarder.java <port> <bootstrap> <topic>}.
 */
public class MinimalForwarder extends AbstractVerticle {

    private static final String RECEIPT = "{\"event_id\":\"00000000-0000-5000-8000-000000000000\"}";

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[1],
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "minimal-forwarder"),
                new StringSerializer(), new ByteArraySerializer());
        String topic = args[2];
        // The topic's metadata fetched before the first request, so no send() on an event loop waits for it.
        producer.partitionsFor(topic);
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new MinimalForwarder(port, producer, topic),
                new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("minimal forwarder listening on " + port + " with " + loops
                        + " event loops"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private final int port;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public MinimalForwarder(int port, KafkaProducer<String, byte[]> producer, String topic) {
        this.port = port;
        this.producer = producer;
        this.topic = topic;
    }

    @Override
    public void start() {
        vertx.createHttpServer().requestHandler(this::forward).listen(port);
    }

    private void forward(HttpServerRequest request) {
        String key = request.getParam("data.id");
        Context context = vertx.getOrCreateContext();
        request.body().onSuccess(body -> producer.send(new ProducerRecord<>(topic, key, body.getBytes()),
                (metadata, failure) -> context.runOnContext(ignored -> {
                    if (failure == null) {
                        request.response().putHeader("Content-Type", "application/json").end(RECEIPT);
                    } else {
                        request.response().setStatusCode(503).end();
                    }
                })));
    }
}
