#!/usr/bin/env bash
# Benchmark of notification-ingest-service on a real broker, with its two ceilings measured in the same run:
#   (a) the HTTP ceiling: a bare Vert.x endpoint that reads the body and answers 200 (BareEndpoint.java);
#   (b) the broker ceiling: Kafka's own ProducerPerformance, same record size, acks=all, idempotent, linger.ms=1.
# Every JVM is warmed up first. Then the bare endpoint and the service under signed payment notifications at a rising
# number of connections (wrk); then rounds of the broker ceiling and the service at its best connection count, one
# right after the other, each round giving a ratio (the median round is reported); then p50/p99 latency at half the
# median round's throughput (paced wrk). CPU per request of the service and the broker is reported for every step.
#
# Usage: notification-ingest-service/benchmark/run.sh   (from anywhere; docs/benchmarks.md explains the figures)
# Environment: BENCH_STEP_SECONDS (15), BENCH_CONNECTIONS ("1 2 4 8 16 32 64 128 256"), BENCH_HALF_LOAD_SECONDS (30),
#   BENCH_ROUNDS (3), BENCH_WARMUP_SECONDS (30, run twice), BENCH_PERF_RECORDS (1500000 per round),
#   BENCH_PERF_WARMUP_RECORDS (1000000),
#   BENCH_SERVICE_OPTS (extra JVM options of the service, e.g. -Dmp.messaging.outgoing.raw-notifications.linger.ms=2),
#   BENCH_SKIP_CEILINGS=1 to measure the service only (the ratio is then not computed),
#   BENCH_BROKER_PORT (29092), BENCH_CONTROLLER_PORT (29093), BENCH_SERVICE_PORT (28081), BENCH_BARE_PORT (28082),
#   BENCH_BUILD=1 to rebuild the jars even when present.
# Everything listens on 127.0.0.1 and every process it starts is stopped when it ends (Ctrl-C included).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/notification-ingest-service/benchmark"
OUT="$ROOT/notification-ingest-service/target/benchmark"
SERVICE_JAR="$ROOT/notification-ingest-service/target/quarkus-app/quarkus-run.jar"
LAUNCHER_JAR="$ROOT/sandbox/launcher/target/marketplace-launcher.jar"

STEP_SECONDS=${BENCH_STEP_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-"1 2 4 8 16 32 64 128 256"}
HALF_LOAD_SECONDS=${BENCH_HALF_LOAD_SECONDS:-30}
BROKER_PORT=${BENCH_BROKER_PORT:-29092}
CONTROLLER_PORT=${BENCH_CONTROLLER_PORT:-29093}
SERVICE_PORT=${BENCH_SERVICE_PORT:-28081}
BARE_PORT=${BENCH_BARE_PORT:-28082}
# Distinct signed requests per second of a wrk run: more than the service answers, so that no request is sent twice
# (the service accepts a signature once; a repeat would be answered without publishing and flatter the figures).
REQUESTS_PER_SECOND=${BENCH_REQUESTS_PER_SECOND:-50000}
PERF_RECORDS=${BENCH_PERF_RECORDS:-1500000}
PERF_WARMUP_RECORDS=${BENCH_PERF_WARMUP_RECORDS:-1000000}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
TOPIC=notifications.mercadopago.payment
PERF_TOPIC=benchmark.producer-performance

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM

wait_for_port() { # port, what, seconds
    local deadline=$((SECONDS + $3))
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        if ((SECONDS > deadline)); then
            log "$2 did not listen on $1 within $3 s"
            exit 1
        fi
        sleep 0.5
    done
}

# --- 1. Tools -----------------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    log "installing wrk from Debian's packages"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq wrk
fi

mkdir -p "$OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$SERVICE_JAR" ] || [ ! -f "$LAUNCHER_JAR" ]; then
    log "building the service and the launcher (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl notification-ingest-service,sandbox/launcher -am)
fi
(cd "$ROOT" && ./mvnw -B -q -f "$BENCH/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/tools.classpath")
TOOLS_CP=$(cat "$OUT/tools.classpath")

# --- 2. Broker, service, bare endpoint ----------------------------------------------------------------------------
rm -rf "$OUT/kafka"
log "starting the broker on $BROKER_PORT"
"$JAVA" -Xmx512m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.launcher.KafkaBrokerMain \
    "$BROKER_PORT" "$CONTROLLER_PORT" "$OUT/kafka" >"$OUT/broker.log" 2>&1 &
BROKER_PID=$!
PIDS+=($BROKER_PID)
wait_for_port "$BROKER_PORT" "the broker" 60
# Every platform topic, as a deployment has them (the service fetches the metadata of all raw-notification topics).
"$JAVA" -cp "$LAUNCHER_JAR" "$BENCH/CreateTopics.java" "127.0.0.1:$BROKER_PORT" "$PERF_TOPIC" >"$OUT/topics.log" 2>&1

SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
log "starting the service on $SERVICE_PORT"
INGEST_MERCADOPAGO_WEBHOOK_SECRET="$SECRET" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BROKER_PORT" \
    QUARKUS_HTTP_PORT="$SERVICE_PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    "$JAVA" -Xmx512m ${BENCH_SERVICE_OPTS:-} -jar "$SERVICE_JAR" >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
PIDS+=($SERVICE_PID)
log "starting the bare Vert.x endpoint on $BARE_PORT"
"$JAVA" -Xmx256m -cp "$TOOLS_CP" "$BENCH/BareEndpoint.java" "$BARE_PORT" >"$OUT/bare.log" 2>&1 &
PIDS+=($!)
wait_for_port "$SERVICE_PORT" "the service" 60
wait_for_port "$BARE_PORT" "the bare endpoint" 60
deadline=$((SECONDS + 60))
until curl -fs "http://127.0.0.1:$SERVICE_PORT/q/health/ready" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then log "the service was not ready within 60 s"; exit 1; fi
    sleep 0.5
done

# --- 3. Load helpers ----------------------------------------------------------------------------------------------
fresh_requests() { # [seconds]: writes $OUT/requests.tsv signed now, enough for that long; prints the body size
    local count=$((REQUESTS_PER_SECOND * ${1:-1}))
    "$JAVA" "$BENCH/SignedPaymentRequests.java" "$SECRET" "$count" "$OUT/requests.tsv"
}

CLK_TCK=$(getconf CLK_TCK)
process_ticks() { # user + system CPU ticks of a process so far
    awk '{print $14 + $15}' "/proc/$1/stat"
}
machine_busy_ticks() { # every CPU tick of the machine so far that was not idle or waiting for I/O
    awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8}' /proc/stat
}

to_ms() { # wrk latency such as 812.00us, 1.23ms, 1.02s -> milliseconds
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 }
        else { printf "%s", v } }'
}

# run_wrk <url> <connections> <seconds> <label> [delay ms]: one wrk run; appends "label conns rps p50 p99 errors"
run_wrk() {
    local url=$1 connections=$2 seconds=$3 label=$4 delay=${5:-0} threads=2 output
    if [ "$connections" -lt 2 ]; then threads=1; fi
    local cpu_before service_before broker_before
    cpu_before=$(machine_busy_ticks)
    service_before=$(process_ticks "$SERVICE_PID")
    broker_before=$(process_ticks "$BROKER_PID")
    output=$(BENCH_REQUESTS="$OUT/requests.tsv" BENCH_DELAY_MS="$delay" BENCH_THREADS="$threads" \
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$BENCH/signed-payments.lua" "$url")
    local busy service_cpu broker_cpu
    busy=$(($(machine_busy_ticks) - cpu_before))
    service_cpu=$(($(process_ticks "$SERVICE_PID") - service_before))
    broker_cpu=$(($(process_ticks "$BROKER_PID") - broker_before))
    printf '%s\n' "$output" >>"$OUT/wrk.log"
    local rps p50 p99 non2xx socket
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$output")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$output")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$output")
    socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$output")
    # CPU: the machine's busy share over the step, and microseconds of CPU per request of the service and the broker.
    local requests
    requests=$(awk '/requests in/ {print $1}' <<<"$output")
    printf '%s %s %s %s %s %s %s %s %s\n' "$label" "$connections" "$rps" "$p50" "$p99" \
        "$((${non2xx:-0} + ${socket:-0}))" \
        "$(awk -v b="$busy" -v s="$seconds" -v n="$(nproc)" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * b / hz / s / n}')" \
        "$(awk -v t="$service_cpu" -v r="$requests" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", (r > 0) ? t / hz * 1e6 / r : 0}')" \
        "$(awk -v t="$broker_cpu" -v r="$requests" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", (r > 0) ? t / hz * 1e6 / r : 0}')" \
        | tee -a "$OUT/steps.txt" >&2
}

: >"$OUT/steps.txt"
: >"$OUT/wrk.log"
BODY_BYTES=$(fresh_requests)
log "payment notifications of $BODY_BYTES bytes on average"

# producer_ceiling <records> <label>: one ProducerPerformance run; appends "label records/s" to steps.txt, where
# records/s is the median of its 5-second windows after the first (the tool's JIT and the broker's warm-up excluded).
producer_ceiling() {
    local log="$OUT/producer-performance-$2.log" rate
    "$JAVA" -Xmx512m -cp "$TOOLS_CP" org.apache.kafka.tools.ProducerPerformance --topic "$PERF_TOPIC" \
        --num-records "$1" --record-size "$BODY_BYTES" --throughput -1 \
        --producer-props "bootstrap.servers=127.0.0.1:$BROKER_PORT" acks=all enable.idempotence=true linger.ms=1 \
        >"$log" 2>&1
    # Window lines: "N records sent, R records/sec (...)"; the last line (with percentiles) is the whole run's average,
    # used when the run was too short for two windows.
    rate=$(grep "records sent" "$log" | awk '
        /50th/ {total = $4; next}
        {window[++n] = $4}
        END {
            if (n < 2) { print total + 0; exit }
            m = 0
            for (i = 2; i <= n; i++) v[++m] = window[i]
            for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            print (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
        }')
    printf '%s - %s\n' "$2" "$rate" | tee -a "$OUT/steps.txt" >&2
    printf '%s' "$rate"
}

# --- 4. Warm-up: every JVM measured below first runs long enough for its JIT to settle -----------------------------
# (Measured cold, the producer tool reports a third of its steady rate and the service half of its own: the first
# version of this script compared a warm service with a cold ceiling.)
log "warm-up: the producer tool, the bare endpoint (20 s), the service (2 x $WARMUP_SECONDS s at 128 connections)"
producer_ceiling "$PERF_WARMUP_RECORDS" producer-warmup >/dev/null
if [ "${BENCH_SKIP_CEILINGS:-0}" != 1 ]; then
    run_wrk "http://127.0.0.1:$BARE_PORT/webhooks/mercadopago" 64 20 bare-warmup
fi
for _ in 1 2; do
    fresh_requests "$WARMUP_SECONDS" >/dev/null
    run_wrk "http://127.0.0.1:$SERVICE_PORT" 128 "$WARMUP_SECONDS" service-warmup
done

# --- 5. Curves: the bare endpoint and the service at rising connections ----------------------------------------------
HTTP_CEILING=0
if [ "${BENCH_SKIP_CEILINGS:-0}" != 1 ]; then
    log "HTTP ceiling: the bare endpoint at rising connections"
    for c in $CONNECTIONS; do
        run_wrk "http://127.0.0.1:$BARE_PORT/webhooks/mercadopago" "$c" "$STEP_SECONDS" bare
    done
    HTTP_CEILING=$(awk '$1 == "bare" && $6 == 0 {if ($3 > max) max = $3} END {print max + 0}' "$OUT/steps.txt")
fi
log "the service at rising connections (requests re-signed before each step)"
for c in $CONNECTIONS; do
    fresh_requests "$STEP_SECONDS" >/dev/null
    run_wrk "http://127.0.0.1:$SERVICE_PORT" "$c" "$STEP_SECONDS" service
done
BEST_CONNECTIONS=$(awk '$1 == "service" && $6 == 0 {if ($3 > max) {max = $3; c = $2}} END {print c + 0}' \
    "$OUT/steps.txt")

# --- 6. Rounds: the broker ceiling and the service at its best connection count, one right after the other --------
# The machine's speed drifts by tens of percent within minutes (it is a shared VM): each round's ratio compares two
# figures measured a few seconds apart, and the reported ratio is the median round's.
: >"$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS: ProducerPerformance, then the service at $BEST_CONNECTIONS connections"
    if [ "${BENCH_SKIP_CEILINGS:-0}" != 1 ]; then
        BROKER_ROUND=$(producer_ceiling "$PERF_RECORDS" "producer-round-$round")
    else
        BROKER_ROUND=0
    fi
    fresh_requests "$STEP_SECONDS" >/dev/null
    run_wrk "http://127.0.0.1:$SERVICE_PORT" "$BEST_CONNECTIONS" "$STEP_SECONDS" "service-round-$round"
    SERVICE_ROUND=$(grep "^service-round-$round " "$OUT/steps.txt" | awk '{print ($6 == 0) ? $3 : 0}')
    awk -v r="$round" -v s="$SERVICE_ROUND" -v b="$BROKER_ROUND" -v h="$HTTP_CEILING" 'BEGIN {
        c = (h > 0 && h < b) ? h : b
        printf "%s %.0f %.0f %.0f %.3f\n", r, s, b, c, (c > 0) ? s / c : 0 }' >>"$OUT/rounds.txt"
done
# The median round by ratio: "round service broker lower-ceiling ratio".
read -r MEDIAN_ROUND SUSTAINED BROKER_CEILING LOWER_CEILING RATIO < <(sort -k5 -n "$OUT/rounds.txt" \
    | awk '{line[NR] = $0} END {print line[int((NR + 1) / 2)]}')

# --- 7. Half load: p50 and p99 at half the median round's throughput ---------------------------------------------
HALF_RATE=$(awk -v s="$SUSTAINED" 'BEGIN {printf "%d", s / 2}')
# Each connection sends a request, waits for the answer, then waits HALF_DELAY ms: a short calibration run measures
# what a connection achieves, and the connection count is scaled so that the total is the half rate.
HALF_DELAY=10
HALF_CONNECTIONS=$(awk -v r="$HALF_RATE" -v d="$HALF_DELAY" 'BEGIN {c = r * (d + 2) / 1000; printf "%d", (c < 1) ? 1 : c + 0.5}')
fresh_requests 5 >/dev/null
run_wrk "http://127.0.0.1:$SERVICE_PORT" "$HALF_CONNECTIONS" 5 service-half-calibration "$HALF_DELAY"
CALIBRATED=$(grep '^service-half-calibration ' "$OUT/steps.txt" | tail -n 1 | awk '{print $3}')
HALF_CONNECTIONS=$(awk -v c="$HALF_CONNECTIONS" -v r="$HALF_RATE" -v a="$CALIBRATED" \
    'BEGIN {n = (a > 0) ? c * r / a : c; printf "%d", (n < 1) ? 1 : n + 0.5}')
log "half load: $HALF_RATE requests/s ($HALF_CONNECTIONS connections, each waiting $HALF_DELAY ms between requests)"
fresh_requests "$HALF_LOAD_SECONDS" >/dev/null
run_wrk "http://127.0.0.1:$SERVICE_PORT" "$HALF_CONNECTIONS" "$HALF_LOAD_SECONDS" service-half "$HALF_DELAY"
read -r _ _ HALF_RPS HALF_P50 HALF_P99 HALF_ERRORS < <(grep '^service-half ' "$OUT/steps.txt" | tail -n 1)

# --- 8. Report ------------------------------------------------------------------------------------------------------
PUBLISHED=$(curl -fs "http://127.0.0.1:$SERVICE_PORT/q/metrics" \
    | awk -v t="$TOPIC" 'index($0, "ingest_notifications_published_total{topic=\"" t "\"}") == 1 {print $2}')
REPLAYS=$(curl -fs "http://127.0.0.1:$SERVICE_PORT/q/metrics" \
    | awk 'index($0, "ingest_webhook_replays_total{") == 1 {sum += $2} END {print sum + 0}')
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$JAVA" -version 2>&1 | head -n 1)"
    echo "load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "record size: $BODY_BYTES bytes (body), acks=all, idempotent, linger.ms=1, 3 partitions"
    echo
    echo "| run | connections | requests/s | p50 ms | p99 ms | errors | machine busy % | service CPU µs/request | broker CPU µs/request |"
    echo "|---|---|---|---|---|---|---|---|---|"
    awk '$2 == "-" {printf "| %s | | %s records/s | | | | | | |\n", $1, $3; next}
        {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}' \
        "$OUT/steps.txt"
    echo
    echo "| round | service requests/s | broker ceiling records/s | lower ceiling | ratio |"
    echo "|---|---|---|---|---|"
    awk '{printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5}' "$OUT/rounds.txt"
    echo
    echo "HTTP ceiling (bare Vert.x, best step): $HTTP_CEILING requests/s"
    echo "service at $BEST_CONNECTIONS connections, median round ($MEDIAN_ROUND): $SUSTAINED requests/s" \
        "= $RATIO x the lower ceiling ($LOWER_CEILING; broker $BROKER_CEILING records/s)"
    echo "at half load (target $HALF_RATE requests/s): $HALF_RPS requests/s, p50 $HALF_P50 ms, p99 $HALF_P99 ms," \
        "errors $HALF_ERRORS"
    echo "records the service published to $TOPIC: ${PUBLISHED:-?}; requests answered as replays: ${REPLAYS:-?}" \
        "(must be 0: every request of the run is a distinct signed delivery)"
} | tee "$OUT/summary.md"
