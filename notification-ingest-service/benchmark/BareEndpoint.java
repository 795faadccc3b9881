import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The HTTP ceiling of the benchmark: a bare Vert.x server that reads each request's body and answers 200 with a body
 * the size of the service's receipt, on as many event loops as Quarkus gives the service (2 per core). Nothing else:
 * no routing, no verification, no broker. Run with {@code java -cp <vertx-core class path> BareEndpoint.java <port>}.
 */
public class BareEndpoint extends AbstractVerticle {

    private static final String RECEIPT = "{\"event_id\":\"00000000-0000-5000-8000-000000000000\"}";

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new BareEndpoint(port), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("bare endpoint listening on " + port + " with " + loops
                        + " event loops"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private final int port;

    public BareEndpoint(int port) {
        this.port = port;
    }

    @Override
    public void start() {
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", "application/json")
                        .end(RECEIPT)))
                .listen(port);
    }
}
