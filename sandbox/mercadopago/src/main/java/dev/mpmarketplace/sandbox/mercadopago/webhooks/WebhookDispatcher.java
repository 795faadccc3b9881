package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.faults.WebhookFaults;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Application;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Delivers notifications as Mercado Pago does: POST to the resource's {@code notification_url} or the application's
 * webhook URL, signed with {@code x-signature}, retried on the configured ladder, every attempt recorded
 * (docs/sandbox/webhooks.md).
 * <p>
 * Deliveries live in the sandbox state, so a restart continues them. A short periodic timer starts the attempts
 * that are due on the sandbox clock, which is why moving the clock forward makes retries fire at once. Attempts are
 * non-blocking ({@link WebClient}) and at most {@value #MAX_IN_FLIGHT} run at a time; like Mercado Pago, no order
 * between deliveries is promised.
 */
public final class WebhookDispatcher implements Notifier, SandboxModule {

    static final int MAX_IN_FLIGHT = 64;
    static final long POLL_INTERVAL_MS = 100;
    /** Finished deliveries beyond this many are forgotten, oldest first; pending ones never are. */
    static final int MAX_DELIVERIES = 10_000;
    static final int MAX_NOTIFIED_IDS = 10_000;
    /** Fraud alerts are not retried (reference 6.3). */
    private static final Set<String> NEVER_RETRIED = Set.of("stop_delivery_op_wh");
    /** Its body carries the merchant order's id at the top level (reference 6.1). */
    static final String MERCHANT_ORDER_TOPIC = "topic_merchant_order_wh";
    /** Mercado Libre's feed times: UTC with milliseconds, {@code 2019-10-30T16:19:20.129Z}. */
    static final DateTimeFormatter MERCADO_LIBRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final SandboxContext context;
    /** Deliveries with an attempt under way; changed only under the state lock, so two polls never race. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean kickScheduled = new AtomicBoolean();
    /**
     * Deliveries whose first attempt is due now (new ones, replays, released out-of-order batches, in the order they
     * must go). Sending them never requires looking at the other pending deliveries, so a burst of notifications
     * costs the same however many retries are waiting.
     */
    private final Queue<String> ready = new ConcurrentLinkedQueue<>();
    /** When the earliest waiting retry is due: until then no pending delivery other than {@link #ready} is looked at. */
    private volatile Instant scanDueAt = Instant.MIN;
    private volatile boolean running;
    private volatile WebClient client;
    private long pollTimer = -1;

    /** One attempt, prepared under the lock and sent outside it. */
    private record Launch(String deliveryId, Notification.Format format, String url, String type, String payload,
            String requestId, String signature, long timeoutMs, Instant startedAt) {
    }

    public WebhookDispatcher(SandboxContext context) {
        this.context = context;
    }

    @Override
    public void register(Router router, SandboxContext sandbox) {
        new WebhooksControl(this, sandbox).register(router);
    }

    @Override
    public void notify(Notification notification) {
        context.update(state -> enqueue(state, notification, null));
        kick();
    }

    /** Starts the delivery loop. */
    public void start() {
        long connectTimeout = Math.min(context.options().webhookFirstAttemptTimeout().toMillis(), 60_000);
        client = WebClient.create(context.vertx(), new WebClientOptions().setKeepAlive(false)
                .setMaxPoolSize(MAX_IN_FLIGHT).setConnectTimeout((int) Math.max(1, connectTimeout)));
        running = true;
        pollTimer = context.vertx().setPeriodic(POLL_INTERVAL_MS, id -> poll());
    }

    /** Stops the delivery loop; pending deliveries stay in the state. */
    public void stop() {
        running = false;
        if (pollTimer >= 0) {
            context.vertx().cancelTimer(pollTimer);
            pollTimer = -1;
        }
        WebClient current = client;
        if (current != null) {
            current.close();
        }
    }

    SandboxContext context() {
        return context;
    }

    /**
     * Records a notification and the deliveries it makes (none sent yet; the loop sends them). Under the state lock.
     *
     * @param merchantOrderStatus the {@code status} of a {@value #MERCHANT_ORDER_TOPIC} body, or {@code null}
     */
    List<WebhookDelivery> enqueue(SandboxState state, Notification notification, String merchantOrderStatus) {
        Instant now = context.clock().instant();
        Notification.Format format = notification.format();
        boolean mercadoPago = format == Notification.Format.MERCADO_PAGO;
        Application app = mercadoPago
                ? signingApplication(state, notification.clientId(), notification.userId())
                : notification.clientId() == null ? null : state.oauth.applications.get(notification.clientId());
        long notificationId = Long.parseLong(context.randomDigits(11));
        String payload = mercadoPago
                ? payload(notificationId, notification, app == null ? null : app.clientId, now, merchantOrderStatus)
                : SandboxJson.write(notification.data());
        remember(state.webhooks, notifiedId(notification), now);

        WebhookDelivery first = newDelivery(state, notificationId, notification, app == null ? null : app.clientId,
                payload, now);
        first.target = mercadoPago ? target(notification.notificationUrl(), app) : blankToNull(notification.target());
        if (first.target == null) {
            first.status = WebhookDelivery.UNDELIVERABLE;
            first.note = mercadoPago
                    ? "no notification_url and no webhook URL configured for the application"
                    : "no URL to send it to";
            return add(state, List.of(first));
        }
        WebhookFaults faults = WebhookFaults.decide(state.webhooks.faults, notification.type(),
                notification.action());
        if (faults.dropped()) {
            first.status = WebhookDelivery.DROPPED;
            first.note = "dropped by fault rule " + faults.droppedBy();
            return add(state, List.of(first));
        }
        List<WebhookDelivery> deliveries = new ArrayList<>(List.of(first));
        if (faults.duplicated()) {
            WebhookDelivery copy = newDelivery(state, notificationId, notification, first.clientId, payload, now);
            copy.target = first.target;
            copy.duplicateOf = first.id;
            copy.note = "duplicated by fault rule " + faults.duplicatedBy();
            deliveries.add(copy);
        }
        for (WebhookDelivery delivery : deliveries) {
            if (faults.held()) {
                delivery.heldBy = faults.heldBy();
                delivery.holdBatchSize = faults.batchSize();
                delivery.holdUntil = now.plusMillis(faults.holdMs());
            } else {
                delivery.nextAttemptAt = now;
            }
        }
        add(state, deliveries);
        deliveries.stream().filter(d -> d.nextAttemptAt != null).forEach(d -> ready.add(d.id));
        return deliveries;
    }

    /** A new delivery of an existing notification: same body and notification id, new request ids. */
    WebhookDelivery replay(SandboxState state, WebhookDelivery original) {
        Instant now = context.clock().instant();
        Application app = original.clientId == null ? null : state.oauth.applications.get(original.clientId);
        WebhookDelivery replay = copyOf(state, original, now);
        replay.replayOf = original.id;
        // The target of a webhook is looked up again, so a replay reaches a webhook URL configured since.
        replay.target = original.format == Notification.Format.MERCADO_PAGO
                ? target(original.notificationUrl, app)
                : original.target;
        if (replay.target == null) {
            replay.status = WebhookDelivery.UNDELIVERABLE;
            replay.note = "no notification_url and no webhook URL configured for the application";
        } else {
            replay.nextAttemptAt = now;
        }
        add(state, List.of(replay));
        if (replay.nextAttemptAt != null) {
            ready.add(replay.id);
        }
        return replay;
    }

    /** Releases every held batch and makes every pending delivery due now; returns how many are pending. */
    int flush(SandboxState state) {
        Instant now = context.clock().instant();
        releaseBatches(state.webhooks, now, true).forEach(d -> ready.add(d.id));
        scanDueAt = Instant.MIN;
        int pending = 0;
        for (WebhookDelivery delivery : pendingDeliveries(state.webhooks)) {
            if (delivery.nextAttemptAt != null) {
                if (delivery.nextAttemptAt.isAfter(now)) {
                    delivery.nextAttemptAt = now;
                }
                pending++;
            }
        }
        return pending;
    }

    /** Looks for due work soon, instead of at the next tick; never blocks. Bursts of kicks make one poll. */
    void kick() {
        if (running && kickScheduled.compareAndSet(false, true)) {
            context.vertx().runOnContext(v -> {
                kickScheduled.set(false);
                poll();
            });
        }
    }

    private void poll() {
        if (!running) {
            return;
        }
        Instant now = context.clock().instant();
        // Reads first: an idle sandbox must not mark its state for persistence ten times a second.
        boolean release = context.read(state -> heldBatches(state.webhooks).values().stream()
                .anyMatch(batch -> releasable(batch, now)));
        if (release) {
            context.update(state -> releaseBatches(state.webhooks, now, false).forEach(d -> ready.add(d.id)));
        }
        List<Launch> launches = context.read(state -> due(state, now));
        launches.forEach(this::send);
    }

    private List<Launch> due(SandboxState state, Instant now) {
        List<Launch> launches = new ArrayList<>();
        Map<String, WebhookDelivery> deliveries = state.webhooks.deliveries;
        for (String id = ready.peek(); id != null && inFlight.size() < MAX_IN_FLIGHT; id = ready.peek()) {
            WebhookDelivery delivery = deliveries.get(id);
            if (delivery == null || !WebhookDelivery.PENDING.equals(delivery.status) || delivery.nextAttemptAt == null
                    || inFlight.contains(id)) {
                ready.poll();
                continue;
            }
            if (delivery.nextAttemptAt.isAfter(now)) {
                ready.poll();
                scanDueAt = min(scanDueAt, delivery.nextAttemptAt);
                continue;
            }
            if (waitsForItsPredecessor(deliveries, delivery)) {
                // A released out-of-order batch goes one first attempt after the other, in the queue's order.
                break;
            }
            ready.poll();
            inFlight.add(id);
            launches.add(prepare(state, delivery, now));
        }
        if (now.isBefore(scanDueAt)) {
            return launches;
        }
        Instant next = Instant.MAX;
        for (WebhookDelivery delivery : pendingDeliveries(state.webhooks)) {
            if (delivery.nextAttemptAt == null || inFlight.contains(delivery.id)) {
                continue;
            }
            if (delivery.nextAttemptAt.isAfter(now)) {
                next = min(next, delivery.nextAttemptAt);
            } else if (inFlight.size() >= MAX_IN_FLIGHT) {
                next = Instant.MIN;
                break;
            } else if (!waitsForItsPredecessor(deliveries, delivery)) {
                inFlight.add(delivery.id);
                launches.add(prepare(state, delivery, now));
            }
        }
        scanDueAt = next;
        return launches;
    }

    private static boolean waitsForItsPredecessor(Map<String, WebhookDelivery> deliveries, WebhookDelivery delivery) {
        if (delivery.after == null) {
            return false;
        }
        WebhookDelivery before = deliveries.get(delivery.after);
        return before != null && WebhookDelivery.PENDING.equals(before.status) && before.attempts.isEmpty();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Launch prepare(SandboxState state, WebhookDelivery delivery, Instant now) {
        String requestId = UUID.randomUUID().toString();
        // Wall-clock milliseconds, not sandbox time: receivers check ts against their own clock (docs).
        String ts = Long.toString(System.currentTimeMillis());
        Application app = delivery.signed() ? state.oauth.applications.get(delivery.clientId) : null;
        String signature = app == null || app.webhookSecret == null || app.webhookSecret.isEmpty()
                ? null
                : WebhookSignature.header(app.webhookSecret, delivery.dataId, requestId, ts);
        Duration timeout;
        String url;
        String payload = delivery.payload;
        switch (delivery.format) {
            case MERCADO_LIBRE -> {
                timeout = context.options().mercadoLibreTimeout();
                url = delivery.target;
                payload = mercadoLibreAttempt(delivery.payload, delivery.attempts.size() + 1, now);
            }
            case IPN -> {
                timeout = timeout(delivery);
                url = ipnUrl(delivery.target, delivery.dataId, delivery.type);
            }
            case RAW -> {
                timeout = timeout(delivery);
                url = delivery.target;
            }
            default -> {
                timeout = timeout(delivery);
                url = url(delivery.target, delivery.dataId, delivery.type);
            }
        }
        return new Launch(delivery.id, delivery.format, url, delivery.type, payload, requestId, signature,
                Math.max(1, timeout.toMillis()), now);
    }

    private Duration timeout(WebhookDelivery delivery) {
        return delivery.attempts.isEmpty()
                ? context.options().webhookFirstAttemptTimeout()
                : context.options().webhookRetryTimeout();
    }

    /** A Mercado Libre message as one attempt sends it: the stored body with this attempt's number and time. */
    static String mercadoLibreAttempt(String payload, int attempt, Instant sent) {
        try {
            ObjectNode body = (ObjectNode) SandboxJson.MAPPER.readTree(payload);
            body.put("attempts", attempt);
            body.put("sent", MERCADO_LIBRE_TIME.format(sent));
            return SandboxJson.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("a stored Mercado Libre message is not JSON", e);
        }
    }

    private void send(Launch launch) {
        Vertx vertx = context.vertx();
        long started = System.nanoTime();
        AtomicBoolean finished = new AtomicBoolean();
        long guard = vertx.setTimer(launch.timeoutMs(), timer -> finish(launch, null,
                "timeout: no answer within " + launch.timeoutMs() + " ms", started, finished));
        try {
            HttpRequest<Buffer> request = client.postAbs(launch.url())
                    .timeout(launch.timeoutMs())
                    .putHeader("Content-Type", "application/json")
                    .putHeader("x-request-id", launch.requestId())
                    .putHeader("User-Agent", userAgent(launch));
            if (launch.signature() != null) {
                request.putHeader("x-signature", launch.signature());
            }
            request.sendBuffer(Buffer.buffer(launch.payload())).onComplete(result -> {
                vertx.cancelTimer(guard);
                if (result.succeeded()) {
                    finish(launch, result.result().statusCode(), null, started, finished);
                } else {
                    finish(launch, null, describe(result.cause(), launch.timeoutMs()), started, finished);
                }
            });
        } catch (RuntimeException e) {
            vertx.cancelTimer(guard);
            finish(launch, null, "invalid target URL: " + e.getMessage(), started, finished);
        }
    }

    private static String userAgent(Launch launch) {
        return switch (launch.format()) {
            case MERCADO_LIBRE -> "MercadoLibre Notifications";
            case IPN -> "MercadoPago IPN";
            default -> "MercadoPago WebHook v1.0 " + launch.type();
        };
    }

    private void finish(Launch launch, Integer statusCode, String error, long started, AtomicBoolean finished) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (!running) {
            // Stopping: the attempt is not recorded, so the delivery is still due after a restart.
            inFlight.remove(launch.deliveryId());
            return;
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        context.update(state -> {
            // Recorded before leaving the in-flight set, or a poll in between would send it again.
            record(state, launch, statusCode, error, durationMs);
            inFlight.remove(launch.deliveryId());
        });
        kick();
    }

    private void record(SandboxState state, Launch launch, Integer statusCode, String error, long durationMs) {
        WebhookDelivery delivery = state.webhooks.deliveries.get(launch.deliveryId());
        if (delivery == null || !WebhookDelivery.PENDING.equals(delivery.status)) {
            return;
        }
        WebhookAttempt attempt = new WebhookAttempt();
        attempt.number = delivery.attempts.size() + 1;
        attempt.at = launch.startedAt();
        attempt.requestId = launch.requestId();
        attempt.signature = launch.signature();
        attempt.url = launch.url();
        attempt.statusCode = statusCode;
        attempt.error = error;
        attempt.durationMs = durationMs;
        attempt.timeoutMs = launch.timeoutMs();
        delivery.attempts.add(attempt);
        if (attempt.succeeded()) {
            delivery.status = WebhookDelivery.DELIVERED;
            delivery.nextAttemptAt = null;
            finished(state.webhooks, delivery);
            return;
        }
        List<Duration> ladder = delivery.format == Notification.Format.MERCADO_LIBRE
                ? context.options().mercadoLibreRetryLadder()
                : context.options().webhookRetryLadder();
        int failures = delivery.attempts.size();
        boolean neverRetried = delivery.format == Notification.Format.MERCADO_PAGO
                && NEVER_RETRIED.contains(delivery.type);
        if (neverRetried || failures > ladder.size()) {
            delivery.status = WebhookDelivery.FAILED;
            delivery.nextAttemptAt = null;
            finished(state.webhooks, delivery);
            delivery.note = neverRetried
                    ? "not retried: Mercado Pago does not retry " + delivery.type
                    : "given up after " + failures + " attempts";
        } else {
            delivery.nextAttemptAt = context.clock().instant().plus(ladder.get(failures - 1));
            scanDueAt = min(scanDueAt, delivery.nextAttemptAt);
        }
    }

    private static String describe(Throwable cause, long timeoutMs) {
        if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
            return "timeout: no answer within " + timeoutMs + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused: " + cause.getMessage();
        }
        String message = cause.getMessage();
        return "connection error: " + (message == null ? cause.getClass().getSimpleName() : message);
    }

    private static Map<String, List<WebhookDelivery>> heldBatches(WebhooksState webhooks) {
        Map<String, List<WebhookDelivery>> batches = new LinkedHashMap<>();
        for (String id : webhooks.held) {
            WebhookDelivery delivery = webhooks.deliveries.get(id);
            if (delivery != null && delivery.pending() && delivery.heldBy != null) {
                batches.computeIfAbsent(delivery.heldBy, rule -> new ArrayList<>()).add(delivery);
            }
        }
        return batches;
    }

    private static boolean releasable(List<WebhookDelivery> held, Instant now) {
        return held.size() >= Math.max(1, held.get(0).holdBatchSize)
                || held.stream().anyMatch(d -> d.holdUntil == null || !now.isBefore(d.holdUntil));
    }

    /**
     * Releases full batches (their first {@code batch_size} held deliveries) and batches whose hold expired (all of
     * them), or every batch when {@code everything}.
     */
    private static List<WebhookDelivery> releaseBatches(WebhooksState webhooks, Instant now, boolean everything) {
        List<WebhookDelivery> released = new ArrayList<>();
        for (List<WebhookDelivery> held : heldBatches(webhooks).values()) {
            boolean expired = held.stream().anyMatch(d -> d.holdUntil == null || !now.isBefore(d.holdUntil));
            int batchSize = Math.max(1, held.get(0).holdBatchSize);
            if (everything || expired) {
                released.addAll(release(held, now));
            } else if (held.size() >= batchSize) {
                released.addAll(release(new ArrayList<>(held.subList(0, batchSize)), now));
            }
        }
        released.forEach(delivery -> webhooks.held.remove(delivery.id));
        return released;
    }

    /**
     * Sends a batch in a shuffled order that is never the order the notifications were made in, one first attempt
     * after the other, so that the receiver sees them out of order for sure.
     */
    private static List<WebhookDelivery> release(List<WebhookDelivery> batch, Instant now) {
        List<WebhookDelivery> order = new ArrayList<>(batch);
        Collections.shuffle(order, ThreadLocalRandom.current());
        if (order.size() > 1 && order.equals(batch)) {
            Collections.rotate(order, 1);
        }
        WebhookDelivery previous = null;
        for (WebhookDelivery delivery : order) {
            delivery.heldBy = null;
            delivery.holdUntil = null;
            delivery.nextAttemptAt = now;
            delivery.after = previous == null ? null : previous.id;
            previous = delivery;
        }
        return order;
    }

    private WebhookDelivery newDelivery(SandboxState state, long notificationId, Notification notification,
            String clientId, String payload, Instant now) {
        WebhookDelivery delivery = newDelivery(state, now);
        delivery.notificationId = notificationId;
        delivery.format = notification.format();
        delivery.type = notification.type();
        delivery.action = notification.action();
        delivery.dataId = notification.dataId();
        delivery.userId = notification.userId();
        delivery.clientId = clientId;
        delivery.notificationUrl = notification.notificationUrl();
        delivery.payload = payload;
        return delivery;
    }

    /** A new delivery of the same notification (a replay). */
    private WebhookDelivery copyOf(SandboxState state, WebhookDelivery original, Instant now) {
        WebhookDelivery delivery = newDelivery(state, now);
        delivery.notificationId = original.notificationId;
        delivery.format = original.format;
        delivery.type = original.type;
        delivery.action = original.action;
        delivery.dataId = original.dataId;
        delivery.userId = original.userId;
        delivery.clientId = original.clientId;
        delivery.notificationUrl = original.notificationUrl;
        delivery.payload = original.payload;
        return delivery;
    }

    private WebhookDelivery newDelivery(SandboxState state, Instant now) {
        WebhookDelivery delivery = new WebhookDelivery();
        do {
            delivery.id = context.randomHex(24);
        } while (state.webhooks.deliveries.containsKey(delivery.id));
        delivery.status = WebhookDelivery.PENDING;
        delivery.createdAt = now;
        return delivery;
    }

    private static List<WebhookDelivery> add(SandboxState state, List<WebhookDelivery> deliveries) {
        WebhooksState webhooks = state.webhooks;
        for (WebhookDelivery delivery : deliveries) {
            delivery.sequence = webhooks.nextSequence++;
            webhooks.deliveries.put(delivery.id, delivery);
            if (delivery.pending()) {
                webhooks.pending.add(delivery.id);
                if (delivery.heldBy != null) {
                    webhooks.held.add(delivery.id);
                }
            } else {
                webhooks.finished.add(delivery.id);
            }
        }
        // Only finished deliveries are forgotten, oldest first; the queue makes that cost nothing per notification.
        while (webhooks.deliveries.size() > MAX_DELIVERIES && !webhooks.finished.isEmpty()) {
            webhooks.deliveries.remove(webhooks.finished.poll());
        }
        return deliveries;
    }

    /** A delivery is done (delivered or given up): no longer pending, forgotten first when there are too many. */
    private static void finished(WebhooksState webhooks, WebhookDelivery delivery) {
        webhooks.pending.remove(delivery.id);
        webhooks.held.remove(delivery.id);
        webhooks.finished.add(delivery.id);
    }

    /** The pending deliveries, oldest first (a snapshot: callers may change their status). */
    private static List<WebhookDelivery> pendingDeliveries(WebhooksState webhooks) {
        List<WebhookDelivery> pending = new ArrayList<>(webhooks.pending.size());
        for (String id : webhooks.pending) {
            WebhookDelivery delivery = webhooks.deliveries.get(id);
            if (delivery != null && WebhookDelivery.PENDING.equals(delivery.status)) {
                pending.add(delivery);
            }
        }
        return pending;
    }

    /** The id a {@code not_found_after_notify} fault matches: the resource id, or a feed resource's last segment. */
    private static String notifiedId(Notification notification) {
        String id = notification.dataId();
        if (notification.format() == Notification.Format.MERCADO_LIBRE && id != null) {
            return id.substring(id.lastIndexOf('/') + 1);
        }
        return id;
    }

    private static void remember(WebhooksState webhooks, String dataId, Instant now) {
        if (dataId == null) {
            return;
        }
        webhooks.notifiedAt.remove(dataId);
        webhooks.notifiedAt.put(dataId, now);
        Iterator<String> oldest = webhooks.notifiedAt.keySet().iterator();
        while (webhooks.notifiedAt.size() > MAX_NOTIFIED_IDS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * The application whose secret signs: the notification's, or else (a payment made with a seller's own token)
     * the first application the user owns; {@code null} when there is none, and the delivery goes unsigned.
     */
    private static Application signingApplication(SandboxState state, String clientId, long userId) {
        if (clientId != null) {
            return state.oauth.applications.get(clientId);
        }
        return state.oauth.applications.values().stream().filter(app -> app.ownerUserId == userId).findFirst()
                .orElse(null);
    }

    /** The resource's {@code notification_url} wins over the application's webhook URL (reference 6.1). */
    private static String target(String notificationUrl, Application app) {
        if (notificationUrl != null && !notificationUrl.isBlank()) {
            return notificationUrl;
        }
        return app == null || app.webhookUrl == null || app.webhookUrl.isBlank() ? null : app.webhookUrl;
    }

    /** {@code <target>?data.id=<id>&type=<type>}, appended with {@code &} when the target has a query already. */
    static String url(String target, String dataId, String type) {
        int hash = target.indexOf('#');
        String base = hash < 0 ? target : target.substring(0, hash);
        String separator = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
        StringBuilder url = new StringBuilder(base).append(separator);
        if (dataId != null) {
            url.append("data.id=").append(URLEncoder.encode(dataId, StandardCharsets.UTF_8)).append('&');
        }
        return url.append("type=").append(URLEncoder.encode(type, StandardCharsets.UTF_8)).toString();
    }

    /** {@code <target>?topic=<topic>&id=<id>}, a legacy IPN's query. */
    static String ipnUrl(String target, String dataId, String topic) {
        String separator = !target.contains("?") ? "?" : target.endsWith("?") || target.endsWith("&") ? "" : "&";
        return target + separator + "topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&id="
                + URLEncoder.encode(dataId == null ? "" : dataId, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The body, fixed once for every attempt, replay and duplicate: Mercado Pago's standard envelope, or for
     * {@value #MERCHANT_ORDER_TOPIC} the merchant-order shape whose top-level {@code id} is the merchant order.
     */
    private static String payload(long notificationId, Notification notification, String applicationId,
            Instant now, String merchantOrderStatus) {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        if (MERCHANT_ORDER_TOPIC.equals(notification.type())) {
            String status = notification.data() != null && notification.data().hasNonNull("status")
                    ? notification.data().get("status").asText()
                    : merchantOrderStatus == null ? "opened" : merchantOrderStatus;
            body.put("action", notification.action());
            if (applicationId != null) {
                body.put("application_id", applicationId);
            }
            body.putObject("data").put("currency_id", "").put("marketplace", "NONE").put("status", status);
            body.put("date_created", SandboxJson.timestamp(now));
            body.put("id", notification.dataId());
            body.put("live_mode", true);
            body.put("status", status);
            body.put("type", notification.type());
            body.put("user_id", notification.userId());
            body.put("version", 0);
            return SandboxJson.write(body);
        }
        body.put("id", notificationId);
        body.put("live_mode", true);
        body.put("type", notification.type());
        body.put("date_created", SandboxJson.timestamp(now));
        body.put("user_id", notification.userId());
        body.put("api_version", "v1");
        body.put("action", notification.action());
        if (notification.data() != null) {
            body.set("data", notification.data());
        } else {
            body.putObject("data").put("id", notification.dataId());
        }
        if (applicationId != null) {
            body.put("application_id", applicationId);
        }
        return SandboxJson.write(body);
    }
}
