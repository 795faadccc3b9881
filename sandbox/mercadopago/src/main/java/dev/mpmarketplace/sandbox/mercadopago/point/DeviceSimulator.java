package dev.mpmarketplace.sandbox.mercadopago.point;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * The Point part of the control API (no token; docs/sandbox/point.md): the devices of every seller and what is queued
 * on them, new devices, the integrators (with their tokens, for the webhook challenge), the notification settings,
 * and the device simulator, which does on a device what a seller and a buyer would: fetch what is queued, start
 * paying, finish with an outcome, lose the result, fail, walk away, cancel on the terminal, restart. It drives payment
 * intents, refund intents and Orders API orders alike.
 */
final class DeviceSimulator {

    private static final List<String> ACTIONS = List.of("pick-up", "start-processing", "process",
            "confirmation-required", "error", "abandon", "cancel", "restart");

    private final SandboxContext context;
    private final PointService point;
    private final Runnable fireTimers;

    DeviceSimulator(SandboxContext context, PointService point, Runnable fireTimers) {
        this.context = context;
        this.point = point;
        this.fireTimers = fireTimers;
    }

    void register(Router router) {
        router.get("/sandbox/point/devices").handler(this::listDevices);
        router.get("/sandbox/point/devices/:deviceId").handler(this::getDevice);
        router.post("/sandbox/point/devices/:deviceId/:action").handler(this::act);
        router.post("/sandbox/users/:userId/point-devices").handler(this::createDevice);
        router.get("/sandbox/point/integrators").handler(this::listIntegrators);
        router.get("/sandbox/point/settings").handler(this::settings);
        router.put("/sandbox/point/settings").handler(this::updateSettings);
    }

    /** {@code ?user_id=}: every device, with its pending mode and what is queued on it. */
    private void listDevices(RoutingContext ctx) {
        String userIdParam = ctx.request().getParam("user_id");
        Long userId = userIdParam == null ? null : userId(userIdParam);
        fireTimers.run();
        ArrayNode body = context.read(state -> {
            ArrayNode devices = SandboxJson.MAPPER.createArrayNode();
            for (PointDevice device : state.point.devices.values()) {
                if (userId == null || userId == device.userId) {
                    devices.add(deviceJson(state, device));
                }
            }
            return devices;
        });
        Replies.json(ctx, 200, body);
    }

    private void getDevice(RoutingContext ctx) {
        fireTimers.run();
        ObjectNode body = context.read(state -> deviceJson(state, device(state, ctx.pathParam("deviceId"))));
        Replies.json(ctx, 200, body);
    }

    /**
     * {@code POST /sandbox/users/{id}/point-devices} {@code {"store_id"?, "pos_id"?, "operating_mode"?}}: a device
     * for a seller, at a new point of sale (of a new store) unless told where; PDV unless the point of sale has one.
     */
    private void createDevice(RoutingContext ctx) {
        long userId = userId(ctx.pathParam("userId"));
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        String storeId = SandboxJson.text(request, "store_id");
        String posText = SandboxJson.text(request, "pos_id");
        Long posId = posText == null ? null : userId(posText);
        String mode = SandboxJson.text(request, "operating_mode");
        if (mode != null && !mode.equals("PDV") && !mode.equals("STANDALONE")) {
            throw invalid("operating_mode must be PDV or STANDALONE");
        }
        ObjectNode body = context.write(state -> {
            SandboxUser user = state.oauth.users.get(userId);
            if (user == null || !"seller".equals(user.role)) {
                throw ApiError.notFound(404, "seller not found");
            }
            boolean posHasPdv = posId != null && state.point.devices.values().stream().anyMatch(d -> d.userId == userId
                    && d.posId == posId && ("PDV".equals(d.operatingMode) || "PDV".equals(d.pendingOperatingMode)));
            if ("PDV".equals(mode) && posHasPdv) {
                throw invalid("only one PDV device per point of sale: pos " + posId + " has one");
            }
            String chosen = mode != null ? mode : posHasPdv ? "STANDALONE" : "PDV";
            return deviceJson(state, PointService.addDevice(state, userId, storeId, posId, chosen, context));
        });
        Replies.json(ctx, 201, body);
    }

    /**
     * {@code POST /sandbox/point/devices/{id}/{action}}, body optional: {@code {"outcome": "approved" | "rejected" |
     * "reversed" | "error", "payment_type": "credit_card" | "debit_card"}} for {@code process},
     * {@code {"outcome": "approved" | "rejected"}} for {@code confirmation-required}.
     */
    private void act(RoutingContext ctx) {
        String action = ctx.pathParam("action");
        if (!ACTIONS.contains(action)) {
            throw ApiError.notFound(404, "unknown device action " + action + "; one of " + String.join(", ",
                    ACTIONS));
        }
        ObjectNode request = SandboxJson.object(ctx.body().asString(), true);
        String outcomeText = SandboxJson.text(request, "outcome");
        PointService.Outcome outcome = outcomeText == null
                ? null
                : PointService.Outcome.fromWire(outcomeText.toLowerCase(Locale.ROOT));
        String paymentType = SandboxJson.text(request, "payment_type");
        if (paymentType != null && !paymentType.equals("credit_card") && !paymentType.equals("debit_card")) {
            throw invalid("payment_type must be credit_card or debit_card");
        }
        fireTimers.run();
        ObjectNode body = context.write(state -> {
            PointDevice device = device(state, ctx.pathParam("deviceId"));
            try {
                PointService.Acted acted = switch (action) {
                    case "pick-up" -> point.pickUp(state, device);
                    case "start-processing" -> point.startProcessing(state, device);
                    case "process" -> point.process(state, device, outcome, paymentType);
                    case "confirmation-required" -> point.confirmationRequired(state, device, outcome);
                    case "error" -> point.error(state, device);
                    case "abandon" -> point.abandon(state, device);
                    case "cancel" -> point.cancelOnTerminal(state, device);
                    default -> null;
                };
                if (acted == null) {
                    point.restart(device);
                    return deviceJson(state, device);
                }
                ObjectNode json = SandboxJson.MAPPER.createObjectNode();
                json.put("kind", kindName(acted.kind()));
                json.set("resource", resource(acted.item()));
                json.set("device", deviceJson(state, device));
                return json;
            } catch (IllegalTransition refused) {
                throw new ApiError(409, "illegal_transition", refused.getMessage(), List.of());
            }
        });
        Replies.json(ctx, 200, body);
    }

    /** Every integrator with its token: the key of the webhook challenge's HMAC. */
    private void listIntegrators(RoutingContext ctx) {
        ArrayNode body = context.read(state -> {
            ArrayNode integrators = SandboxJson.MAPPER.createArrayNode();
            for (Integrator integrator : state.point.integrators.values()) {
                ObjectNode json = PointJson.integrator(integrator);
                boolean application = integrator.key.startsWith(PointService.APPLICATION_PREFIX);
                json.put("scope", application ? "application" : "user");
                if (application) {
                    String clientAndUser = integrator.key.substring(PointService.APPLICATION_PREFIX.length());
                    int user = clientAndUser.indexOf(PointService.USER_INFIX);
                    json.put("client_id", user < 0 ? clientAndUser : clientAndUser.substring(0, user));
                } else {
                    json.putNull("client_id");
                }
                json.put("user_id", integrator.createdBy);
                ObjectNode check = json.putObject("last_check");
                check.put("at", integrator.lastCheckAt == null ? null : SandboxJson.timestamp(integrator.lastCheckAt));
                check.put("url", integrator.lastCheckUrl);
                if (integrator.lastCheckStatusCode == null) {
                    check.putNull("status_code");
                } else {
                    check.put("status_code", integrator.lastCheckStatusCode);
                }
                check.put("failure", integrator.lastCheckFailure);
                integrators.add(json);
            }
            return integrators;
        });
        Replies.json(ctx, 200, body);
    }

    private void settings(RoutingContext ctx) {
        Replies.json(ctx, 200, context.read(DeviceSimulator::settingsJson));
    }

    /** {@code {"notify_intermediate_states": true}}: OPEN (creation) and the other non-final states notify too. */
    private void updateSettings(RoutingContext ctx) {
        ObjectNode request = SandboxJson.object(ctx.body().asString(), false);
        if (!request.path("notify_intermediate_states").isBoolean()) {
            throw invalid("notify_intermediate_states must be a boolean");
        }
        boolean intermediate = request.get("notify_intermediate_states").booleanValue();
        ObjectNode body = context.write(state -> {
            state.point.notifyIntermediateStates = intermediate;
            return settingsJson(state);
        });
        Replies.json(ctx, 200, body);
    }

    private static ObjectNode settingsJson(SandboxState state) {
        return SandboxJson.MAPPER.createObjectNode().put("notify_intermediate_states",
                state.point.notifyIntermediateStates);
    }

    private static ObjectNode deviceJson(SandboxState state, PointDevice device) {
        ObjectNode json = PointJson.device(device);
        json.put("user_id", device.userId);
        json.put("pending_operating_mode", device.pendingOperatingMode);
        if (device.queuedId == null) {
            json.putNull("queued");
        } else {
            ObjectNode queued = json.putObject("queued");
            queued.put("kind", kindName(device.queuedKind));
            queued.put("id", device.queuedId);
            Object item = switch (device.queuedKind) {
                case PAYMENT_INTENT -> state.point.paymentIntents.peek(device.queuedId);
                case REFUND_INTENT -> state.point.refundIntents.peek(device.queuedId);
                case ORDER -> state.point.orders.peek(device.queuedId);
            };
            queued.put("state", item instanceof PaymentIntent intent
                    ? intent.state.name()
                    : item instanceof RefundIntent refund
                            ? refund.state.name()
                            : item instanceof PointOrder order ? order.status.wireName() : null);
        }
        return json;
    }

    private static ObjectNode resource(Object item) {
        if (item instanceof PaymentIntent intent) {
            return PointJson.intent(intent);
        }
        if (item instanceof RefundIntent refund) {
            return PointJson.refundIntent(refund);
        }
        return PointJson.order((PointOrder) item);
    }

    private static String kindName(PointDevice.Queued kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static PointDevice device(SandboxState state, String deviceId) {
        PointDevice device = deviceId == null ? null : state.point.devices.get(deviceId);
        if (device == null) {
            throw ApiError.notFound(404, "device not found");
        }
        return device;
    }

    private static long userId(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid("ids are numbers");
        }
    }

    private static ApiError invalid(String message) {
        return ApiError.keyed("invalid_request", message);
    }
}
