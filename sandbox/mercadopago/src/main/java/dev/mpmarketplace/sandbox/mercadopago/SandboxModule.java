package dev.mpmarketplace.sandbox.mercadopago;

import io.vertx.ext.web.Router;

/** One area of the simulated API (OAuth, payments, ...) that adds its routes to the sandbox's router. */
public interface SandboxModule {

    /** Adds this module's routes. Handlers run on the event loop and must not block (state access is brief). */
    void register(Router router, SandboxContext context);
}
