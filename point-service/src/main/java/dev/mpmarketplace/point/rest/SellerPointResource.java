package dev.mpmarketplace.point.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.mpmarketplace.apiauth.Roles;
import dev.mpmarketplace.events.point.PointAdapter;
import dev.mpmarketplace.point.PointSeller;
import dev.mpmarketplace.point.RegistrationState;
import dev.mpmarketplace.point.service.PointDevicesService;
import dev.mpmarketplace.point.service.PointProblems;
import dev.mpmarketplace.point.service.PointRegistrations;
import dev.mpmarketplace.point.service.PointSellers;

/**
 * A seller's Point set-up and devices: switch Point on or off with its adapter and read the webhook registration
 * ({@code PUT} needs {@code point:operate}, {@code GET} {@code point:read}); list the devices (cached; {@code
 * refresh=true} asks Mercado Pago now) with the intent that holds each; switch a device's operating mode.
 */
@Path("/sellers/{sellerId: \\d+}")
@Produces(MediaType.APPLICATION_JSON)
public class SellerPointResource {

    private static final Logger LOG = Logger.getLogger(SellerPointResource.class);

    private final PointSellers sellers;
    private final PointRegistrations registrations;
    private final PointDevicesService devices;
    private final Vertx vertx;

    public SellerPointResource(PointSellers sellers, PointRegistrations registrations, PointDevicesService devices,
            Vertx vertx) {
        this.vertx = vertx;
        this.sellers = sellers;
        this.registrations = registrations;
        this.devices = devices;
    }

    /** {@code PUT /sellers/{id}/point}: {@code adapter} is {@code INTEGRATION_API} (default) or {@code ORDERS_API}. */
    public record PointSetUp(Boolean enabled, String adapter) {
    }

    /** A seller's Point set-up and where its webhook registration stands. */
    public record PointSellerView(long sellerId, boolean enabled, PointAdapter adapter, RegistrationState registration,
            String webhookUrl, int registrationAttempts, OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt,
            String lastError, OffsetDateTime registeredAt, String siteId, String currency) {

        static PointSellerView of(PointSeller seller) {
            return new PointSellerView(seller.sellerId, seller.enabled, seller.adapter, seller.registration,
                    seller.webhookUrl, seller.registrationAttempts, seller.lastAttemptAt, seller.nextAttemptAt,
                    seller.lastError, seller.registeredAt, seller.siteId, seller.currency);
        }
    }

    /** A device, its mode (and one asked for, shown once the device restarts), and the intent that holds it. */
    public record DeviceJson(String id, Long posId, String storeId, String externalPosId, String operatingMode,
            String requestedOperatingMode, OffsetDateTime refreshedAt, QueuedIntent queued) {

        static DeviceJson of(PointDevicesService.DeviceView view) {
            var device = view.device();
            var queued = view.queued();
            return new DeviceJson(device.deviceId, device.posId, device.storeId, device.externalPosId,
                    device.operatingMode, device.requestedOperatingMode, device.refreshedAt,
                    queued == null
                            ? null
                            : new QueuedIntent(queued.id.toString(), queued.kind.wireName(),
                                    queued.state.name(), queued.cancellableThroughApi()));
        }
    }

    /** The intent of ours queued on a device; {@code cancellable}: whether the API may still cancel it. */
    public record QueuedIntent(String id, String kind, String state, boolean cancellable) {
    }

    /** The device list. */
    public record DeviceList(List<DeviceJson> devices) {
    }

    /** {@code PATCH /sellers/{id}/devices/{deviceId}}. */
    public record OperatingMode(String operatingMode) {
    }

    @PUT
    @Path("point")
    @RolesAllowed(Roles.POINT_OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Switch Point on or off for a seller, with its adapter; on the Integration API its webhook is "
            + "registered (and retried until it passes)")
    public Uni<PointSellerView> configure(@PathParam("sellerId") long sellerId, PointSetUp body) {
        if (body == null || body.enabled() == null) {
            return Uni.createFrom().failure(PointProblems.invalid("enabled (true or false) is required"));
        }
        PointAdapter adapter;
        try {
            adapter = body.adapter() == null
                    ? PointAdapter.INTEGRATION_API
                    : PointAdapter.valueOf(body.adapter().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(PointProblems.invalid("adapter is INTEGRATION_API or ORDERS_API"));
        }
        return sellers.configure(sellerId, body.enabled(), adapter).invoke(seller -> {
            if (seller.registration == RegistrationState.PENDING) {
                // Attempted at once rather than at the next round (which retries it if this one fails), on a
                // context of its own: the request's session is not the attempt's.
                Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
                context.runOnContext(ignored -> {
                    VertxContextSafetyToggle.setCurrentContextSafe(true);
                    registrations.register(sellerId).subscribe().with(outcome -> {
                    }, failure -> LOG.warnf("seller %d's registration will be retried: %s", sellerId,
                            failure.getMessage()));
                });
            }
        }).map(PointSellerView::of);
    }

    @GET
    @Path("point")
    @RolesAllowed(Roles.POINT_READ)
    @Operation(summary = "A seller's Point set-up and its webhook registration (attempts, last error, next attempt)")
    public Uni<PointSellerView> get(@PathParam("sellerId") long sellerId) {
        return sellers.get(sellerId).map(PointSellerView::of);
    }

    @GET
    @Path("devices")
    @RolesAllowed(Roles.POINT_READ)
    @Operation(summary = "A seller's devices (cached; refresh=true asks Mercado Pago now), each with its queued intent")
    public Uni<DeviceList> devices(@PathParam("sellerId") long sellerId,
            @QueryParam("refresh") @DefaultValue("false") boolean refresh) {
        return devices.list(sellerId, refresh).map(list -> new DeviceList(list.stream().map(DeviceJson::of).toList()));
    }

    @PATCH
    @Path("devices/{deviceId}")
    @RolesAllowed(Roles.POINT_OPERATE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a device's operating mode (PDV or STANDALONE); it takes effect when the device restarts")
    public Uni<DeviceJson> operatingMode(@PathParam("sellerId") long sellerId, @PathParam("deviceId") String deviceId,
            OperatingMode body) {
        return devices.setOperatingMode(sellerId, deviceId, body == null ? null : body.operatingMode())
                .map(DeviceJson::of);
    }
}
