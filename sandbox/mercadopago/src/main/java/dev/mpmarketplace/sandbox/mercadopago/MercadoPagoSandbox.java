package dev.mpmarketplace.sandbox.mercadopago;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import dev.mpmarketplace.sandbox.mercadopago.control.ControlModule;
import dev.mpmarketplace.sandbox.mercadopago.customers.CustomersModule;
import dev.mpmarketplace.sandbox.mercadopago.faults.FaultInjector;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.mercadolibre.MercadoLibreModule;
import dev.mpmarketplace.sandbox.mercadopago.merchantorders.MerchantOrdersModule;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Authenticator;
import dev.mpmarketplace.sandbox.mercadopago.oauth.OAuthModule;
import dev.mpmarketplace.sandbox.mercadopago.payments.PaymentsModule;
import dev.mpmarketplace.sandbox.mercadopago.point.PointModule;
import dev.mpmarketplace.sandbox.mercadopago.preferences.PreferencesModule;
import dev.mpmarketplace.sandbox.mercadopago.state.Journal;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;
import dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhookDispatcher;

/**
 * The Mercado Pago sandbox: one Vert.x HTTP server with the simulated API, the consent and checkout pages and the
 * {@code /sandbox/*} control API. Embeddable (start it from a test on a free port) and standalone
 * ({@link MercadoPagoSandboxMain}).
 */
public final class MercadoPagoSandbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MercadoPagoSandbox.class.getName());

    private final Vertx vertx;
    private final HttpServer server;
    private final SandboxContext context;
    private final WebhookDispatcher webhooks;
    private final StateFile stateFile;

    private MercadoPagoSandbox(Vertx vertx, HttpServer server, SandboxContext context, WebhookDispatcher webhooks,
            StateFile stateFile) {
        this.vertx = vertx;
        this.server = server;
        this.context = context;
        this.webhooks = webhooks;
        this.stateFile = stateFile;
    }

    /**
     * Starts a sandbox and returns once it listens.
     *
     * @throws IllegalStateException when the port is in use (the message names it) or the state file is unreadable
     */
    public static MercadoPagoSandbox start(MercadoPagoSandboxOptions options) {
        Vertx vertx = Vertx.vertx();
        Journal journal = null;
        try {
            SandboxState state = StateFile.load(options.dataDir());
            journal = StateFile.open(options.dataDir(), state);
            SandboxContext context = new SandboxContext(options, vertx, state);
            context.authenticator(new Authenticator(context));
            WebhookDispatcher webhooks = new WebhookDispatcher(context);
            context.notifier(webhooks);
            options.clock().restoreOffset(state.clockOffset);

            Router router = Router.router(vertx);
            router.route().handler(BodyHandler.create().setBodyLimit(1024 * 1024).setHandleFileUploads(false));
            // Fault injection sees every request first; it leaves /sandbox/** alone by itself.
            FaultInjector faults = new FaultInjector(context);
            router.route().handler(faults);
            List<SandboxModule> modules = List.of(
                    new ControlModule(() -> context.replace(freshState(context))),
                    webhooks,
                    faults,
                    new CustomersModule(),
                    new PreferencesModule(),
                    new PaymentsModule(),
                    new PointModule(),
                    new MercadoLibreModule(),
                    new MerchantOrdersModule(),
                    new OAuthModule());
            for (SandboxModule module : modules) {
                module.register(router, context);
            }
            AtomicReference<StateFile> persistence = new AtomicReference<>();
            router.get("/sandbox/persistence").handler(ctx -> Replies.json(ctx, 200,
                    persistenceJson(persistence.get(), options, context)));
            router.route().failureHandler(Replies::failure);
            router.errorHandler(404, ctx -> Replies.unmatched(ctx, 404));
            router.errorHandler(405, ctx -> Replies.unmatched(ctx, 405));

            // Port 0: a free port is chosen first, because Vert.x shares a listening port between servers only when
            // they ask for the same port number.
            HttpServer server = options.port() == 0
                    ? listenOnAFreePort(vertx, router, options.host())
                    : listen(vertx, router, options.host(), options.port());
            // One more server per further core on the same port, each in a verticle of its own so that it runs on
            // its own event loop: Vert.x spreads connections across them, and the sandbox uses every core.
            int port = server.actualPort();
            int extra = Runtime.getRuntime().availableProcessors() - 1;
            if (extra > 0) {
                vertx.deployVerticle(() -> new AbstractVerticle() {
                    @Override
                    public void start(Promise<Void> started) {
                        vertx.createHttpServer(serverOptions(options.host(), port)).requestHandler(router).listen()
                                .<Void>mapEmpty().onComplete(started);
                    }
                }, new DeploymentOptions().setInstances(extra))
                        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            context.baseUrl("http://" + options.host() + ":" + server.actualPort());
            if (state.oauth.applications.isEmpty() && options.seed()) {
                context.update(s -> Seed.defaults(context, s));
            }
            webhooks.start();
            persistence.set(StateFile.start(context, journal));
            return new MercadoPagoSandbox(vertx, server, context, webhooks, persistence.get());
        } catch (ExecutionException e) {
            abandon(vertx, journal);
            if (e.getCause() instanceof BindException) {
                throw new IllegalStateException("port " + options.port() + " on " + options.host()
                        + " is already in use", e.getCause());
            }
            throw new IllegalStateException("the Mercado Pago sandbox did not start", e.getCause());
        } catch (InterruptedException e) {
            abandon(vertx, journal);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Mercado Pago sandbox", e);
        } catch (TimeoutException | RuntimeException e) {
            abandon(vertx, journal);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("the sandbox did not start", e);
        }
    }

    /** A start that failed: releases what it took. */
    private static void abandon(Vertx vertx, Journal journal) {
        vertx.close();
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "the sandbox state journal did not close cleanly", e);
            }
        }
    }

    private static HttpServer listen(Vertx vertx, Router router, String host, int port)
            throws InterruptedException, ExecutionException, TimeoutException {
        return vertx.createHttpServer(serverOptions(host, port))
                .requestHandler(router)
                .listen()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Listens on a port that was free a moment ago; another process may take it in between (parallel builds do), so
     * a few other ports are tried before giving up.
     */
    private static HttpServer listenOnAFreePort(Vertx vertx, Router router, String host)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (int attempt = 1;; attempt++) {
            try {
                return listen(vertx, router, host, freePort(host));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof BindException) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + host, e);
        }
    }

    private static HttpServerOptions serverOptions(String host, int port) {
        return new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(false);
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://host:port}: the base URL of the API, the pages and the control API alike. */
    public String url() {
        return context.baseUrl();
    }

    /** Stops delivering webhooks, persists the state, closes the server. */
    @Override
    public void close() {
        webhooks.stop();
        if (stateFile != null) {
            stateFile.close();
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "the sandbox did not close cleanly", e);
        }
    }

    /** What persisting the state has cost so far ({@code GET /sandbox/persistence}, docs/sandbox.md). */
    private static ObjectNode persistenceJson(StateFile file, MercadoPagoSandboxOptions options,
            SandboxContext context) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("data_dir", options.dataDir() != null);
        if (file == null) {
            return json;
        }
        long[] serialization = context.serializationNanos();
        json.put("write_serialization_total_ms", serialization[0] / 1_000_000.0);
        json.put("write_serialization_max_ms", serialization[1] / 1_000_000.0);
        StateFile.Figures figures = file.figures();
        json.put("captures", figures.captures.get());
        json.put("entities_captured", figures.entitiesCaptured.get());
        json.put("last_capture_ms", figures.lastCaptureMicros.get() / 1000.0);
        json.put("max_capture_ms", figures.maxCaptureMicros.get() / 1000.0);
        json.put("max_capture_cpu_ms", figures.maxCaptureCpuMicros.get() / 1000.0);
        json.put("appends", figures.appends.get());
        json.put("last_append_ms", figures.lastAppendMicros.get() / 1000.0);
        json.put("max_append_ms", figures.maxAppendMicros.get() / 1000.0);
        json.put("file_bytes", figures.fileBytes.get());
        json.put("compactions", figures.compactions.get());
        return json;
    }

    private static SandboxState freshState(SandboxContext context) {
        SandboxState fresh = new SandboxState();
        if (context.options().seed()) {
            Seed.defaults(context, fresh);
        }
        return fresh;
    }

}
