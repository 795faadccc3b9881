#!/usr/bin/env bash
# End-to-end benchmark of the whole local run (issue 17): webhook received → payment status changed event → order
# queryable, p50 and p99 at a paced rate (500 notifications/s), each leg timed per payment, beside a baseline measured
# in the same run (the sandbox's own GET /v1/payments/{id} at the same rate: the one call payment-service makes per
# notification). docs/benchmarks.md ("End to end") explains the figures.
#
# The system is `./marketplace up` itself (its wiring, topics, seeded application, heaps and GC), on ports of its own
# and a MARKETPLACE_HOME of its own, with every service. Then EndToEndLatency.java:
#   1. links BENCH_SELLERS sellers through seller-linking-service (invitation, consent at the sandbox, callback);
#   2. makes BENCH_PAYMENTS Mercado Libre orders of them (OrdersBench.java orders), each paid by its buyer with a card
#      that stays in_process; the sandbox's Mercado Libre feed reaches ingest and order-projection-service fetches
#      every order (waited for on orders.events);
#   3. warm-up: one signed payment webhook per payment at BENCH_SETUP_RATE (payment-service first hears of each);
#      waits until every consumer group has no lag;
#   4. baseline: GET /v1/payments/{id} straight at the sandbox, BENCH_PAYMENTS at BENCH_RATE;
#   5. the measured window: the Mercado Libre feed turned off (so that only the payment's chain changes the order);
#      at BENCH_RATE, each payment approved at the sandbox and its signed webhook posted to ingest; per payment the
#      times of ingest's 200, of its payment.status-changed on payments.events and of the order.changed showing it
#      approved on orders.events (written through the outbox in the transaction of the change, so the order is
#      queryable by then; one in BENCH_VERIFY_EVERY is checked with GET /orders/{id} at once); and for one payment in
#      BENCH_POLL_EVERY (at most 8 at a time), GET /orders/{id} every 50 ms from its status-changed record until it
#      shows the payment approved: when the order became queryable, and so what the outbox relay adds after it.
# Prints, and writes to sandbox/launcher/target/benchmark-e2e/report.md: the rate sent, how many arrived, p50/p99/max
# of each leg and of the whole, the baseline, the load average before and after, CPU time per process over the window;
# the services' Prometheus pages before and after the window are saved beside it (metrics-*.txt), and the lines that
# say where the time went are printed.
#
# Usage: sandbox/launcher/benchmark/end-to-end.sh   (from anywhere; run it under `nice -n 19` on a shared machine)
# Environment: BENCH_RATE (500), BENCH_PAYMENTS (10000: the measured window is BENCH_PAYMENTS / BENCH_RATE seconds),
#   BENCH_SETUP_RATE (250), BENCH_SELLERS (20), BENCH_VERIFY_EVERY (20), BENCH_POLL_EVERY (50), BENCH_WAIT_SECONDS (240: how long each wait
#   may take before the run goes on without it), BENCH_BUILD=1 to rebuild the jars even when present,
#   BENCH_PORT_BASE (29380: fifteen ports from there), BENCH_HOLD=1 to keep the local run up at the end (Ctrl-C).
# The services' periodic sweeps (payment-service's reconciliation and resolver, order-projection-service's missed
# feeds, re-read and refetch) are turned off through their environment, as in the services' own benchmarks: each would
# fetch every payment or order of the run at its own moment, in the middle of the window.
# Everything listens on 127.0.0.1; every process it starts is stopped when it ends (Ctrl-C included).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BENCH="$ROOT/sandbox/launcher/benchmark"
OUT="$ROOT/sandbox/launcher/target/benchmark-e2e"
LAUNCHER_JAR="$ROOT/sandbox/launcher/target/marketplace-launcher.jar"

RATE=${BENCH_RATE:-500}
PAYMENTS=${BENCH_PAYMENTS:-10000}
SETUP_RATE=${BENCH_SETUP_RATE:-250}
SELLERS=${BENCH_SELLERS:-20}
BASE=${BENCH_PORT_BASE:-29380}

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The benchmark scripts' shared helpers: PIDS and cleanup on exit, log, wait_for, wait_for_port, CPU ticks, to_ms.
source "$ROOT/sandbox/launcher/benchmark-common.sh"

# --- 1. The local run's environment: its own home, ports from the base, the sweeps off --------------------------
export MARKETPLACE_HOME="$OUT/home"
export MARKETPLACE_KAFKA_PORT=$BASE MARKETPLACE_KAFKA_CONTROLLER_PORT=$((BASE + 1))
export MARKETPLACE_POSTGRES_PORT=$((BASE + 2)) MARKETPLACE_VAULT_PORT=$((BASE + 3))
export MARKETPLACE_SANDBOX_PORT=$((BASE + 4))
export MARKETPLACE_INGEST_PORT=$((BASE + 5)) MARKETPLACE_INGEST_MANAGEMENT_PORT=$((BASE + 6))
export MARKETPLACE_LINKING_PORT=$((BASE + 7)) MARKETPLACE_LINKING_MANAGEMENT_PORT=$((BASE + 8))
export MARKETPLACE_PAYMENT_PORT=$((BASE + 9)) MARKETPLACE_PAYMENT_MANAGEMENT_PORT=$((BASE + 10))
export MARKETPLACE_POINT_PORT=$((BASE + 11)) MARKETPLACE_POINT_MANAGEMENT_PORT=$((BASE + 12))
export MARKETPLACE_ORDERS_PORT=$((BASE + 13)) MARKETPLACE_ORDERS_MANAGEMENT_PORT=$((BASE + 14))
unset VAULT_ADDR VAULT_TOKEN
# The services inherit the launcher's environment (the wiring is added to it).
export PAYMENT_SWEEP_EVERY=off PAYMENT_RESOLUTION_EVERY=off
export ORDERS_MISSED_FEEDS_EVERY=off ORDERS_REREAD_EVERY=off ORDERS_REFETCH_EVERY=off
SANDBOX="http://127.0.0.1:$MARKETPLACE_SANDBOX_PORT"
BOOTSTRAP="127.0.0.1:$MARKETPLACE_KAFKA_PORT"

# --- 2. Jars ----------------------------------------------------------------------------------------------------------
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
MODULES=sandbox/launcher,notification-ingest-service,seller-linking-service,payment-service,point-service,order-projection-service
missing=0
for module in notification-ingest-service seller-linking-service payment-service point-service order-projection-service; do
    [ -f "$ROOT/$module/target/quarkus-app/quarkus-run.jar" ] || missing=1
done
if [ "${BENCH_BUILD:-0}" = 1 ] || [ "$missing" = 1 ] || [ ! -f "$LAUNCHER_JAR" ]; then
    log "building the launcher and the services (./mvnw install -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q install -DskipTests -pl "$MODULES" -am)
fi
TOOLS_CP="$LAUNCHER_JAR"
# The tools' Kafka clients log through the launcher's slf4j-simple: problems only.
QUIET="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"

# --- 3. ./marketplace up ----------------------------------------------------------------------------------------------
rm -rf "$MARKETPLACE_HOME" "$OUT"/*.tsv "$OUT"/metrics-*.txt "$OUT/report.md"
mkdir -p "$MARKETPLACE_HOME"
log "./marketplace up (ports $BASE-$((BASE + 14)), home $MARKETPLACE_HOME)"
"$ROOT/marketplace" up >"$OUT/up.log" 2>&1 &
UP_PID=$!
stop_local_run() { # SIGTERM to `up` stops what it started (even while starting); `down` then stops any leftover
    kill "$UP_PID" 2>/dev/null || true
    wait "$UP_PID" 2>/dev/null || true
    "$ROOT/marketplace" down >/dev/null 2>&1 || true
    cleanup
}
trap stop_local_run EXIT INT TERM
until grep -q '^Ctrl-C stops everything' "$OUT/up.log" 2>/dev/null; do
    if ! kill -0 "$UP_PID" 2>/dev/null || grep -q '^marketplace:' "$OUT/up.log"; then
        cat "$OUT/up.log" >&2
        exit 1
    fi
    sleep 0.5
done
log "the local run is up"
"$ROOT/marketplace" token >"$OUT/token" 2>/dev/null
pid_of() { cat "$MARKETPLACE_HOME/run/$1.pid"; }
PIDS_ARG=""
for process in notification-ingest-service payment-service order-projection-service kafka mercadopago-sandbox \
    vault seller-linking-service point-service; do
    PIDS_ARG="$PIDS_ARG${PIDS_ARG:+,}$process:$(pid_of "$process")"
done
# PostgreSQL's server is not a child of its launcher process: its postmaster (with its workers) is counted.
PIDS_ARG="$PIDS_ARG,postgres:$(head -n 1 "$MARKETPLACE_HOME/data/postgres/postmaster.pid")"
management() { echo "http://127.0.0.1:$1/q/metrics"; }
METRICS="ingest:$(management "$MARKETPLACE_INGEST_MANAGEMENT_PORT")"
METRICS="$METRICS,payment:$(management "$MARKETPLACE_PAYMENT_MANAGEMENT_PORT")"
METRICS="$METRICS,orders:$(management "$MARKETPLACE_ORDERS_MANAGEMENT_PORT")"

# --- 4. Sellers, orders, the run ----------------------------------------------------------------------------------
COMMON=(out="$OUT" sandbox="$SANDBOX" token="$OUT/token")
log "linking $SELLERS sellers through seller-linking-service"
"$JAVA" $QUIET -cp "$TOOLS_CP" "$BENCH/EndToEndLatency.java" link "${COMMON[@]}" \
    linking="http://127.0.0.1:$MARKETPLACE_LINKING_PORT" sellers="$SELLERS"
log "making $PAYMENTS Mercado Libre orders"
"$JAVA" -cp "$TOOLS_CP" "$ROOT/order-projection-service/benchmark/OrdersBench.java" orders "$SANDBOX" \
    "$OUT/sellers.tsv" "$PAYMENTS" "$OUT/orders.tsv"
"$JAVA" -Xmx1g $QUIET -cp "$TOOLS_CP" "$BENCH/EndToEndLatency.java" run "${COMMON[@]}" \
    ingest="http://127.0.0.1:$MARKETPLACE_INGEST_PORT" orders="http://127.0.0.1:$MARKETPLACE_ORDERS_PORT" \
    bootstrap="$BOOTSTRAP" rate="$RATE" setup-rate="$SETUP_RATE" verify-every="${BENCH_VERIFY_EVERY:-20}" \
    poll-every="${BENCH_POLL_EVERY:-50}" wait-seconds="${BENCH_WAIT_SECONDS:-240}" pids="$PIDS_ARG" metrics="$METRICS" >"$OUT/run.txt"

# --- 5. Report --------------------------------------------------------------------------------------------------------
# window_means <service> <metric>...: for each timer or summary (its _count and _sum, per tag set), the count and the
# mean over the window (after minus before), and its _max after (Micrometer's max of the last minutes).
window_means() {
    local service=$1
    shift
    for name in "$@"; do
        awk -v name="$name" -v service="$service" '
            FNR == 1 { file++ }
            index($0, name "_count") == 1 || index($0, name "_sum") == 1 || index($0, name "_max") == 1 {
                kind = substr($1, length(name) + 2); sub(/\{.*/, "", kind)
                key = substr($1, length(name) + length(kind) + 2)
                if (file == 1) { before[kind, key] = $NF } else { after[kind, key] = $NF; keys[key] = 1 }
            }
            END {
                for (key in keys) {
                    n = after["count", key] - before["count", key]
                    if (n <= 0) continue
                    printf "| %s | %s%s | %d | %.1f | %.1f |\n", service, name, key, n,
                        1000 * (after["sum", key] - before["sum", key]) / n, 1000 * after["max", key]
                }
            }' "$OUT/metrics-$service-before.txt" "$OUT/metrics-$service-after.txt"
    done
}
# gauge <service> <metric>: its samples after the window.
gauge() { grep -E "^$2" "$OUT/metrics-$1-after.txt" 2>/dev/null | sed "s/^/$1: /" || true; }
{
    echo "End-to-end benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(git -C "$ROOT" rev-parse --short HEAD)"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$JAVA" -version 2>&1 | head -n 1)"
    echo "load average at the start of the script: $LOAD_BEFORE; at its end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "payments: $PAYMENTS of $SELLERS sellers, rate $RATE/s (set-up $SETUP_RATE/s)"
    echo
    cat "$OUT/run.txt"
    echo
    echo "The services' own timers over the window (from the window's start until every order showed its payment):"
    echo
    echo "| service | timer | count | mean ms | max ms (recent) |"
    echo "|---|---|---|---|---|"
    window_means ingest http_server_requests_seconds
    window_means payment http_client_requests_seconds http_client_queue_delay_seconds sql_pool_queue_delay_seconds \
        sql_pool_usage_seconds outbox_delivery_delay_seconds payment_status_lag_seconds
    window_means orders sql_pool_queue_delay_seconds sql_pool_usage_seconds outbox_delivery_delay_seconds
    echo
    # What ingest took in during the window, by endpoint: the benchmark's webhooks only (Mercado Libre's feed: 0).
    for endpoint in mercadopago mercadolibre; do
        awk -v e="uri=\"/webhooks/$endpoint\"" 'FNR == 1 { file++ }
            index($1, "http_server_requests_seconds_count{") == 1 && index($1, e) > 0 { n[file] += $NF }
            END { printf "ingest received on /webhooks/%s during the window: %d\n", substr(e, 16, length(e) - 16), n[2] - n[1] }' \
            "$OUT/metrics-ingest-before.txt" "$OUT/metrics-ingest-after.txt"
    done
    gauge payment 'payment_notifications_total'
    gauge orders 'orders_facts_total'
} | tee "$OUT/report.md"

if [ "${BENCH_HOLD:-0}" = 1 ]; then
    log "holding the local run up for a look by hand (BENCH_HOLD=1); stop with Ctrl-C"
    wait "$UP_PID"
fi
