package dev.mpmarketplace.point.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import dev.mpmarketplace.mercadopago.client.MercadoPagoClientConfig;
import dev.mpmarketplace.mercadopago.client.MercadoPagoErrors;
import dev.mpmarketplace.mercadopago.client.MercadoPagoException;
import dev.mpmarketplace.mercadopago.client.point.MercadoPagoPointApi;
import dev.mpmarketplace.mercadopago.client.point.PointDevices;
import dev.mpmarketplace.mercadopago.client.point.PointOperatingMode;
import dev.mpmarketplace.point.Device;
import dev.mpmarketplace.point.Intent;
import dev.mpmarketplace.point.config.PointConfig;
import dev.mpmarketplace.point.repository.DeviceRepository;
import dev.mpmarketplace.point.repository.IntentRepository;
import dev.mpmarketplace.support.problem.ProblemException;
import dev.mpmarketplace.support.time.Timestamps;

/**
 * A seller's devices: the list Mercado Pago gives (the Integration API's {@code GET .../devices}, which the Orders API
 * uses too: a terminal id is a device id), cached in the database and read again when older than
 * {@code point.devices.cache-ttl} or when the caller asks; the operating mode switch; and, for each device, the intent
 * of ours that holds it.
 */
@ApplicationScoped
public class PointDevicesService {

    private static final Logger LOG = Logger.getLogger(PointDevicesService.class);
    /** Operating modes Mercado Pago offers. */
    public static final Set<String> MODES = Set.of("PDV", "STANDALONE");
    private static final int PAGE = 50;
    /** A seller with more devices than this is listed up to it (the API pages by 50; 20 pages). */
    private static final int MAX_DEVICES = 1000;

    /** A device with the intent that holds it, if one of ours does. */
    public record DeviceView(Device device, Intent queued) {
    }

    private final DeviceRepository devices;
    private final IntentRepository intents;
    private final PointSellers sellers;
    private final IntentCreation creation;
    private final MercadoPagoPointApi api;
    private final MercadoPagoClientConfig client;
    private final PointConfig config;
    private final Clock clock;

    public PointDevicesService(DeviceRepository devices, IntentRepository intents, PointSellers sellers,
            IntentCreation creation, @RestClient MercadoPagoPointApi api, MercadoPagoClientConfig client,
            PointConfig config, Clock clock) {
        this.devices = devices;
        this.intents = intents;
        this.sellers = sellers;
        this.creation = creation;
        this.api = api;
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    /**
     * The seller's devices, from the cache unless it is stale or {@code refresh} is asked; when Mercado Pago does not
     * answer a refresh, the cache is answered as it is (its {@code refreshed_at} says how old).
     */
    public Uni<List<DeviceView>> list(long sellerId, boolean refresh) {
        return sellers.get(sellerId).chain(seller -> Panache.withSession(() -> devices.ofSeller(sellerId)))
                .chain(cached -> {
                    OffsetDateTime now = Timestamps.now(clock);
                    boolean stale = cached.isEmpty() || cached.stream()
                            .anyMatch(device -> device.refreshedAt.plus(config.devices().cacheTtl()).isBefore(now));
                    if (!refresh && !stale) {
                        return Uni.createFrom().item(cached);
                    }
                    return fetchAll(sellerId).chain(listed -> store(sellerId, listed))
                            .onFailure(failure -> !cached.isEmpty() && !(failure instanceof ProblemException))
                            .recoverWithItem(failure -> {
                                LOG.warnf("seller %d's devices could not be refreshed, the cache is answered: %s",
                                        sellerId, failure.getMessage());
                                return cached;
                            });
                })
                .chain(this::withQueued);
    }

    /** Sets the device's operating mode at Mercado Pago; it takes effect when the device restarts. */
    public Uni<DeviceView> setOperatingMode(long sellerId, String deviceId, String mode) {
        if (mode == null || !MODES.contains(mode)) {
            return Uni.createFrom().failure(PointProblems.invalid("operating_mode is PDV or STANDALONE"));
        }
        return sellers.get(sellerId).chain(seller -> creation.token(sellerId))
                .chain(token -> MercadoPagoErrors.bounded(api.setOperatingMode(bearer(token), deviceId,
                        new PointOperatingMode(mode)), "PATCH /point/integration-api/devices/{id}", client.timeout()))
                .onFailure(MercadoPagoException.class).transform(failure -> refusal(sellerId, deviceId,
                        (MercadoPagoException) failure))
                // A device not cached yet (listed before this service knew it) is listed first.
                .chain(answer -> Panache.withSession(() -> devices.find(sellerId, deviceId)))
                .chain(cached -> cached == null
                        ? list(sellerId, true).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .chain(() -> Panache.withTransaction(() -> devices.find(sellerId, deviceId).invoke(device -> {
                    if (device != null && !mode.equals(device.operatingMode)) {
                        device.requestedOperatingMode = mode;
                    }
                })))
                .chain(device -> device == null
                        ? Uni.createFrom().failure(PointProblems.deviceUnknown(sellerId, deviceId))
                        : withQueued(List.of(device)).map(views -> views.get(0)));
    }

    private Throwable refusal(long sellerId, String deviceId, MercadoPagoException failure) {
        return switch (failure.kind()) {
            case FORBIDDEN, NOT_FOUND -> PointProblems.deviceUnknown(sellerId, deviceId);
            case CONFLICT, INVALID_REQUEST -> new ProblemException("operating-mode-refused", "Operating mode refused",
                    409, "Mercado Pago refused the operating mode: " + failure.error().orElse(failure.tag()),
                    Map.of(), Map.of(), null);
            default -> PointProblems.mercadoPagoUnavailable("Mercado Pago did not answer (" + failure.tag() + ")");
        };
    }

    private Uni<List<PointDevices.Device>> fetchAll(long sellerId) {
        return creation.token(sellerId).chain(token -> page(token, 0, new ArrayList<>()));
    }

    private Uni<List<PointDevices.Device>> page(String token, int offset, List<PointDevices.Device> so) {
        return MercadoPagoErrors.bounded(api.devices(bearer(token), offset, PAGE),
                "GET /point/integration-api/devices", client.timeout()).chain(answer -> {
                    List<PointDevices.Device> listed = answer.devices() == null ? List.of() : answer.devices();
                    so.addAll(listed);
                    int total = answer.paging() == null ? so.size() : answer.paging().total();
                    if (listed.isEmpty() || so.size() >= total || so.size() >= MAX_DEVICES) {
                        return Uni.createFrom().item(so);
                    }
                    return page(token, offset + listed.size(), so);
                });
    }

    /** The list as Mercado Pago gave it now: new devices added, known ones updated, gone ones removed. */
    private Uni<List<Device>> store(long sellerId, List<PointDevices.Device> listed) {
        OffsetDateTime now = Timestamps.now(clock);
        return Panache.withTransaction(() -> devices.ofSeller(sellerId).chain(known -> {
            Map<String, Device> byId = known.stream().collect(Collectors.toMap(d -> d.deviceId, Function.identity()));
            List<Device> result = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (PointDevices.Device one : listed) {
                Device device = byId.remove(one.id());
                if (device == null) {
                    device = new Device();
                    device.sellerId = sellerId;
                    device.deviceId = one.id();
                    Device created = device;
                    created.listed(one.posId(), one.storeId(), one.externalPosId(), mode(one), now);
                    chain = chain.chain(() -> devices.persist(created).replaceWithVoid());
                } else {
                    device.listed(one.posId(), one.storeId(), one.externalPosId(), mode(one), now);
                }
                result.add(device);
            }
            for (Device gone : byId.values()) {
                chain = chain.chain(() -> devices.delete(gone));
            }
            result.sort(java.util.Comparator.comparing(d -> d.deviceId));
            return chain.replaceWith(result);
        }));
    }

    private static String mode(PointDevices.Device device) {
        return device.operatingMode() == null ? "UNKNOWN" : device.operatingMode();
    }

    private Uni<List<DeviceView>> withQueued(List<Device> list) {
        if (list.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = list.stream().map(d -> d.deviceId).toList();
        return Panache.withSession(() -> intents.list("deviceId in ?1 and occupiesDevice = true", ids))
                .map(holding -> {
                    Map<String, Intent> byDevice = holding.stream()
                            .collect(Collectors.toMap(i -> i.deviceId, Function.identity(), (a, b) -> a));
                    return list.stream().map(d -> new DeviceView(d, byDevice.get(d.deviceId))).toList();
                });
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
