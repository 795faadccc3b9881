package dev.mpmarketplace.apiauth;

import java.util.List;

/**
 * The roles of the platform's HTTP APIs, carried in a bearer token's {@code groups} claim. Every endpoint meant for
 * the marketplace's own backends requires exactly one of them; a backend gets only the roles its job needs. The
 * names are part of the public interface (the marketplace's identity provider is configured with them): never
 * rename one.
 * <p>
 * Public on purpose, and needing no role: the webhook endpoints (verified by their own rules), the OAuth callback and
 * the landing pages. Health, metrics and the OpenAPI document are on the management interface, not the public port.
 */
public final class Roles {

    /** Read linked sellers: a seller's link status, token expiry and refresh state, and the list of sellers. */
    public static final String SELLERS_READ = "sellers:read";

    /**
     * Administer sellers: start a seller's link for a marketplace reference, unlink a seller, and refresh a seller's
     * token now.
     */
    public static final String SELLERS_ADMIN = "sellers:admin";

    /** Read payments, checkout preferences, refunds, customers and saved cards. */
    public static final String PAYMENTS_READ = "payments:read";

    /**
     * Move money for a seller: create payments and checkout preferences, capture, cancel and refund payments, and
     * create customers and saved cards.
     */
    public static final String PAYMENTS_WRITE = "payments:write";

    /** Read Point devices, their operating mode, and payment intents. */
    public static final String POINT_READ = "point:read";

    /**
     * Operate Point terminals: register a seller's Point webhook, change a device's operating mode, and create and
     * cancel payment intents.
     */
    public static final String POINT_OPERATE = "point:operate";

    /** Read the order read model: orders, their status timeline, payments and refunds. */
    public static final String ORDERS_READ = "orders:read";

    /** Every role, in the order of this class. */
    public static final List<String> ALL = List.of(SELLERS_READ, SELLERS_ADMIN, PAYMENTS_READ, PAYMENTS_WRITE,
            POINT_READ, POINT_OPERATE, ORDERS_READ);

    private Roles() {
    }
}
