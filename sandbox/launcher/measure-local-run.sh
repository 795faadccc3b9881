#!/bin/sh
# Measures the local run as docs/operations.md reports it: the time `./marketplace up` takes until it prints its table,
# on empty data and then on the data that run left, the time `down` takes, and, once everything is ready, each
# process's resident memory and the CPU time it spent so far (what starting cost, whatever else the machine did);
# then, after IDLE_SECONDS more with nothing to do, each service's own start time (its "started in" log line: from the
# JVM's start to the HTTP server listening) and its idle resident memory (VmRSS, /proc/<pid>/status), the figures of
# the services' goals (at most 3 s and 300 MiB, issue 17).
# Uses a temporary MARKETPLACE_HOME, the ports of the environment (or the defaults), and the jars as built: run
# `./mvnw -B install -DskipTests` first, so that no build is timed.
#
# Last, the same two figures for each service started alone (`up --without` every service, then `run` one at a time),
# as a pod starts on a node of its own instead of beside every other JVM on the same two cores.
#
# usage: [IDLE_SECONDS=30] sandbox/launcher/measure-local-run.sh [rounds]
#        (default 3 rounds; each round: empty data, then existing data; then the services alone)
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
IDLE_SECONDS=${IDLE_SECONDS:-30}
MARKETPLACE_HOME=$(mktemp -d)
export MARKETPLACE_HOME
trap '"$ROOT/marketplace" down >/dev/null 2>&1 || true; wait; rm -rf "$MARKETPLACE_HOME"' EXIT

now_ms() {
    date +%s%3N
}

# up_once <label>: starts `up` in the background, waits for its table, prints the time it took.
up_once() {
    out="$MARKETPLACE_HOME/up.out"
    rm -f "$out"
    start=$(now_ms)
    "$ROOT/marketplace" up >"$out" 2>&1 &
    while ! grep -q '^Ctrl-C stops everything' "$out" 2>/dev/null; do
        if grep -q '^marketplace:' "$out" 2>/dev/null; then
            cat "$out" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "$1: up $(($(now_ms) - start)) ms (load average $(cut -d ' ' -f 1 /proc/loadavg))"
}

down_once() {
    start=$(now_ms)
    "$ROOT/marketplace" down >/dev/null
    wait
    echo "  down $(($(now_ms) - start)) ms"
}

# with_children <pid>: the process and its child processes (PostgreSQL's postmaster and its workers), comma-separated.
with_children() {
    children=$(pgrep -d , -P "$1" || true)
    echo "$1${children:+,$children}"
}

# rss_mib <pids>: resident memory of the comma-separated processes, in MiB; their proportional set size (shared pages
# divided among the processes sharing them, so that PostgreSQL's shared buffers count once), which for a lone JVM is
# its resident set.
rss_mib() {
    for pid in $(echo "$1" | tr , ' '); do
        grep '^Pss:' "/proc/$pid/smaps_rollup"
    done | awk '{ kib += $2 } END { printf "%d", kib / 1024 }'
}

# cpu_s <pids>: CPU time (user + system) the comma-separated processes spent so far, in seconds.
cpu_s() {
    ticks=0
    for pid in $(echo "$1" | tr , ' '); do
        # utime and stime are fields 14 and 15; counted after the command name, which is in parentheses.
        ticks=$((ticks + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')))
    done
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

processes() {
    for file in "$MARKETPLACE_HOME"/run/*.pid; do
        pid=$(cat "$file")
        echo "  $(basename "$file" .pid): $(rss_mib "$pid") MiB resident, $(cpu_s "$pid") s CPU"
    done
    postmaster=$(with_children "$(head -n 1 "$MARKETPLACE_HOME/data/postgres/postmaster.pid")")
    echo "  postgres server (postmaster and its workers): $(rss_mib "$postmaster") MiB resident," \
        "$(cpu_s "$postmaster") s CPU"
}

# services: each service's start time, as it logs it, and its resident memory after IDLE_SECONDS of idling.
services() {
    sleep "$IDLE_SECONDS"
    for pom in "$ROOT"/*-service/pom.xml; do
        service=$(basename "$(dirname "$pom")")
        [ -f "$MARKETPLACE_HOME/run/$service.pid" ] || continue
        pid=$(cat "$MARKETPLACE_HOME/run/$service.pid")
        # Quarkus's start line ("... started in 2.345s. Listening on ..."), the last one: logs are appended across runs.
        started=$(grep -o 'started in [0-9.]*s' "$MARKETPLACE_HOME/logs/$service.log" | tail -n 1 | sed 's/started in //')
        rss=$(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
        echo "  $service: started in ${started:-?}, $rss MiB resident (VmRSS) after $IDLE_SECONDS s idle" \
            "(load average $(cut -d ' ' -f 1 /proc/loadavg))"
    done
}

# alone: the infrastructure only, then each service by itself with `run`: its start time and idle resident memory.
alone() {
    without=""
    for pom in "$ROOT"/*-service/pom.xml; do
        without="$without --without $(basename "$(dirname "$pom")")"
    done
    # shellcheck disable=SC2086 # one word per argument
    set -- $without
    out="$MARKETPLACE_HOME/up.out"
    rm -f "$out"
    "$ROOT/marketplace" up "$@" >"$out" 2>&1 &
    while ! grep -q '^Ctrl-C stops everything' "$out" 2>/dev/null; do
        if grep -q '^marketplace:' "$out" 2>/dev/null; then
            cat "$out" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "services alone (the infrastructure up, each service started by itself with run):"
    for pom in "$ROOT"/*-service/pom.xml; do
        service=$(basename "$(dirname "$pom")")
        log="$MARKETPLACE_HOME/run-$service.out"
        "$ROOT/marketplace" run "$service" >"$log" 2>&1 &
        runner=$!
        deadline=$(($(date +%s) + 120))
        until grep -q 'started in [0-9.]*s' "$log" 2>/dev/null; do
            if [ "$(date +%s)" -gt "$deadline" ] || ! kill -0 "$runner" 2>/dev/null; then
                tail -n 25 "$log" >&2
                kill "$runner" 2>/dev/null || true
                exit 1
            fi
            sleep 0.1
        done
        started=$(grep -o 'started in [0-9.]*s' "$log" | tail -n 1 | sed 's/started in //')
        load=$(cut -d ' ' -f 1 /proc/loadavg)
        pid=$(pgrep -P "$runner" java | head -n 1)
        # The CPU time the service spent until it logged its start: less sensitive to a shared machine than the time.
        cpu=$(cpu_s "$pid")
        sleep "$IDLE_SECONDS"
        rss=$(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
        echo "  $service: started in $started, $cpu s CPU (load average $load), $rss MiB resident (VmRSS) after" \
            "$IDLE_SECONDS s idle"
        kill "$runner"
        wait "$runner" 2>/dev/null || true
    done
    down_once
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -n 1)"
round=1
while [ "$round" -le "$ROUNDS" ]; do
    rm -rf "$MARKETPLACE_HOME/data"
    up_once "round $round, empty data"
    processes
    services
    down_once
    up_once "round $round, existing data"
    processes
    services
    down_once
    round=$((round + 1))
done
alone
