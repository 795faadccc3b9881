#!/bin/sh
# Measures the local run as docs/operations.md reports it: the time `./marketplace up` takes until it prints its table,
# on empty data and then on the data that first run left, the time `down` takes, and each process's resident memory
# once everything is ready. Uses a temporary MARKETPLACE_HOME and the ports of the environment (or the defaults), and
# the jars as built (run `./mvnw -B install -DskipTests` first, so that no build is timed).
#
# usage: sandbox/launcher/measure-local-run.sh [rounds]   (default 3; each round: empty data, then existing data)
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
MARKETPLACE_HOME=$(mktemp -d)
export MARKETPLACE_HOME
trap '"$ROOT/marketplace" down >/dev/null 2>&1 || true; rm -rf "$MARKETPLACE_HOME"' EXIT

now_ms() {
    date +%s%3N
}

# up_once <label>: starts `up` in the background, waits for its table, prints the time it took.
up_once() {
    out="$MARKETPLACE_HOME/up.out"
    start=$(now_ms)
    "$ROOT/marketplace" up >"$out" 2>&1 &
    while ! grep -q '^Ctrl-C stops everything' "$out" 2>/dev/null; do
        if grep -q '^marketplace:' "$out" 2>/dev/null; then
            cat "$out" >&2
            exit 1
        fi
        sleep 0.1
    done
    echo "$1: up $(($(now_ms) - start)) ms"
}

# rss_mib <pid> [with-children]: resident memory in MiB, of the process alone or with its child processes.
rss_mib() {
    pids=$1
    if [ "${2:-}" = with-children ]; then
        pids="$pids,$(pgrep -d , -P "$1" || true)"
    fi
    ps -o rss= -p "${pids%,}" | awk '{ kib += $1 } END { printf "%d", kib / 1024 }'
}

memory() {
    for file in "$MARKETPLACE_HOME"/run/*.pid; do
        echo "  $(basename "$file" .pid): $(rss_mib "$(cat "$file")") MiB"
    done
    postmaster=$(head -n 1 "$MARKETPLACE_HOME/data/postgres/postmaster.pid")
    echo "  postgres server (postmaster and its workers): $(rss_mib "$postmaster" with-children) MiB"
}

down_once() {
    start=$(now_ms)
    "$ROOT/marketplace" down >/dev/null
    echo "   down $(($(now_ms) - start)) ms"
}

echo "machine: $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
round=1
while [ "$round" -le "$ROUNDS" ]; do
    rm -rf "$MARKETPLACE_HOME/data"
    up_once "round $round, empty data"
    if [ "$round" -eq 1 ]; then
        memory
    fi
    down_once
    up_once "round $round, existing data"
    down_once
    round=$((round + 1))
done
