package dev.mpmarketplace.sandbox.vault;

import java.lang.System.Logger.Level;
import java.net.BindException;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A development server speaking the part of HashiCorp Vault's HTTP API that the services use: token
 * authentication with one root token, {@code sys/health}, token self-lookup and the KV version 2 secrets engine.
 * It stands in for {@code vault server -dev} where no Vault binary can be installed; production talks to real Vault
 * through the same client code, so paths, methods, status codes and JSON bodies follow real Vault.
 *
 * <pre>{@code
 * try (VaultDevServer vault = VaultDevServer.start(VaultDevServerOptions.defaults())) {
 *     // point the Vault client at vault.url() with vault.rootToken()
 * }
 * }</pre>
 */
public final class VaultDevServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(VaultDevServer.class.getName());
    private static final long TIMEOUT_SECONDS = 30;

    private final VaultDevServerOptions options;
    private final Vertx vertx;
    private final VaultHttpApi api;
    private final KvV2Engine engine;
    private final boolean persistent;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The listening server; {@code null} between {@link #stop()} and {@link #restart()}. */
    private HttpServer server;

    private VaultDevServer(VaultDevServerOptions options, Vertx vertx, VaultHttpApi api, HttpServer server,
            KvV2Engine engine, boolean persistent) {
        this.options = options;
        this.vertx = vertx;
        this.api = api;
        this.server = server;
        this.engine = engine;
        this.persistent = persistent;
        this.port = server.actualPort();
    }

    /**
     * Starts the server and returns once it is listening.
     *
     * @throws IllegalStateException if the port is in use (the message names it), the data file is unreadable or
     *         corrupt, or the server cannot listen for another reason
     */
    public static VaultDevServer start(VaultDevServerOptions options) {
        Objects.requireNonNull(options, "options");
        StateFile stateFile = options.dataFile() == null ? null : new StateFile(options.dataFile());
        Map<String, KvState.Mount> loaded = stateFile == null ? new TreeMap<>() : stateFile.load();
        KvV2Engine engine = new KvV2Engine(options.clock(), options.kvMounts(), loaded,
                stateFile == null ? mounts -> {
                } : stateFile::save);

        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(8)
                // No class path resolution and no .vertx cache directory: the server serves no files.
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false)));
        try {
            VaultHttpApi api = new VaultHttpApi(options, engine);
            HttpServer server = listen(vertx, api, options.host(), options.port());
            return new VaultDevServer(options, vertx, api, server, engine, stateFile != null);
        } catch (RuntimeException e) {
            closeQuietly(vertx);
            if (isAddressInUse(e)) {
                throw new IllegalStateException("Port " + options.port() + " on " + options.host()
                        + " is already in use; the Vault dev server cannot listen there", e);
            }
            throw e instanceof IllegalStateException
                    ? e
                    : new IllegalStateException("The Vault dev server could not start on " + options.host() + ":"
                            + options.port() + ": " + e.getMessage(), e);
        }
    }

    private static HttpServer listen(Vertx vertx, VaultHttpApi api, String host, int port) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setMaxInitialLineLength(16 * 1024));
        server.requestHandler(api.router(vertx));
        await(server.listen(), "listen on " + host + ":" + port);
        return server;
    }

    /**
     * The port the server listens on; the actual one when the options asked for port 0. The same after
     * {@link #restart()}.
     */
    public int port() {
        return port;
    }

    /**
     * Stops listening, as a Vault that is stopped or restarting looks to its clients: open connections are closed
     * and new ones refused, until {@link #restart()}. Every secret and version stays (in memory, and in the data file
     * when one is set). Returns once the port is closed; calling it again does nothing. For outage tests.
     */
    public synchronized void stop() {
        if (closed.get() || server == null) {
            return;
        }
        HttpServer stopping = server;
        server = null;
        await(stopping.close(), "close the HTTP server");
    }

    /**
     * Listens again after {@link #stop()}, on the same host and port, with the same secrets and root token, and
     * returns once it accepts connections. Does nothing while it is listening.
     *
     * @throws IllegalStateException if it was closed, or the port was taken meanwhile
     */
    public synchronized void restart() {
        if (closed.get()) {
            throw new IllegalStateException("the Vault dev server is closed");
        }
        if (server == null) {
            server = listen(vertx, api, options.host(), port);
        }
    }

    /** Whether it is listening: started, and neither stopped nor closed. */
    public synchronized boolean isRunning() {
        return server != null && !closed.get();
    }

    /** The address to give a Vault client, e.g. {@code http://127.0.0.1:18200}. */
    public String url() {
        String host = options.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The one token the server accepts. */
    public String rootToken() {
        return options.rootToken();
    }

    /**
     * Writes the data file (when one is set), then stops the HTTP server and Vert.x, returning once both are closed.
     * Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (persistent) {
                engine.flush();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Could not write the Vault dev server data file on close: " + e.getMessage());
        } finally {
            try {
                if (server != null) {
                    await(server.close(), "close the HTTP server");
                }
            } finally {
                await(vertx.close(), "close Vert.x");
            }
        }
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            await(vertx.close(), "close Vert.x");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not close Vert.x after a failed start: " + e.getMessage());
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Could not " + what + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out waiting to " + what, e);
        }
    }

    /** NIO reports a {@link BindException}; native transports only say so in the message. */
    private static boolean isAddressInUse(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
