#!/usr/bin/env bash
# Benchmark of payment-service against the Mercado Pago sandbox, on a real broker, PostgreSQL and the Vault dev server,
# with the sandbox's own rate measured in the same run (docs/benchmarks.md explains the figures):
#   (a) throughput: POST /payments through the service vs the same payment sent straight to the sandbox's
#       POST /v1/payments with the seller's token (what the service itself sends), each at its best connection count,
#       in rounds one right after the other; each round gives a ratio, the median round is reported (goal >= 0.5);
#   (b) added latency at a paced 500 payments/s: p50 and p99 of the service minus those of the direct call, in
#       interleaved rounds (goals <= 5 ms and <= 20 ms);
#   (c) notification to "status changed" event at 500 notifications/s (NotificationLatency.java; goal p99 <= 250 ms).
# Every payment has its own single-use card token, made beforehand (BenchSetup.java), so neither side pays for tokens.
# Every JVM is warmed up first.
#
# Usage: payment-service/benchmark/run.sh   (from anywhere)
# Environment: BENCH_ROUND_SECONDS (10), BENCH_ROUNDS (3), BENCH_CONNECTIONS ("16 64 128"), BENCH_STEP_SECONDS (8),
#   BENCH_PACED_RATE (500), BENCH_PACED_SECONDS (20), BENCH_NOTIFY_RATE (500), BENCH_NOTIFY_SECONDS (20),
#   BENCH_NOTIFY_WARMUP_SECONDS (30: a notification round before the measured one, not measured; 0: none),
#   BENCH_SELLERS (20), BENCH_WARMUP_SECONDS (20), BENCH_SERVICE_OPTS (extra JVM options of the service),
#   BENCH_SANDBOX_HEAP (6g: the sandbox keeps every card token and payment of the run in its heap, about 700,000;
#   3g filled up by the notification phase), BENCH_TOOL_OPTS (-XX:TieredStopAtLevel=1: JVM options of the notification
#   tool),
#   BENCH_BUILD=1 to rebuild the jars even when present, BENCH_PORT_BASE (29180: six ports from there),
#   BENCH_PHASES ("throughput paced notifications": which of 6-8 to run; the report leaves out the others).
# Everything listens on 127.0.0.1 and every process it starts is stopped when it ends (Ctrl-C included).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/payment-service/benchmark"
OUT="$ROOT/payment-service/target/benchmark"
SERVICE_APP="$ROOT/payment-service/target/quarkus-app"
LAUNCHER_JAR="$ROOT/sandbox/launcher/target/marketplace-launcher.jar"

ROUND_SECONDS=${BENCH_ROUND_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-"16 64 128"}
STEP_SECONDS=${BENCH_STEP_SECONDS:-8}
PACED_RATE=${BENCH_PACED_RATE:-500}
PACED_SECONDS=${BENCH_PACED_SECONDS:-20}
NOTIFY_RATE=${BENCH_NOTIFY_RATE:-500}
NOTIFY_SECONDS=${BENCH_NOTIFY_SECONDS:-20}
NOTIFY_WARMUP_SECONDS=${BENCH_NOTIFY_WARMUP_SECONDS:-30}
SELLERS=${BENCH_SELLERS:-20}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
BASE=${BENCH_PORT_BASE:-29180}
BROKER_PORT=$BASE CONTROLLER_PORT=$((BASE + 1)) POSTGRES_PORT=$((BASE + 2)) VAULT_PORT=$((BASE + 3))
SANDBOX_PORT=$((BASE + 4)) SERVICE_PORT=$((BASE + 5)) MANAGEMENT_PORT=$((BASE + 6))
SANDBOX="http://127.0.0.1:$SANDBOX_PORT"
SERVICE="http://127.0.0.1:$SERVICE_PORT"

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The benchmark scripts' shared helpers: PIDS and cleanup on exit, log, wait_for, wait_for_port, CPU ticks, to_ms.
source "$ROOT/sandbox/launcher/benchmark-common.sh"

# --- 1. Tools and jars --------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk from Debian's packages"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq wrk
fi
mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$SERVICE_APP/quarkus-run.jar" ] || [ ! -f "$LAUNCHER_JAR" ]; then
    log "building the service and the launcher (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl payment-service,sandbox/launcher -am)
fi
TOOLS_CP="$SERVICE_APP/lib/main/*"

# --- 2. Broker, PostgreSQL, Vault dev server, sandbox ----------------------------------------------------------------
rm -rf "$OUT/kafka" "$OUT/postgres"
log "starting the broker ($BROKER_PORT), PostgreSQL ($POSTGRES_PORT), Vault ($VAULT_PORT), the sandbox ($SANDBOX_PORT)"
"$JAVA" -Xmx512m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.launcher.KafkaBrokerMain \
    "$BROKER_PORT" "$CONTROLLER_PORT" "$OUT/kafka" >"$OUT/broker.log" 2>&1 &
BROKER_PID=$!
PIDS+=($BROKER_PID)
"$JAVA" -Xmx128m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.launcher.PostgresServerMain \
    "$POSTGRES_PORT" "$OUT/postgres" payment >"$OUT/postgres.log" 2>&1 &
PIDS+=($!)
VAULT_TOKEN="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
"$JAVA" -Xmx128m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.vault.VaultDevServerMain \
    --port "$VAULT_PORT" --token "$VAULT_TOKEN" >"$OUT/vault.log" 2>&1 &
VAULT_PID=$!
PIDS+=($VAULT_PID)
"$JAVA" -Xmx${BENCH_SANDBOX_HEAP:-6g} -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxMain \
    --port "$SANDBOX_PORT" >"$OUT/sandbox.log" 2>&1 &
SANDBOX_PID=$!
PIDS+=($SANDBOX_PID)
wait_for_port "$BROKER_PORT" "the broker" 60
wait_for_port "$VAULT_PORT" "Vault" 60
wait_for "$SANDBOX/sandbox/clock" "the sandbox" 60
grep -q "listening" "$OUT/postgres.log" || wait_for_port "$POSTGRES_PORT" "PostgreSQL" 60
sleep 1
POSTMASTER_PID=$(head -n 1 "$OUT/postgres/postmaster.pid")
"$JAVA" -cp "$LAUNCHER_JAR" "$ROOT/notification-ingest-service/benchmark/CreateTopics.java" \
    "127.0.0.1:$BROKER_PORT" >"$OUT/topics.log" 2>&1
# The sandbox sends no webhook of its own (the benchmark publishes the notifications itself): with no webhook URL it
# records each as undeliverable and makes no attempt. (A URL nobody listens on made one failed HTTP attempt per
# payment, its record kept in the sandbox's heap: about half a core and, over a run, a full heap.)
APPLICATION=$(curl -fs "$SANDBOX/sandbox/applications" | grep -o '"client_id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
curl -fs -X PATCH "$SANDBOX/sandbox/applications/$APPLICATION" -H 'Content-Type: application/json' \
    -d '{"webhook_url":""}' >/dev/null

log "linking $SELLERS sellers (tokens in Vault) and making the API's signing key"
"$JAVA" -cp "$TOOLS_CP" "$BENCH/BenchSetup.java" link "$SANDBOX" "http://127.0.0.1:$VAULT_PORT" "$VAULT_TOKEN" \
    "$OUT" "$SELLERS"
BEARER=$(cat "$OUT/bearer")

log "starting payment-service on $SERVICE_PORT"
# The reconciliation sweep is off: in a run it would page through the hundreds of thousands of payments made in
# minutes, and in the notification phase it would find the statuses changed before their notifications arrive.
PAYMENT_SWEEP_EVERY=off \
    QUARKUS_HTTP_PORT="$SERVICE_PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BROKER_PORT" \
    QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$POSTGRES_PORT/payment" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/payment" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres \
    QUARKUS_VAULT_URL="http://127.0.0.1:$VAULT_PORT" QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN="$VAULT_TOKEN" \
    MERCADOPAGO_BASE_URL="$SANDBOX" MP_JWT_VERIFY_PUBLICKEY_LOCATION="$OUT/jwt-public.pem" \
    "$JAVA" -Xmx512m ${BENCH_SERVICE_OPTS:-} -jar "$SERVICE_APP/quarkus-run.jar" >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=($SERVICE_PID)
wait_for "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" "the service" 90
if [ "${BENCH_HOLD:-0}" = 1 ]; then
    log "holding everything up for a look by hand (BENCH_HOLD=1); stop with Ctrl-C or SIGTERM"
    sleep infinity &
    PIDS+=($!)
    wait $!
fi

# --- 3. Load helpers ----------------------------------------------------------------------------------------------
# CPU ticks so far: the machine's busy ticks, then the service, the sandbox, PostgreSQL (the postmaster and its
# backends), the broker, Vault, and the notification tool while it runs (0 otherwise).
CPU_PARTS=("the machine" "the service" "the sandbox" "PostgreSQL" "the broker" "Vault"
    "the notification tool (the publication, the reading of the events)")
cpu_snapshot() {
    local tool
    tool=$(pgrep -f 'NotificationLatency[.]java' | head -n 1)
    echo "$(machine_busy_ticks) $(process_ticks "$SERVICE_PID") $(process_ticks "$SANDBOX_PID")" \
        "$(tree_ticks "$POSTMASTER_PID") $(process_ticks "$BROKER_PID") $(process_ticks "$VAULT_PID")" \
        "$(if [ -n "$tool" ]; then process_ticks "$tool" 2>/dev/null || echo 0; else echo 0; fi)"
}
# per_unit <after snapshot> <before snapshot> <index> <count> <unit: 1e6 for µs, 1e3 for ms>: CPU per item
per_unit() {
    local after before
    read -r -a after <<<"$1"
    read -r -a before <<<"$2"
    awk -v a="${after[$3]}" -v b="${before[$3]}" -v n="$4" -v u="$5" -v hz="$CLK_TCK" \
        'BEGIN {printf "%.0f", (n > 0) ? (a - b) / hz * u / n : 0}'
}

tokens() { # count, cardholder, file
    "$JAVA" -cp "$TOOLS_CP" "$BENCH/BenchSetup.java" tokens "$SANDBOX" "$OUT/sellers.tsv" "$1" "$2" "$3"
}


RUN_INDEX=0
# run_wrk <target: service|direct> <connections> <seconds> <label> <requests file> [delay ms]
# appends "label connections payments/s p50 p99 errors busy% service-µs sandbox-µs postgres-µs broker-µs" to
# steps.txt (CPU per payment of each process)
run_wrk() {
    local target=$1 connections=$2 seconds=$3 label=$4 file=$5 delay=${6:-0} threads=2 url output
    if [ "$connections" -lt 2 ]; then threads=1; fi
    url=$SERVICE
    if [ "$target" = direct ]; then url=$SANDBOX; fi
    RUN_INDEX=$((RUN_INDEX + 1))
    local cpu_before
    cpu_before=$(cpu_snapshot)
    output=$(BENCH_REQUESTS="$file" BENCH_TARGET="$target" BENCH_BEARER="$BEARER" BENCH_THREADS="$threads" \
        BENCH_DELAY_MS="$delay" BENCH_RUN="$label-$RUN_INDEX-$$" \
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$BENCH/payments.lua" "$url")
    local cpu_after busy
    cpu_after=$(cpu_snapshot)
    busy=$(($(cut -d' ' -f1 <<<"$cpu_after") - $(cut -d' ' -f1 <<<"$cpu_before")))
    printf '%s\n' "$output" >>"$OUT/wrk.log"
    local rps p50 p99 socket requests not_created
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$output")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$output")")
    socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$output")
    not_created=$(awk '/^not created:/ {print $3}' <<<"$output")
    requests=$(awk '/requests in/ {print $1}' <<<"$output")
    printf '%s %s %s %s %s %s %s %s %s %s %s\n' "$label" "$connections" "$rps" "$p50" "$p99" \
        "$((${socket:-0} + ${not_created:-0}))" \
        "$(awk -v b="$busy" -v s="$seconds" -v n="$(nproc)" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * b / hz / s / n}')" \
        "$(per_unit "$cpu_after" "$cpu_before" 1 "${requests:-0}" 1e6)" \
        "$(per_unit "$cpu_after" "$cpu_before" 2 "${requests:-0}" 1e6)" \
        "$(per_unit "$cpu_after" "$cpu_before" 3 "${requests:-0}" 1e6)" \
        "$(per_unit "$cpu_after" "$cpu_before" 4 "${requests:-0}" 1e6)" \
        | tee -a "$OUT/steps.txt" >&2
}

: >"$OUT/steps.txt"
: >"$OUT/wrk.log"

# --- 4. Warm-up -----------------------------------------------------------------------------------------------------
log "warm-up: the sandbox directly (10 s) and the service (2 x $WARMUP_SECONDS s), 64 connections"
tokens 40000 APRO "$OUT/warmup-direct.tsv"
run_wrk direct 64 10 direct-warmup "$OUT/warmup-direct.tsv"
for round in 1 2; do
    tokens 30000 APRO "$OUT/warmup-service-$round.tsv"
    run_wrk service 64 "$WARMUP_SECONDS" service-warmup "$OUT/warmup-service-$round.tsv"
done

# --- 5. Connection counts: each side at its best ---------------------------------------------------------------------
log "the sandbox directly and the service at rising connections ($STEP_SECONDS s each)"
for c in $CONNECTIONS; do
    tokens $((STEP_SECONDS * 5000)) APRO "$OUT/step-direct.tsv"
    run_wrk direct "$c" "$STEP_SECONDS" direct "$OUT/step-direct.tsv"
    tokens $((STEP_SECONDS * 3000)) APRO "$OUT/step-service.tsv"
    run_wrk service "$c" "$STEP_SECONDS" service "$OUT/step-service.tsv"
done
best() { awk -v l="$1" '$1 == l && $6 == 0 {if ($3 > max) {max = $3; c = $2}} END {print c + 0}' "$OUT/steps.txt"; }
BEST_DIRECT=$(best direct)
BEST_SERVICE=$(best service)
if [ "$BEST_DIRECT" = 0 ]; then BEST_DIRECT=64; fi
if [ "$BEST_SERVICE" = 0 ]; then BEST_SERVICE=64; fi

PHASES=${BENCH_PHASES:-"throughput paced notifications"}
phase() { [[ " $PHASES " == *" $1 "* ]]; }

# --- 6. Rounds: the sandbox's own rate and the service's, one right after the other ------------------------------
: >"$OUT/rounds.txt"
MEDIAN_ROUND=- SUSTAINED=- DIRECT_RATE=- RATIO=-
phase throughput && for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS: the sandbox directly at $BEST_DIRECT connections, the service at $BEST_SERVICE"
    tokens $((ROUND_SECONDS * 5000)) APRO "$OUT/round-direct.tsv"
    tokens $((ROUND_SECONDS * 3000)) APRO "$OUT/round-service.tsv"
    run_wrk direct "$BEST_DIRECT" "$ROUND_SECONDS" "direct-round-$round" "$OUT/round-direct.tsv"
    run_wrk service "$BEST_SERVICE" "$ROUND_SECONDS" "service-round-$round" "$OUT/round-service.tsv"
    DIRECT_ROUND=$(grep "^direct-round-$round " "$OUT/steps.txt" | awk '{print ($6 == 0) ? $3 : 0}')
    SERVICE_ROUND=$(grep "^service-round-$round " "$OUT/steps.txt" | awk '{print ($6 == 0) ? $3 : 0}')
    awk -v r="$round" -v s="$SERVICE_ROUND" -v d="$DIRECT_ROUND" \
        'BEGIN {printf "%s %.0f %.0f %.3f\n", r, s, d, (d > 0) ? s / d : 0}' >>"$OUT/rounds.txt"
done
if [ -s "$OUT/rounds.txt" ]; then
    read -r MEDIAN_ROUND SUSTAINED DIRECT_RATE RATIO < <(sort -k4 -n "$OUT/rounds.txt" \
        | awk '{line[NR] = $0} END {print line[int((NR + 1) / 2)]}')
fi

# --- 7. Added latency at a paced rate: interleaved rounds of the direct call and the service ------------------------
# Each connection sends a request, waits for the answer, then waits PACED_DELAY ms; the connection count is calibrated
# so that the total is the paced rate.
PACED_DELAY=20
paced_connections() { # target: calibrates with a short run, prints the connection count for PACED_RATE
    local target=$1 guess calibrated
    guess=$(awk -v r="$PACED_RATE" -v d="$PACED_DELAY" 'BEGIN {c = r * (d + 3) / 1000; printf "%d", c + 0.5}')
    tokens $((PACED_RATE * 6)) APRO "$OUT/calibration.tsv"
    run_wrk "$target" "$guess" 5 "$target-paced-calibration" "$OUT/calibration.tsv" "$PACED_DELAY"
    calibrated=$(grep "^$target-paced-calibration " "$OUT/steps.txt" | tail -n 1 | awk '{print $3}')
    awk -v c="$guess" -v r="$PACED_RATE" -v a="$calibrated" \
        'BEGIN {n = (a > 0) ? c * r / a : c; printf "%d", (n < 1) ? 1 : n + 0.5}'
}
: >"$OUT/paced.txt"
if phase paced; then
    DIRECT_PACED_CONNECTIONS=$(paced_connections direct)
    SERVICE_PACED_CONNECTIONS=$(paced_connections service)
fi
phase paced && for round in 1 2; do
    log "paced round $round: $PACED_RATE payments/s, the direct call then the service"
    tokens $((PACED_RATE * PACED_SECONDS * 12 / 10)) APRO "$OUT/paced-direct.tsv"
    tokens $((PACED_RATE * PACED_SECONDS * 12 / 10)) APRO "$OUT/paced-service.tsv"
    run_wrk direct "$DIRECT_PACED_CONNECTIONS" "$PACED_SECONDS" "direct-paced-$round" "$OUT/paced-direct.tsv" \
        "$PACED_DELAY"
    run_wrk service "$SERVICE_PACED_CONNECTIONS" "$PACED_SECONDS" "service-paced-$round" "$OUT/paced-service.tsv" \
        "$PACED_DELAY"
    read -r _ _ D_RPS D_P50 D_P99 D_ERR _ < <(grep "^direct-paced-$round " "$OUT/steps.txt")
    read -r _ _ S_RPS S_P50 S_P99 S_ERR _ < <(grep "^service-paced-$round " "$OUT/steps.txt")
    awk -v r="$round" -v dr="$D_RPS" -v sr="$S_RPS" -v d50="$D_P50" -v d99="$D_P99" -v s50="$S_P50" -v s99="$S_P99" \
        -v e="$((D_ERR + S_ERR))" 'BEGIN {printf "%s %.0f %.0f %.2f %.2f %.2f %.2f %.2f %.2f %d\n",
            r, dr, sr, d50, d99, s50, s99, s50 - d50, s99 - d99, e}' >>"$OUT/paced.txt"
done

# --- 8. Notification to status-changed event at a paced rate -------------------------------------------------------
NOTIFY_RESULT="not run"
NOTIFY_WARMUP_RESULT="not run"
NOTIFY_CPU="-"
# The tool is a new JVM each round: C1 only (BENCH_TOOL_OPTS), so that its JIT does not take the cores from what is
# measured (it stands in for Mercado Pago and the ingest service, which run elsewhere).
notify_round() { # seconds, tokens file: one NotificationLatency run at NOTIFY_RATE; prints its summary line
    "$JAVA" ${BENCH_TOOL_OPTS--XX:TieredStopAtLevel=1} -cp "$TOOLS_CP" "$BENCH/NotificationLatency.java" \
        "127.0.0.1:$BROKER_PORT" "$SANDBOX" "$SERVICE" "$OUT/bearer" "$2" "$NOTIFY_RATE" "$1" 2>>"$OUT/notify.log"
}
# snapshot_at <epoch ms>: the CPU sample (cpu-samples.txt, "epoch-ms snapshot...") nearest that moment
snapshot_at() {
    awk -v t="$1" '{d = $1 - t; if (d < 0) d = -d; if (NR == 1 || d < best) {best = d; line = $0}}
        END {sub(/^[^ ]+ /, "", line); print line}' "$OUT/cpu-samples.txt"
}
if phase notifications; then
    # The notification path (the consumer, the fetch, Hibernate's entity path of the transaction) runs nowhere in
    # the phases above: a round of its own first, so the measured one finds it compiled, as in a service that runs.
    if [ "$NOTIFY_WARMUP_SECONDS" -gt 0 ]; then
        log "notifications, warm-up: $NOTIFY_RATE/s for $NOTIFY_WARMUP_SECONDS s (not measured)"
        tokens $((NOTIFY_RATE * NOTIFY_WARMUP_SECONDS)) CONT "$OUT/notify-warmup-tokens.tsv"
        NOTIFY_WARMUP_RESULT=$(notify_round "$NOTIFY_WARMUP_SECONDS" "$OUT/notify-warmup-tokens.tsv" | grep -v '^window ')
    fi
    log "notifications: $NOTIFY_RATE/s for $NOTIFY_SECONDS s"
    tokens $((NOTIFY_RATE * NOTIFY_SECONDS)) CONT "$OUT/notify-tokens.tsv"
    # CPU sampled twice a second while the round runs; the tool says when its notifications began and when the
    # last event was read, and the CPU per notification is taken over that window only (its preparation of the
    # payments through POST /payments and their approval at the sandbox, before it, are left out; the publications,
    # which stand in for the ingest service, are in).
    (while :; do echo "$(date +%s%3N) $(cpu_snapshot)"; sleep 0.5; done) >"$OUT/cpu-samples.txt" 2>/dev/null &
    SAMPLER_PID=$!
    PIDS+=($SAMPLER_PID)
    NOTIFY_OUTPUT=$(notify_round "$NOTIFY_SECONDS" "$OUT/notify-tokens.tsv")
    kill "$SAMPLER_PID" 2>/dev/null || true
    NOTIFY_RESULT=$(grep -v '^window ' <<<"$NOTIFY_OUTPUT")
    read -r _ WINDOW_START WINDOW_END < <(grep '^window ' <<<"$NOTIFY_OUTPUT")
    NOTIFIED=$(sed -n 's/^notifications \([0-9]*\) .*/\1/p' <<<"$NOTIFY_RESULT")
    CPU_START=$(snapshot_at "$WINDOW_START")
    CPU_END=$(snapshot_at "$WINDOW_END")
    NOTIFY_CPU=$(awk -v b="$(per_unit "$CPU_END" "$CPU_START" 0 1 1e3)" -v t0="$WINDOW_START" -v t1="$WINDOW_END" \
        -v n="$(nproc)" 'BEGIN {t = (t1 - t0) / 1000; printf "machine busy %.0f %% over %.1f s (first sent to last event read)", 100 * b / 1000 / t / n, t}')
    NOTIFY_CPU="$NOTIFY_CPU; CPU per notification, µs:"
    separator=""
    for part in "${!CPU_PARTS[@]}"; do
        NOTIFY_CPU="$NOTIFY_CPU$separator ${CPU_PARTS[$part]} $(per_unit "$CPU_END" "$CPU_START" "$part" "$NOTIFIED" 1e6)"
        separator=","
    done
fi

# --- 9. Report ------------------------------------------------------------------------------------------------------
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$JAVA" -version 2>&1 | head -n 1)"
    echo "load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "| run | connections | payments/s | p50 ms | p99 ms | errors | machine busy % | CPU µs/payment: service | sandbox | PostgreSQL | broker |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    awk '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' \
        "$OUT/steps.txt"
    echo
    echo "| round | service payments/s | sandbox directly payments/s | ratio |"
    echo "|---|---|---|---|"
    awk '{printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4}' "$OUT/rounds.txt"
    echo
    echo "throughput: median round ($MEDIAN_ROUND): the service $SUSTAINED payments/s = $RATIO x the sandbox's own" \
        "$DIRECT_RATE payments/s (goal >= 0.5)"
    echo
    echo "| paced round | direct payments/s | service payments/s | direct p50 | direct p99 | service p50 | service p99 | added p50 ms | added p99 ms | errors |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    awk '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}' \
        "$OUT/paced.txt"
    echo
    echo "notifications, warm-up (not measured): $NOTIFY_WARMUP_RESULT"
    echo "notifications: $NOTIFY_RESULT"
    echo "notifications, CPU: $NOTIFY_CPU"
} | tee "$OUT/summary.md"
