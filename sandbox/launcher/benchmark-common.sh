# Shell helpers of the benchmark scripts (notification-ingest-service, payment-service, order-projection-service, the
# end-to-end one in sandbox/launcher/benchmark), sourced by each after it sets ROOT: its log lines, the processes it
# started and stops on exit, waits, and CPU ticks.
# shellcheck shell=bash

PIDS=()

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() { # stops every process the script started (the pids it added to PIDS)
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM

wait_for() { # url, what, seconds
    local deadline=$((SECONDS + $3))
    until curl -fs -o /dev/null "$1" 2>/dev/null; do
        if ((SECONDS > deadline)); then
            log "$2 did not answer $1 within $3 s"
            exit 1
        fi
        sleep 0.2
    done
}

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

CLK_TCK=$(getconf CLK_TCK)
process_ticks() { # user + system CPU ticks of a process so far
    awk '{print $14 + $15}' "/proc/$1/stat"
}
tree_ticks() { # user + system CPU ticks so far of a process and of every process below it (PostgreSQL's backends)
    local total child
    total=$(process_ticks "$1" 2>/dev/null || echo 0)
    for child in $(pgrep -P "$1"); do
        total=$((total + $(tree_ticks "$child")))
    done
    echo "$total"
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
