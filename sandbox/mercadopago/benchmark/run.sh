#!/bin/sh
# Benchmark of the standalone Mercado Pago sandbox (docs/benchmarks.md): GET /v1/payments/{id} and
# POST /v1/payments under wrk, at saturation and then paced at a fixed payment rate, each on a fresh sandbox with a
# data directory (as ./marketplace sandbox runs it). Installs wrk and jq from Debian's packages if missing. Loopback
# only.
#   sandbox/mercadopago/benchmark/run.sh [duration, default 20s] [connections, default 64] [payments/s, default 2000]
# BASELINE=<git revision> also builds that revision in a temporary worktree and measures it the same way, rounds
# alternating (ROUNDS, default 2), so that both are measured in one run on the same machine.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
RATE=${3:-2000}
ROUNDS=${ROUNDS:-2}
# The saturation run fills the state with 100,000 to 200,000 payments (about 5 KB of heap each).
HEAP=${HEAP:-4g}
# Paced runs use more connections, so that a pause of the server is seen as latency rather than as requests wrk
# could not send (a connection waits for its answer before sending again).
PACED_CONNECTIONS=256

need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        echo "Installing $1 from Debian's packages..."
        if [ "$(id -u)" -eq 0 ]; then apt-get install -y -q "$1" >/dev/null; else sudo apt-get install -y -q "$1" >/dev/null; fi
    fi
}
need wrk
need jq
need curl

WORK=$(mktemp -d)
SANDBOX=
cleanup() {
    if [ -n "$SANDBOX" ]; then kill "$SANDBOX" 2>/dev/null || true; wait "$SANDBOX" 2>/dev/null || true; fi
    if [ -d "$WORK/baseline" ]; then git -C "$ROOT" worktree remove --force "$WORK/baseline" >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

(cd "$ROOT" && ./mvnw -B -q package -DskipTests -pl sandbox/launcher -am)
CURRENT_JAR="$ROOT/sandbox/launcher/target/marketplace-launcher.jar"
BASELINE_JAR=
if [ -n "${BASELINE:-}" ]; then
    git -C "$ROOT" worktree add -q --detach "$WORK/baseline" "$BASELINE"
    (cd "$WORK/baseline" && ./mvnw -B -q package -DskipTests -pl sandbox/launcher -am)
    BASELINE_JAR="$WORK/baseline/sandbox/launcher/target/marketplace-launcher.jar"
fi

cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

payments_total() {
    curl -fs "$URL/v1/payments/search?limit=1" -H "Authorization: Bearer $SANDBOX_TOKEN" | jq .paging.total
}

# measure <label> <launcher jar>: one fresh sandbox, the three measurements.
measure() {
    LABEL=$1
    DATA="$WORK/data-$LABEL-$(date +%s)"
    mkdir -p "$DATA"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18380)
    URL="http://127.0.0.1:$PORT"
    # The seeded application's webhooks go to a port where nothing listens (refused at once), not to whatever runs on
    # the default ingest port of this machine.
    NOWHERE=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 9)
    java -Xmx"$HEAP" -cp "$2" dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandboxMain --port "$PORT" --data-dir "$DATA" \
        --ingest-url "http://127.0.0.1:$NOWHERE/webhooks/mercadopago" > "$DATA/sandbox.log" 2>&1 &
    SANDBOX=$!
    until curl -fs "$URL/sandbox/clock" >/dev/null 2>&1; do sleep 0.2; done
    SANDBOX_TOKEN=$(curl -fs "$URL/sandbox/users" | jq -r '.[] | select(.nickname=="SELLER_ONE") | .access_token')
    export SANDBOX_TOKEN
    CARD=$(curl -fs -X POST "$URL/v1/card_tokens" -H "Authorization: Bearer $SANDBOX_TOKEN" -H 'Content-Type: application/json' \
        -d '{"card_number":"5031433215406351","expiration_month":11,"expiration_year":2030,"security_code":"123","cardholder":{"name":"APRO","identification":{"type":"CPF","number":"12345678909"}}}' | jq -r .id)
    PAYMENT=$(curl -fs -X POST "$URL/v1/payments" -H "Authorization: Bearer $SANDBOX_TOKEN" -H 'Content-Type: application/json' \
        -H "X-Idempotency-Key: bench-seed-$$" \
        -d "{\"transaction_amount\":100.0,\"token\":\"$CARD\",\"installments\":1,\"payment_method_id\":\"master\",\"payer\":{\"email\":\"test_user_buyer_one@testuser.com\"}}" | jq -r .id)

    echo "######## $LABEL ($(uptime | sed 's/.*load/load/'))"
    wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $SANDBOX_TOKEN" "$URL/v1/payments/$PAYMENT" >/dev/null
    echo "== $LABEL: GET /v1/payments/$PAYMENT ($CONNECTIONS connections, $DURATION)"
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $SANDBOX_TOKEN" "$URL/v1/payments/$PAYMENT"
    echo "== $LABEL: POST /v1/card_tokens + POST /v1/payments at saturation ($CONNECTIONS connections, $DURATION)"
    BEFORE=$(payments_total)
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/create-payments.lua" "$URL"
    AFTER=$(payments_total)
    SECONDS_RUN=$(echo "$DURATION" | sed 's/s$//')
    echo "$LABEL payments created: $((AFTER - BEFORE)) in ${SECONDS_RUN} s = $(( (AFTER - BEFORE) / SECONDS_RUN )) payments/s"
    echo "== $LABEL: the same paced at $RATE payments/s ($PACED_CONNECTIONS connections, $DURATION), $AFTER payments in the state"
    BEFORE=$AFTER
    CPU_BEFORE=$(cpu_ticks "$SANDBOX")
    PAYMENTS_PER_SECOND=$RATE WRK_THREADS=2 wrk -t2 -c"$PACED_CONNECTIONS" -d"$DURATION" --latency \
        -s "$HERE/create-payments.lua" "$URL"
    AFTER=$(payments_total)
    CPU_AFTER=$(cpu_ticks "$SANDBOX")
    echo "$LABEL payments created: $((AFTER - BEFORE)) in ${SECONDS_RUN} s = $(( (AFTER - BEFORE) / SECONDS_RUN )) payments/s"
    # CPU time the sandbox used per payment: unlike latency, hardly changed by other processes on the machine.
    echo "$LABEL CPU: $(( (CPU_AFTER - CPU_BEFORE) * 1000 / $(getconf CLK_TCK) )) ms for $((AFTER - BEFORE)) payments = $(( (CPU_AFTER - CPU_BEFORE) * 1000000 / $(getconf CLK_TCK) / (AFTER - BEFORE + 1) )) us per payment"
    echo "$LABEL state file: $(du -ch "$DATA"/mercadopago-sandbox.json* 2>/dev/null | tail -1 | cut -f1)"
    echo "$LABEL persistence: $(curl -fs "$URL/sandbox/persistence" || echo n/a)"
    kill "$SANDBOX"
    wait "$SANDBOX" 2>/dev/null || true
    SANDBOX=
    rm -rf "$DATA"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(java -version 2>&1 | head -1)"
ROUND=1
while [ "$ROUND" -le "$ROUNDS" ]; do
    measure "current-$ROUND" "$CURRENT_JAR"
    if [ -n "$BASELINE_JAR" ]; then
        measure "baseline-$ROUND" "$BASELINE_JAR"
    fi
    ROUND=$((ROUND + 1))
done
