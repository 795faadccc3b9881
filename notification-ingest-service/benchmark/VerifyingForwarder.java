import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import dev.mpmarketplace.events.notification.RawNotification;
import dev.mpmarketplace.ingest.config.IngestConfig;
import dev.mpmarketplace.ingest.service.IngestMetrics;
import dev.mpmarketplace.ingest.service.MercadoPagoDelivery;
import dev.mpmarketplace.ingest.service.MercadoPagoNotificationIntake;
import dev.mpmarketplace.ingest.service.NotificationIngest;
import dev.mpmarketplace.ingest.service.NotificationRejectedException;
import dev.mpmarketplace.ingest.service.SignatureReplays;

/**
 * The benchmark's measure of what the platform's rules cost at the edge, apart from any framework: the minimal
 * forwarder's HTTP path (a bare Vert.x endpoint, {@code send} on the event loop, one producer with the service's
 * settings) doing exactly the work the rules require of every accepted Mercado Pago notification, with the service's
 * own classes from its packaged jar:
 * <ul>
 * <li>the intake ({@code MercadoPagoNotificationIntake}): {@code data.id} checked, the {@code x-signature} time window
 * and HMAC verified, the body parsed and checked against the signed query, the record built with its key, event id and
 * CloudEvents headers; the request counted (Micrometer, a Prometheus registry as in the service);</li>
 * <li>the replay guard ({@code SignatureReplays}): a signature accepted once;</li>
 * <li>after the broker's acknowledgement: the publish counted and timed, and the INFO line issue 9 requires, with the
 * five MDC fields, as JSON through an asynchronous handler (Quarkus's JSON formatter, as the service logs in
 * production);</li>
 * <li>the receipt {@code {"event_id":...}}.</li>
 * </ul>
 * Left out, against the service: quarkus-rest, CDI and Quarkus's HTTP layer (router, HTTP metrics), the sending thread
 * and the in-flight bounds of decision 0012, the problem-details bodies of refusals (the load has none). So the ratio
 * of this target to the minimal forwarder bounds what any receiver keeping the rules can reach on this machine, and the
 * service's ratio to this target is what the framework and decision 0012 cost.
 * <p>
 * Run with {@code java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp <the service's quarkus-app
 * jars and quarkus/generated-bytecode.jar> VerifyingForwarder.java <port> <bootstrap> <webhook secret>}.
 */
public class VerifyingForwarder extends AbstractVerticle {

    private static final Logger LOG = Logger.getLogger(VerifyingForwarder.class);

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String secret = args[2];
        logAsTheServiceDoes();
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[1],
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "verifying-forwarder"),
                new StringSerializer(), new ByteArraySerializer());
        producer.partitionsFor("notifications.mercadopago.payment");
        Clock clock = Clock.systemUTC();
        IngestConfig config = config(secret);
        IngestMetrics metrics = new IngestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        MercadoPagoNotificationIntake intake = new MercadoPagoNotificationIntake(config, clock, metrics);
        SignatureReplays replays = new SignatureReplays(config, clock, metrics);
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new VerifyingForwarder(port, producer, intake, replays, metrics, clock),
                new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("verifying forwarder listening on " + port + " with " + loops
                        + " event loops"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private final int port;
    private final KafkaProducer<String, byte[]> producer;
    private final MercadoPagoNotificationIntake intake;
    private final SignatureReplays replays;
    private final IngestMetrics metrics;
    private final Clock clock;

    VerifyingForwarder(int port, KafkaProducer<String, byte[]> producer, MercadoPagoNotificationIntake intake,
            SignatureReplays replays, IngestMetrics metrics, Clock clock) {
        this.port = port;
        this.producer = producer;
        this.intake = intake;
        this.replays = replays;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void start() {
        vertx.createHttpServer().requestHandler(this::receive).listen(port);
    }

    private void receive(HttpServerRequest request) {
        Context context = vertx.getOrCreateContext();
        request.body().onSuccess(body -> {
            MercadoPagoNotificationIntake.Accepted accepted;
            try {
                accepted = intake.accept(delivery(request, body));
            } catch (NotificationRejectedException e) {
                request.response().setStatusCode(e.rejection().status()).end();
                return;
            }
            RawNotification notification = accepted.notification();
            if (!replays.claim(accepted.signature())) {
                request.response().putHeader("Content-Type", "application/json").end(receipt(notification));
                return;
            }
            long start = System.nanoTime();
            producer.send(notification.toProducerRecord(), (metadata, failure) -> context.runOnContext(ignored -> {
                if (failure == null) {
                    metrics.published(notification.topic(), Duration.ofNanos(System.nanoTime() - start));
                    logAccepted(notification);
                    request.response().putHeader("Content-Type", "application/json").end(receipt(notification));
                } else {
                    replays.release(accepted.signature());
                    request.response().setStatusCode(503).end();
                }
            }));
        });
    }

    private MercadoPagoDelivery delivery(HttpServerRequest request, Buffer body) {
        String requestId = request.getHeader("x-request-id");
        return new MercadoPagoDelivery(request.getParam("data.id"), request.getParam("type"),
                request.getParam("topic"), request.getParam("id"), request.getHeader("x-signature"),
                requestId == null || requestId.isEmpty() ? null : requestId, request.getHeader("Content-Type"),
                body.getBytes(), OffsetDateTime.now(clock));
    }

    private static String receipt(RawNotification notification) {
        return "{\"event_id\":\"" + notification.attributes().id() + "\"}";
    }

    /** The service's INFO line of an accepted notification, through its own code (the same MDC fields). */
    private static void logAccepted(RawNotification notification) {
        NotificationIngest.withContext(notification, () -> LOG.info("notification accepted"));
    }

    /** JSON lines on the console through an asynchronous handler that waits when full, as the service's prod profile. */
    private static void logAsTheServiceDoes() {
        ConsoleHandler console = new ConsoleHandler(new JsonFormatter());
        AsyncHandler async = new AsyncHandler(4096);
        async.setOverflowAction(AsyncHandler.OverflowAction.BLOCK);
        async.addHandler(console);
        org.jboss.logmanager.Logger root = LogContext.getLogContext().getLogger("");
        root.setHandlers(new Handler[] { async });
        root.setLevel(Level.INFO);
    }

    /**
     * The service's own configuration mapping with its own defaults ({@code @WithDefault}) and the benchmark's webhook
     * secret, through SmallRye Config with Quarkus's converters of durations and sizes (the mapping's implementation
     * is the one Quarkus generated at build time: {@code quarkus/generated-bytecode.jar} on the class path).
     */
    private static IngestConfig config(String secret) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(IngestConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValue("ingest.mercadopago.webhook-secret", secret).build();
        return config.getConfigMapping(IngestConfig.class);
    }
}
