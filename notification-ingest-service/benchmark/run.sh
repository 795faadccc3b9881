#!/usr/bin/env bash
# notification-ingest-service side by side with what a user would otherwise run, in one run, on one real broker, under
# the same signed load and the same connection steps (issue 17):
#   forwarder  MinimalForwarder.java: a bare Vert.x endpoint that sends each body to Kafka (acks=all, idempotent,
#              linger.ms=1, the service's producer settings) and answers after the ack; no verification;
#   spring     spring-receiver/: a receiver written the way Spring Boot's and Spring for Apache Kafka's guides show
#              (@RestController, KafkaTemplate, the send awaited before answering), checking the x-signature;
#   service    the service's packaged jar (prod profile);
#   bare       BareEndpoint.java: a Vert.x server that reads the body and answers 200 (the HTTP ceiling, for reference);
#   verifying  VerifyingForwarder.java: the forwarder's HTTP path doing exactly the work the rules require of an accepted
#              notification (verification, replay guard, record with CloudEvents headers, metrics, the INFO line), with
#              the service's own classes from its packaged jar: what any receiver keeping the rules can reach here;
#   baseline   (only when named in BENCH_TARGETS) another build of the service, BENCH_BASELINE_JAR (the quarkus-run.jar
#              of its quarkus-app directory), started exactly as the service: an A/B of a change in the same run;
#   variant    (only when named in BENCH_TARGETS) the service's jar again with other options (BENCH_VARIANT_OPTS), e.g. a
#              log category switched on: what one part of a change is worth, in the same run.
# Every JVM is warmed up first. Then rounds: in each, every target for BENCH_STEP_SECONDS at BENCH_ROUND_CONNECTIONS,
# one right after the other (the order rotates from round to round), each round giving the ratios service/forwarder,
# service/spring and forwarder/bare (the median round of each is reported: the machine's speed drifts, a ratio's two
# figures are measured seconds apart). Then p50/p99 of the service, the forwarder and the Spring receiver at the same
# paced rate, half the service's median throughput. CPU per request of each target and of the broker for every step.
# With BENCH_PROFILE, one more step per named target under async-profiler (excluded from every ratio).
#
# Usage: notification-ingest-service/benchmark/run.sh   (from anywhere; docs/benchmarks.md explains the figures)
# Environment:
#   BENCH_TARGETS ("forwarder service spring bare verifying"), BENCH_ROUNDS (3), BENCH_STEP_SECONDS (15),
#   BENCH_ROUND_CONNECTIONS (256), BENCH_CONNECTIONS (unset: no curves; e.g. "1 16 64 256": each target at each count
#   before the rounds), BENCH_WARMUP_SECONDS (30, run twice per target), BENCH_HALF_LOAD_SECONDS (30, 0 to skip),
#   BENCH_PROFILE (unset; e.g. "service forwarder": a profiled step per target, async-profiler's cpu event, results in
#   target/benchmark/profile-<target>.{collapsed,html} and the breakdown in profile-<target>.txt),
#   BENCH_SERVICE_OPTS / BENCH_FORWARDER_OPTS / BENCH_SPRING_OPTS (extra JVM options; BENCH_SPRING_ARGS: Spring
#   arguments such as --spring.kafka.producer.properties.linger.ms=1), BENCH_REQUESTS_PER_SECOND (80000),
#   BENCH_BROKER_PORT (29092), BENCH_CONTROLLER_PORT (29093), BENCH_SERVICE_PORT (28081), BENCH_BARE_PORT (28082),
#   BENCH_FORWARDER_PORT (28083), BENCH_SPRING_PORT (28084), BENCH_BASELINE_PORT (28085), BENCH_BASELINE_JAR,
#   BENCH_BASELINE_OPTS, BENCH_VARIANT_PORT (28086), BENCH_VARIANT_OPTS, BENCH_VERIFYING_PORT (28087), BENCH_BUILD=1 to rebuild the jars even when present.
# Everything listens on 127.0.0.1 and every process it starts is stopped when it ends (Ctrl-C included).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH="$ROOT/notification-ingest-service/benchmark"
OUT="$ROOT/notification-ingest-service/target/benchmark"
SERVICE_JAR="$ROOT/notification-ingest-service/target/quarkus-app/quarkus-run.jar"
LAUNCHER_JAR="$ROOT/sandbox/launcher/target/marketplace-launcher.jar"
SPRING_JAR="$BENCH/spring-receiver/target/spring-webhook-receiver.jar"

TARGETS=${BENCH_TARGETS:-"forwarder service spring bare verifying"}
ROUNDS=${BENCH_ROUNDS:-3}
STEP_SECONDS=${BENCH_STEP_SECONDS:-15}
ROUND_CONNECTIONS=${BENCH_ROUND_CONNECTIONS:-256}
CONNECTIONS=${BENCH_CONNECTIONS:-}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
HALF_LOAD_SECONDS=${BENCH_HALF_LOAD_SECONDS:-30}
PROFILE=${BENCH_PROFILE:-}
BROKER_PORT=${BENCH_BROKER_PORT:-29092}
CONTROLLER_PORT=${BENCH_CONTROLLER_PORT:-29093}
declare -A PORT=(
    [service]=${BENCH_SERVICE_PORT:-28081}
    [bare]=${BENCH_BARE_PORT:-28082}
    [forwarder]=${BENCH_FORWARDER_PORT:-28083}
    [spring]=${BENCH_SPRING_PORT:-28084}
    [baseline]=${BENCH_BASELINE_PORT:-28085}
    [variant]=${BENCH_VARIANT_PORT:-28086}
    [verifying]=${BENCH_VERIFYING_PORT:-28087}
)
declare -A PID=()
# Distinct signed requests per second of a wrk run: more than any target answers, so that the service never sees a
# request twice (it accepts a signature once; a repeat would be answered without publishing and flatter it).
REQUESTS_PER_SECOND=${BENCH_REQUESTS_PER_SECOND:-80000}
TOPIC=notifications.mercadopago.payment

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The benchmark scripts' shared helpers: PIDS and cleanup on exit, log, wait_for, wait_for_port, CPU ticks, to_ms.
source "$ROOT/sandbox/launcher/benchmark-common.sh"

measured() { # whether a target takes part in this run
    [[ " $TARGETS " == *" $1 "* ]]
}

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
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$SERVICE_JAR" ] || [ ! -f "$LAUNCHER_JAR" ]; then
    log "building the service and the launcher (./mvnw package -DskipTests)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl notification-ingest-service,sandbox/launcher -am)
fi
if measured spring && { [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$SPRING_JAR" ]; }; then
    log "building the Spring receiver (spring-receiver/pom.xml)"
    (cd "$ROOT" && ./mvnw -B -q -f "$BENCH/spring-receiver/pom.xml" package)
fi
(cd "$ROOT" && ./mvnw -B -q -f "$BENCH/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/tools.classpath")
TOOLS_CP=$(cat "$OUT/tools.classpath")

# --- 2. Broker and targets ----------------------------------------------------------------------------------------
rm -rf "$OUT/kafka"
log "starting the broker on $BROKER_PORT"
"$JAVA" -Xmx512m -cp "$LAUNCHER_JAR" dev.mpmarketplace.sandbox.launcher.KafkaBrokerMain \
    "$BROKER_PORT" "$CONTROLLER_PORT" "$OUT/kafka" >"$OUT/broker.log" 2>&1 &
BROKER_PID=$!
PIDS+=($BROKER_PID)
wait_for_port "$BROKER_PORT" "the broker" 60
# Every platform topic, as a deployment has them (the service fetches the metadata of all raw-notification topics).
"$JAVA" -cp "$LAUNCHER_JAR" "$BENCH/CreateTopics.java" "127.0.0.1:$BROKER_PORT" >"$OUT/topics.log" 2>&1

SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
start_service() { # <target> <jar> [JVM options]: a build of the service, prod profile, on the target's port
    local target=$1 jar=$2
    shift 2
    log "starting the $target ($jar) on ${PORT[$target]}"
    INGEST_MERCADOPAGO_WEBHOOK_SECRET="$SECRET" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BROKER_PORT" \
        QUARKUS_HTTP_PORT="${PORT[$target]}" QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_MANAGEMENT_PORT="$((PORT[$target] + 1000))" QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
        "$JAVA" -Xmx512m "$@" -jar "$jar" >"$OUT/$target.log" 2>&1 &
    PID[$target]=$!
}
# Each target gets the same heap; each is started the way its users start it.
if measured service; then
    # shellcheck disable=SC2086 # options are words
    start_service service "$SERVICE_JAR" ${BENCH_SERVICE_OPTS:-}
fi
if measured baseline; then
    if [ ! -f "${BENCH_BASELINE_JAR:-}" ]; then
        log "BENCH_BASELINE_JAR must name the quarkus-run.jar of the build to compare with"
        exit 1
    fi
    # shellcheck disable=SC2086 # options are words
    start_service baseline "$BENCH_BASELINE_JAR" ${BENCH_BASELINE_OPTS:-}
fi
if measured variant; then
    # shellcheck disable=SC2086 # options are words
    start_service variant "$SERVICE_JAR" ${BENCH_VARIANT_OPTS:-}
fi
if measured forwarder; then
    log "starting the minimal forwarder on ${PORT[forwarder]}"
    "$JAVA" -Xmx512m ${BENCH_FORWARDER_OPTS:-} -cp "$TOOLS_CP" "$BENCH/MinimalForwarder.java" "${PORT[forwarder]}" \
        "127.0.0.1:$BROKER_PORT" "$TOPIC" >"$OUT/forwarder.log" 2>&1 &
    PID[forwarder]=$!
fi
if measured verifying; then
    log "starting the verifying forwarder on ${PORT[verifying]} (the service's classes, without its framework)"
    SERVICE_APP=$(dirname "$SERVICE_JAR")
    # The application's jars, and the classes Quarkus generated at build time (the configuration mapping's).
    SERVICE_CP=$(find "$SERVICE_APP/lib/boot" "$SERVICE_APP/lib/main" "$SERVICE_APP/app" -name '*.jar' | sort | tr '\n' :)
    SERVICE_CP="$SERVICE_CP$SERVICE_APP/quarkus/generated-bytecode.jar"
    "$JAVA" -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager ${BENCH_VERIFYING_OPTS:-} \
        -cp "$SERVICE_CP" "$BENCH/VerifyingForwarder.java" "${PORT[verifying]}" "127.0.0.1:$BROKER_PORT" "$SECRET" \
        >"$OUT/verifying.log" 2>&1 &
    PID[verifying]=$!
fi
if measured spring; then
    log "starting the Spring receiver on ${PORT[spring]}"
    RECEIVER_WEBHOOK_SECRET="$SECRET" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$BROKER_PORT" RECEIVER_PORT="${PORT[spring]}" \
        "$JAVA" -Xmx512m ${BENCH_SPRING_OPTS:-} -jar "$SPRING_JAR" ${BENCH_SPRING_ARGS:-} >"$OUT/spring.log" 2>&1 &
    PID[spring]=$!
fi
if measured bare; then
    log "starting the bare Vert.x endpoint on ${PORT[bare]}"
    "$JAVA" -Xmx512m -cp "$TOOLS_CP" "$BENCH/BareEndpoint.java" "${PORT[bare]}" >"$OUT/bare.log" 2>&1 &
    PID[bare]=$!
fi
for target in $TARGETS; do
    PIDS+=("${PID[$target]}")
done
for target in $TARGETS; do
    wait_for_port "${PORT[$target]}" "the $target" 90
done
for target in service baseline variant; do
    measured "$target" || continue
    deadline=$((SECONDS + 60))
    # The management interface is the public port + 1000.
    until curl -fs "http://127.0.0.1:$((PORT[$target] + 1000))/q/health/ready" >/dev/null 2>&1; do
        if ((SECONDS > deadline)); then log "the $target was not ready within 60 s"; exit 1; fi
        sleep 0.5
    done
done

# --- 3. Load helpers ----------------------------------------------------------------------------------------------
fresh_requests() { # <seconds> <parts>: $OUT/requests.tsv.<i>, signed now, enough for that long; prints the body size
    local count=$((REQUESTS_PER_SECOND * $1))
    rm -f "$OUT"/requests.tsv.*
    "$JAVA" "$BENCH/SignedPaymentRequests.java" "$SECRET" "$count" "$OUT/requests.tsv" "$2"
}

url_of() { # the webhook URL of a target, without the path (the requests carry it)
    printf 'http://127.0.0.1:%s' "${PORT[$1]}"
}

# run_wrk <target> <connections> <seconds> <label> [delay ms]: one wrk run against a target, with requests signed
# right before it; appends "label target connections rps p50 p99 errors busy% target-µs broker-µs load" to steps.txt.
# The machine's busy share is counted from the moment the last wrk thread has loaded its requests (signed-payments.lua
# writes $OUT/ready then) to wrk's end; CPU per request of the target and the broker over the whole run (they are idle
# before it).
run_wrk() {
    local target=$1 connections=$2 seconds=$3 label=$4 delay=${5:-0} threads=2
    if [ "$connections" -lt 2 ]; then threads=1; fi
    fresh_requests "$seconds" "$threads" >/dev/null
    rm -f "$OUT/ready"
    local target_before broker_before
    target_before=$(process_ticks "${PID[$target]}")
    broker_before=$(process_ticks "$BROKER_PID")
    BENCH_REQUESTS="$OUT/requests.tsv" BENCH_READY="$OUT/ready" BENCH_DELAY_MS="$delay" BENCH_THREADS="$threads" \
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$BENCH/signed-payments.lua" \
        "$(url_of "$target")" >"$OUT/wrk.out" &
    local wrk_pid=$!
    until [ -f "$OUT/ready" ] || ! kill -0 "$wrk_pid" 2>/dev/null; do sleep 0.05; done
    local cpu_before started
    cpu_before=$(machine_busy_ticks)
    started=$(date +%s%N)
    wait "$wrk_pid"
    local busy elapsed_ns target_cpu broker_cpu output
    busy=$(($(machine_busy_ticks) - cpu_before))
    elapsed_ns=$(($(date +%s%N) - started))
    target_cpu=$(($(process_ticks "${PID[$target]}") - target_before))
    broker_cpu=$(($(process_ticks "$BROKER_PID") - broker_before))
    output=$(cat "$OUT/wrk.out")
    printf '== %s %s\n%s\n' "$label" "$target" "$output" >>"$OUT/wrk.log"
    local rps p50 p99 non2xx socket requests
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$output")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$output")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$output")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$output")
    socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$output")
    requests=$(awk '/requests in/ {print $1}' <<<"$output")
    printf '%s %s %s %s %s %s %s %s %s %s %s\n' "$label" "$target" "$connections" "$rps" "$p50" "$p99" \
        "$((${non2xx:-0} + ${socket:-0}))" \
        "$(awk -v b="$busy" -v ns="$elapsed_ns" -v n="$(nproc)" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", 100 * b / hz / (ns / 1e9) / n}')" \
        "$(awk -v t="$target_cpu" -v r="$requests" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", (r > 0) ? t / hz * 1e6 / r : 0}')" \
        "$(awk -v t="$broker_cpu" -v r="$requests" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", (r > 0) ? t / hz * 1e6 / r : 0}')" \
        "$(cut -d' ' -f1 /proc/loadavg)" \
        | tee -a "$OUT/steps.txt" >&2
}

step_field() { # <label> <target> <field number>: a field of the last such step
    awk -v l="$1" -v t="$2" -v f="$3" '$1 == l && $2 == t {v = $f} END {print v + 0}' "$OUT/steps.txt"
}

: >"$OUT/steps.txt"
: >"$OUT/wrk.log"
BODY_BYTES=$(fresh_requests 1 1)
log "payment notifications of $BODY_BYTES bytes on average"

# Every target must answer the signed load with 200 before it is measured (a wrong secret would measure 401s).
for target in $TARGETS; do
    IFS=$'\t' read -r path signature request_id body <"$OUT/requests.tsv.0"
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$(url_of "$target")$path" \
        -H 'Content-Type: application/json' -H "x-signature: $signature" -H "x-request-id: $request_id" \
        --data-raw "$body")
    if [ "$status" != 200 ]; then
        log "the $target answered $status to a signed notification; see $OUT/$target.log"
        exit 1
    fi
done

# --- 4. Warm-up: every JVM measured below first runs long enough for its JIT to settle -----------------------------
for target in $TARGETS; do
    log "warm-up: the $target, 2 x $WARMUP_SECONDS s at 128 connections"
    for _ in 1 2; do
        run_wrk "$target" 128 "$WARMUP_SECONDS" warmup
    done
done

# --- 5. Curves (optional): every target at each connection count ---------------------------------------------------
for c in $CONNECTIONS; do
    for target in $TARGETS; do
        run_wrk "$target" "$c" "$STEP_SECONDS" curve
    done
done

# --- 6. Rounds: every target at ROUND_CONNECTIONS, one right after the other --------------------------------------
# The machine's speed drifts by tens of percent within minutes (a shared VM): each round's ratios compare figures
# measured seconds apart; the order rotates so that no target always follows the same one.
read -r -a ORDER <<<"$TARGETS"
: >"$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS at $ROUND_CONNECTIONS connections: ${ORDER[*]}"
    for target in "${ORDER[@]}"; do
        run_wrk "$target" "$ROUND_CONNECTIONS" "$STEP_SECONDS" "round-$round"
    done
    ORDER=("${ORDER[@]:1}" "${ORDER[0]}")
    # "round forwarder service spring bare baseline variant verifying" in requests/s (0 for a step with errors or a
    # target not measured)
    awk -v r="round-$round" -v n="$round" '$1 == r {rps[$2] = ($7 == 0) ? $4 : 0}
        END {printf "%s %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", n, rps["forwarder"], rps["service"], rps["spring"],
            rps["bare"], rps["baseline"], rps["variant"], rps["verifying"]}' \
        "$OUT/steps.txt" >>"$OUT/rounds.txt"
done

median_ratio() { # <numerator column> <denominator column> of rounds.txt (2 forwarder, 3 service, 4 spring, 5 bare,
    # 6 baseline, 7 variant, 8 verifying)
    awk -v a="$1" -v b="$2" '$b > 0 {v[++n] = $a / $b}
        END {
            if (n == 0) { print "-"; exit }
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            printf "%.2f", (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }' "$OUT/rounds.txt"
}
median_column() { # <column> of rounds.txt
    awk -v a="$1" '{v[++n] = $a}
        END {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
            printf "%.0f", (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }' "$OUT/rounds.txt"
}

# --- 7. Half load: every Kafka target at the same paced rate, half the service's median throughput ---------------
HALF_RATE=0
if measured service && [ "$HALF_LOAD_SECONDS" -gt 0 ]; then
    HALF_RATE=$(($(median_column 3) / 2))
fi
HALF_DELAY=10
if [ "$HALF_RATE" -gt 0 ]; then
    for target in $TARGETS; do
        [ "$target" = bare ] && continue
        # Each connection sends a request, waits for the answer, then waits HALF_DELAY ms: a short calibration run
        # measures what the connections achieve, and their number is scaled so that the total is the half rate.
        guess=$(awk -v r="$HALF_RATE" -v d="$HALF_DELAY" 'BEGIN {c = r * (d + 2) / 1000; printf "%d", (c < 1) ? 1 : c + 0.5}')
        run_wrk "$target" "$guess" 5 half-calibration "$HALF_DELAY"
        achieved=$(step_field half-calibration "$target" 4)
        connections=$(awk -v c="$guess" -v r="$HALF_RATE" -v a="$achieved" \
            'BEGIN {n = (a > 0) ? c * r / a : c; printf "%d", (n < 1) ? 1 : n + 0.5}')
        log "half load of the $target: $HALF_RATE requests/s ($connections connections, $HALF_DELAY ms between requests)"
        run_wrk "$target" "$connections" "$HALF_LOAD_SECONDS" half "$HALF_DELAY"
    done
fi

# --- 8. Profiles (optional): one more step per target under async-profiler ---------------------------------------
PROFILER_LIB=""
if [ -n "$PROFILE" ]; then
    PROFILER_JAR=$(tr ':' '\n' <"$OUT/tools.classpath" | grep '/async-profiler-')
    rm -rf "$OUT/async-profiler"
    mkdir -p "$OUT/async-profiler"
    (cd "$OUT/async-profiler" && unzip -q -o "$PROFILER_JAR" 'linux-x64/*')
    PROFILER_LIB="$OUT/async-profiler/linux-x64/libasyncProfiler.so"
fi
for target in $PROFILE; do
    measured "$target" || continue
    log "profiling the $target: $STEP_SECONDS s at $ROUND_CONNECTIONS connections (async-profiler, cpu)"
    rm -f "$OUT/profile-$target".*
    "$JAVA" "$BENCH/Profiler.java" "${PID[$target]}" "$PROFILER_LIB" "start,event=cpu,interval=1ms,threads,cstack=vm" \
        >>"$OUT/profiler.log" 2>&1
    run_wrk "$target" "$ROUND_CONNECTIONS" "$STEP_SECONDS" profiled
    "$JAVA" "$BENCH/Profiler.java" "${PID[$target]}" "$PROFILER_LIB" "dump,file=$OUT/profile-$target.html,flamegraph" \
        >>"$OUT/profiler.log" 2>&1
    "$JAVA" "$BENCH/Profiler.java" "${PID[$target]}" "$PROFILER_LIB" \
        "stop,file=$OUT/profile-$target.collapsed,collapsed" >>"$OUT/profiler.log" 2>&1
    awk -f "$BENCH/cpu-breakdown.awk" -v us="$(step_field profiled "$target" 9)" "$OUT/profile-$target.collapsed" \
        >"$OUT/profile-$target.txt"
done

# --- 9. Report ------------------------------------------------------------------------------------------------------
declare -A PUBLISHED=() REPLAYS=()
for target in service baseline variant; do
    measured "$target" || continue
    METRICS=$(curl -fs "http://127.0.0.1:$((PORT[$target] + 1000))/q/metrics" || true)
    PUBLISHED[$target]=$(awk -v t="$TOPIC" \
        'index($0, "ingest_notifications_published_total{topic=\"" t "\"}") == 1 {print $2}' <<<"$METRICS")
    REPLAYS[$target]=$(awk 'index($0, "ingest_webhook_replays_total{") == 1 {sum += $2} END {print sum + 0}' \
        <<<"$METRICS")
done
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $("$JAVA" -version 2>&1 | head -n 1)"
    echo "load average before the run: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "record: $BODY_BYTES-byte body; every target's producer acks=all; rounds at $ROUND_CONNECTIONS connections," \
        "$STEP_SECONDS s each"
    echo
    echo "| step | target | connections | requests/s | p50 ms | p99 ms | errors | machine busy % | target CPU µs/request | broker CPU µs/request | load |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    awk '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' \
        "$OUT/steps.txt"
    echo
    echo "| round | forwarder | service | spring | bare | baseline | variant | verifying | service / forwarder | service / spring | forwarder / bare | service / baseline | baseline / forwarder | service / variant | verifying / forwarder | service / verifying |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    awk 'function r(a, b) {return (b > 0) ? sprintf("%.2f", a / b) : "-"}
        {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6,
            $7, $8, r($3, $2), r($3, $4), r($2, $5), r($3, $6), r($6, $2), r($3, $7), r($8, $2), r($3, $8)}' \
        "$OUT/rounds.txt"
    echo
    echo "median of the rounds' ratios: service / forwarder $(median_ratio 3 2) (goal >= 0.8)," \
        "service / spring $(median_ratio 3 4) (goal > 1), forwarder / bare $(median_ratio 2 5)," \
        "service / baseline $(median_ratio 3 6), baseline / forwarder $(median_ratio 6 2)," \
        "service / variant $(median_ratio 3 7), verifying / forwarder $(median_ratio 8 2) (what the rules leave)," \
        "service / verifying $(median_ratio 3 8) (what the framework and decision 0012 cost)"
    if [ "$HALF_RATE" -gt 0 ]; then
        echo "at half load ($HALF_RATE requests/s, half the service's median round), p50 / p99 ms (goal: the service's" \
            "p99 <= 20):" \
            "$(awk '$1 == "half" {printf "%s%s %s / %s (%s requests/s, %s errors)", sep, $2, $5, $6, $4, $7; sep = "; "}' \
                "$OUT/steps.txt")"
    fi
    for target in service baseline variant; do
        measured "$target" || continue
        echo "records the $target published to $TOPIC: ${PUBLISHED[$target]:-?}; requests answered as replays:" \
            "${REPLAYS[$target]:-?} (must be 0: every request of the run is a distinct signed delivery)"
    done
    for target in $PROFILE; do
        if [ -f "$OUT/profile-$target.txt" ]; then
            echo
            echo "CPU profile of the $target (profile-$target.html):"
            cat "$OUT/profile-$target.txt"
        fi
    done
} | tee "$OUT/summary.md"
