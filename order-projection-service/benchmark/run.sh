#!/usr/bin/env bash
# Benchmark of order-projection-service against the Mercado Pago sandbox (which serves Mercado Libre's orders), on a
# real broker, PostgreSQL and the Vault dev server (docs/benchmarks.md explains the figures):
#   (a) baseline: GET /orders/{id} with the seller's token straight at the sandbox, paced at the rate below: what every
#       notification costs the service at least (OrdersBench direct);
#   (b) notification to order queryable: one orders_v2 notification per order, exactly as ingest publishes it, paced
#       at BENCH_RATE (goal: 1,000/s); the service's own timer orders_notification_to_model_seconds (from the
#       notification's ce_time, set when sent, to the order's commit) gives p50/p99 (goal p99 <= 250 ms);
#       and the CPU per notification applied, per process (the service, PostgreSQL with its backends, the sandbox, the broker)
#       and for the whole machine, over the window from the first notification sent to the last one applied;
#   (c) rebuild: the service stopped, the model emptied and the group reset on the fact log, restarted with
#       ORDERS_REBUILD_ENABLED=true: facts replayed per second until it is ready again.
# Usage: order-projection-service/benchmark/run.sh   (from anywhere)
# Environment: BENCH_ORDERS (10000), BENCH_RATE (1000), BENCH_SELLERS (20), BENCH_WARMUP_ORDERS (2000),
#   BENCH_WINDOW_SECONDS (120: the timer's window the warm-up must leave), BENCH_BUILD=1 to rebuild the jars,
#   BENCH_PORT_BASE (29280: seven ports from there).
# Everything listens on 127.0.0.1 and every process it starts is stopped when it ends (Ctrl-C included).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/order-projection-service/benchmark"
OUT="$ROOT/order-projection-service/target/benchmark"
SERVICE_APP="$ROOT/order-projection-service/target/quarkus-app"
LAUNCHER_JAR="$ROOT/sandbox/launcher/target/marketplace-launcher.jar"

ORDERS=${BENCH_ORDERS:-10000}
RATE=${BENCH_RATE:-1000}
SELLERS=${BENCH_SELLERS:-20}
WARMUP=${BENCH_WARMUP_ORDERS:-2000}
BASE=${BENCH_PORT_BASE:-29280}
BROKER_PORT=$BASE CONTROLLER_PORT=$((BASE + 1)) POSTGRES_PORT=$((BASE + 2)) VAULT_PORT=$((BASE + 3))
SANDBOX_PORT=$((BASE + 4)) SERVICE_PORT=$((BASE + 5)) MANAGEMENT_PORT=$((BASE + 6))
SANDBOX="http://127.0.0.1:$SANDBOX_PORT"
MANAGEMENT="http://127.0.0.1:$MANAGEMENT_PORT"
BOOTSTRAP="127.0.0.1:$BROKER_PORT"
JDBC="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/order_projection"

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
SERVICE_PID=""
# The benchmark scripts' shared helpers: PIDS and cleanup on exit, log, wait_for, wait_for_port, CPU ticks, to_ms.
source "$ROOT/sandbox/launcher/benchmark-common.sh"

metric() { # name -> its value in the service's Prometheus output (first sample)
    local all
    all=$(curl -fs "$MANAGEMENT/q/metrics")
    awk -v m="$1" 'index($0, m) == 1 {print $2; exit}' <<<"$all"
}

start_service() { # extra environment assignments...
    env "$@" QUARKUS_HTTP_PORT="$SERVICE_PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
        KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" \
        QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$POSTGRES_PORT/order_projection" \
        QUARKUS_DATASOURCE_JDBC_URL="$JDBC" \
        QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
        QUARKUS_VAULT_URL="http://127.0.0.1:$VAULT_PORT" QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN="$VAULT_TOKEN" \
        MERCADOPAGO_BASE_URL="$SANDBOX" MERCADOLIBRE_BASE_URL="$SANDBOX" \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$OUT/jwt-public.pem" \
        ORDERS_MISSED_FEEDS_EVERY=off ORDERS_REREAD_EVERY=off \
        "$JAVA" -Xmx512m -jar "$SERVICE_APP/quarkus-run.jar" >>"$OUT/service.log" 2>&1 &
    SERVICE_PID=$!
    PIDS+=($SERVICE_PID)
}

# --- 1. Jars --------------------------------------------------------------------------------------------------------
mkdir -p "$OUT"
: >"$OUT/service.log"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$SERVICE_APP/quarkus-run.jar" ] || [ ! -f "$LAUNCHER_JAR" ]; then
    log "building the service and the launcher (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl order-projection-service,payment-service,sandbox/launcher -am)
fi
TOOLS_CP="$SERVICE_APP/lib/main/*"

# --- 2. Broker, PostgreSQL, Vault dev server, sandbox ----------------------------------------------------------------
rm -rf "$OUT/kafka" "$OUT/postgres"
log "starting the broker ($BROKER_PORT), PostgreSQL ($POSTGRES_PORT), Vault ($VAULT_PORT), the sandbox ($SANDBOX_PORT)"
"$JAVA" -Xmx512m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.launcher.KafkaBrokerMain \
    "$BROKER_PORT" "$CONTROLLER_PORT" "$OUT/kafka" >"$OUT/broker.log" 2>&1 &
PIDS+=($!)
BROKER_PID=$!
"$JAVA" -Xmx128m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.launcher.PostgresServerMain \
    "$POSTGRES_PORT" "$OUT/postgres" order_projection >"$OUT/postgres.log" 2>&1 &
PIDS+=($!)
VAULT_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$JAVA" -Xmx128m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.vault.VaultDevServerMain \
    --port "$VAULT_PORT" --token "$VAULT_TOKEN" >"$OUT/vault.log" 2>&1 &
PIDS+=($!)
"$JAVA" -Xmx768m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxMain \
    --port "$SANDBOX_PORT" >"$OUT/sandbox.log" 2>&1 &
PIDS+=($!)
SANDBOX_PID=$!
wait_for_port "$BROKER_PORT" "the broker" 60
wait_for_port "$VAULT_PORT" "Vault" 60
wait_for "$SANDBOX/sandbox/clock" "the sandbox" 60
grep -q "listening" "$OUT/postgres.log" || wait_for_port "$POSTGRES_PORT" "PostgreSQL" 60
sleep 1
"$JAVA" -cp "$LAUNCHER_JAR" "$ROOT/notification-ingest-service/benchmark/CreateTopics.java" "$BOOTSTRAP" \
    >"$OUT/topics.log" 2>&1
# The sandbox sends no webhook and no feed message of its own (the benchmark publishes the notifications itself): with
# no URL it records each as undeliverable and makes no attempt. (A URL nobody listens on cost one failed HTTP attempt
# per notification, its record kept in the sandbox's heap.)
APPLICATION=$(curl -fs "$SANDBOX/sandbox/applications" | grep -o '"client_id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
curl -fs -X PATCH "$SANDBOX/sandbox/applications/$APPLICATION" -H 'Content-Type: application/json' \
    -d '{"webhook_url":""}' >/dev/null
curl -fs -X PATCH "$SANDBOX/sandbox/applications/$APPLICATION/mercadolibre" -H 'Content-Type: application/json' \
    -d '{"callback_url":null}' >/dev/null

log "linking $SELLERS sellers (tokens in Vault), making $WARMUP + $ORDERS Mercado Libre orders"
"$JAVA" -cp "$TOOLS_CP" "$ROOT/payment-service/benchmark/BenchSetup.java" link "$SANDBOX" \
    "http://127.0.0.1:$VAULT_PORT" "$VAULT_TOKEN" "$OUT" "$SELLERS"
"$JAVA" -cp "$TOOLS_CP" "$BENCH/OrdersBench.java" orders "$SANDBOX" "$OUT/sellers.tsv" "$WARMUP" "$OUT/warmup.tsv"
"$JAVA" -cp "$TOOLS_CP" "$BENCH/OrdersBench.java" orders "$SANDBOX" "$OUT/sellers.tsv" "$ORDERS" "$OUT/orders.tsv"

log "starting order-projection-service on $SERVICE_PORT"
start_service
wait_for "$MANAGEMENT/q/health/ready" "the service" 90

# --- 3. Warm-up, baseline, notifications ----------------------------------------------------------------------------
log "warm-up: $WARMUP notifications at $((RATE / 2))/s"
"$JAVA" -cp "$TOOLS_CP" "$BENCH/OrdersBench.java" notify "$BOOTSTRAP" "$OUT/warmup.tsv" $((RATE / 2)) >/dev/null
sleep 5
# The service's timer keeps a sliding window of 2 minutes: let the warm-up leave it before measuring.
sleep "${BENCH_WINDOW_SECONDS:-120}"
COUNT_BEFORE=$(metric 'orders_notification_to_model_seconds_count')
# CPU over the measured notifications, per process: PostgreSQL's postmaster with its backends.
POSTMASTER_PID=$(head -n 1 "$OUT/postgres/postmaster.pid")
cpu_snapshot() { # machine busy, service, PostgreSQL, sandbox, broker ticks
    echo "$(machine_busy_ticks) $(process_ticks "$SERVICE_PID") $(tree_ticks "$POSTMASTER_PID")" \
        "$(process_ticks "$SANDBOX_PID") $(process_ticks "$BROKER_PID")"
}
read -r -a CPU_BEFORE <<<"$(cpu_snapshot)"
NOTIFY_START=$(date +%s.%N)
log "notifications: $ORDERS at $RATE/s"
SENT_RATE=$("$JAVA" -cp "$TOOLS_CP" "$BENCH/OrdersBench.java" notify "$BOOTSTRAP" "$OUT/orders.tsv" "$RATE")
DEADLINE=$((SECONDS + 120))
until [ "$(awk -v a="$(metric 'orders_notification_to_model_seconds_count')" -v b="$COUNT_BEFORE" -v n="$ORDERS" \
    'BEGIN {print (a - b >= n) ? 1 : 0}')" = 1 ]; do
    if ((SECONDS > DEADLINE)); then
        log "not every order was applied within 120 s"
        break
    fi
    sleep 0.5
done
APPLIED_AT=$(date +%s.%N)
read -r -a CPU_AFTER <<<"$(cpu_snapshot)"
APPLIED=$(awk -v a="$(metric 'orders_notification_to_model_seconds_count')" -v b="$COUNT_BEFORE" 'BEGIN {print a - b}')
# CPU per notification applied, in ms, over the window from the first notification sent to the last one applied.
per_notification() { # index into the snapshots
    awk -v a="${CPU_AFTER[$1]}" -v b="${CPU_BEFORE[$1]}" -v n="$APPLIED" -v t="$CLK_TCK" \
        'BEGIN {printf "%.2f", (n > 0) ? (a - b) * 1000 / t / n : 0}'
}
P50=$(awk '{printf "%.1f", $1 * 1000}' <<<"$(metric 'orders_notification_to_model_seconds{quantile="0.5"')")
P99=$(awk '{printf "%.1f", $1 * 1000}' <<<"$(metric 'orders_notification_to_model_seconds{quantile="0.99"')")
# After the service's run, so that the service never fetches an order the sandbox has just served.
log "baseline: GET /orders/{id} straight at the sandbox, $ORDERS at $RATE/s"
read -r DIRECT_P50 DIRECT_P99 < <("$JAVA" -cp "$TOOLS_CP" "$BENCH/OrdersBench.java" direct "$SANDBOX" \
    "$OUT/sellers.tsv" "$OUT/orders.tsv" "$RATE")

# --- 4. Rebuild -----------------------------------------------------------------------------------------------------
sleep 3
log "rebuild: stopping the service, emptying the model, resetting the group on the fact log"
kill "$SERVICE_PID"
wait "$SERVICE_PID" 2>/dev/null || true
sleep 3 # the group's members have left (a clean shutdown) before its offsets change
FACTS=$("$JAVA" -cp "$TOOLS_CP" "$BENCH/OrdersBench.java" reset "$BOOTSTRAP" "$JDBC")
STARTED=$(date +%s.%N)
start_service ORDERS_LIVE_ENABLED=false ORDERS_REBUILD_ENABLED=true
wait_for "$MANAGEMENT/q/metrics" "the rebuilding service" 90
until [ "$(awk -v a="$(metric 'orders_rebuild_replayed')" 'BEGIN {print (a > 0) ? 1 : 0}')" = 1 ]; do
    sleep 0.1
done
REBUILD_START=$(date +%s.%N)
DEADLINE=$((SECONDS + 600))
until [ "$(awk -v a="$(metric 'orders_rebuild_replayed')" -v n="$FACTS" 'BEGIN {print (a >= n) ? 1 : 0}')" = 1 ]; do
    if ((SECONDS > DEADLINE)); then
        log "the rebuild did not replay every fact within 600 s"
        break
    fi
    sleep 0.2
done
REBUILD_END=$(date +%s.%N)
REPLAYED=$(metric 'orders_rebuild_replayed')
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- 5. Report ------------------------------------------------------------------------------------------------------
{
    echo "order-projection-service benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "load before $LOAD_BEFORE, after $LOAD_AFTER"
    echo "orders: $ORDERS (+ $WARMUP warm-up), $SELLERS sellers, notifications sent at $SENT_RATE/s (asked $RATE/s)"
    echo "baseline GET /orders/{id} straight at the sandbox at $RATE/s: p50 $DIRECT_P50 ms, p99 $DIRECT_P99 ms"
    echo "notification to order queryable: $APPLIED applied, p50 $P50 ms, p99 $P99 ms (goal p99 <= 250 ms)," \
        "p99 / baseline p99 = $(awk -v a="$P99" -v b="$DIRECT_P99" 'BEGIN {printf "%.1f", (b > 0) ? a / b : 0}')"
    echo "applied in $(awk -v a="$NOTIFY_START" -v b="$APPLIED_AT" 'BEGIN {printf "%.1f", b - a}') s from the first" \
        "sent: $(awk -v a="$NOTIFY_START" -v b="$APPLIED_AT" -v n="$APPLIED" 'BEGIN {printf "%.0f", n / (b - a)}')/s drained;" \
        "CPU per notification: machine $(per_notification 0) ms (every process; $(nproc) cores give $(nproc)000 ms per second), service" \
        "$(per_notification 1) ms, PostgreSQL $(per_notification 2) ms, sandbox $(per_notification 3) ms, broker" \
        "$(per_notification 4) ms (the rest: the notification sender, the system)"
    echo "rebuild: $FACTS facts on the log, $REPLAYED replayed in" \
        "$(awk -v a="$REBUILD_START" -v b="$REBUILD_END" 'BEGIN {printf "%.1f", b - a}') s from the first one:" \
        "$(awk -v a="$REBUILD_START" -v b="$REBUILD_END" -v n="$FACTS" 'BEGIN {printf "%.0f", n / (b - a)}') facts/s" \
        "($(awk -v a="$STARTED" -v b="$REBUILD_END" 'BEGIN {printf "%.1f", b - a}') s with the start-up)"
} | tee "$OUT/report.txt"
