#!/usr/bin/env bash
# The keepalived checker scale benchmark: 1,000 real servers with TCP_CHECK and 200 with HTTP_GET,
# all at delay_loop 1, checked by one `lvs keepalived` pinned to one core (taskset -c 0). The real
# servers are one python3 asyncio process on 127.0.0.1 (scripts/bench/checker-targets.py) that
# counts the checks; the director is control-plane only. Needs python3 and a built lvs; runs as
# root or not.
#
#   swift build -c release && scripts/bench/keepalived-checkers.sh
#
# Environment: LVS (default .build/release/lvs), TCP_SERVERS (1000), HTTP_SERVERS (200),
# WARMUP (10 s), WINDOW (30 s), BASE_PORT (20000; TCP ports from there, HTTP after them), RUNS (1),
# CONFIG_OUT (a path: keep a copy of the generated keepalived.conf, e.g. to run the real keepalived).
# Prints one result block per run: checks/s achieved against scheduled, intervals between checks
# of one server (median, p99, max), keepalived's CPU time (utime+stime from /proc/PID/stat) over
# the window, its CPU per check, and its RSS at the end.
set -euo pipefail

cd "$(dirname "$0")/../.."
LVS=${LVS:-.build/release/lvs}
TCP_SERVERS=${TCP_SERVERS:-1000}
HTTP_SERVERS=${HTTP_SERVERS:-200}
WARMUP=${WARMUP:-10}
WINDOW=${WINDOW:-30}
BASE_PORT=${BASE_PORT:-20000}
RUNS=${RUNS:-1}
HTTP_BASE=$((BASE_PORT + TCP_SERVERS))

[ -x "$LVS" ] || { echo "no $LVS: swift build -c release first" >&2; exit 1; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
TICKS=$(getconf CLK_TCK)
PAGE=$(getconf PAGESIZE)

WORK=$(mktemp -d /tmp/lvs-bench-checkers.XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

write_config() {
    {
        echo "global_defs {"
        echo "    router_id lvs_bench"
        echo "}"
        echo "virtual_server 192.0.2.10 80 {"
        echo "    delay_loop 1"
        echo "    lb_algo rr"
        echo "    lb_kind NAT"
        echo "    protocol TCP"
        for ((i = 0; i < TCP_SERVERS; i++)); do
            echo "    real_server 127.0.0.1 $((BASE_PORT + i)) {"
            echo "        TCP_CHECK {"
            echo "            connect_timeout 3"
            echo "        }"
            echo "    }"
        done
        echo "}"
        echo "virtual_server 192.0.2.10 8080 {"
        echo "    delay_loop 1"
        echo "    lb_algo rr"
        echo "    lb_kind NAT"
        echo "    protocol TCP"
        for ((i = 0; i < HTTP_SERVERS; i++)); do
            echo "    real_server 127.0.0.1 $((HTTP_BASE + i)) {"
            echo "        HTTP_GET {"
            echo "            url {"
            echo "                path /"
            echo "                status_code 200"
            echo "            }"
            echo "            connect_timeout 3"
            echo "        }"
            echo "    }"
        done
        echo "}"
    } > "$WORK/keepalived.conf"
}

# utime + stime of PID, in clock ticks.
cpu_ticks() {
    # Fields after the command name (which is in parentheses and may hold spaces): utime is 14, stime 15.
    local stat
    stat=$(cat "/proc/$1/stat")
    stat=${stat##*) }
    set -- $stat
    echo $(( ${12} + ${13} ))
}

rss_kib() {
    local pages
    pages=$(awk '{print $2}' "/proc/$1/statm")
    echo $(( pages * PAGE / 1024 ))
}

run_once() {
    local run=$1
    local socket="$WORK/control.sock"
    rm -f "$socket" "$WORK/targets.out"
    taskset -c 1 python3 scripts/bench/checker-targets.py "$BASE_PORT" "$TCP_SERVERS" "$HTTP_BASE" "$HTTP_SERVERS" \
        > "$WORK/targets.out" 2> "$WORK/targets.err" &
    local targets=$!
    PIDS+=("$targets")
    until grep -q ready "$WORK/targets.out" 2>/dev/null; do
        kill -0 "$targets" 2>/dev/null || { cat "$WORK/targets.err" >&2; exit 1; }
        sleep 0.1
    done

    taskset -c 1 "$LVS" director --control-socket "$socket" --fresh --log-level error &
    local director=$!
    PIDS+=("$director")
    until [ -S "$socket" ]; do sleep 0.1; done

    taskset -c 0 "$LVS" keepalived -f "$WORK/keepalived.conf" --control-socket "$socket" \
        -p "$WORK/keepalived.pid" --status-file "$WORK/keepalived.status" --log-level warning \
        2> "$WORK/keepalived.log" &
    local keepalived=$!
    PIDS+=("$keepalived")

    sleep "$WARMUP"
    kill -0 "$keepalived" || { cat "$WORK/keepalived.log" >&2; exit 1; }
    local cpu_before cpu_after
    cpu_before=$(cpu_ticks "$keepalived")
    kill -USR1 "$targets"
    sleep "$WINDOW"
    kill -USR2 "$targets"
    cpu_after=$(cpu_ticks "$keepalived")
    local rss
    rss=$(rss_kib "$keepalived")
    wait "$targets" || true
    local live
    live=$(LVS_CONTROL_SOCKET="$socket" "$LVS" ipvsadm -L -n | grep -c -- '->  *127' || true)

    kill "$keepalived" "$director" 2>/dev/null || true
    wait "$keepalived" "$director" 2>/dev/null || true
    PIDS=()

    python3 - "$run" "$WINDOW" "$cpu_before" "$cpu_after" "$TICKS" "$rss" "$live" "$TCP_SERVERS" "$HTTP_SERVERS" \
        "$(tail -n 1 "$WORK/targets.out")" <<'PY'
import json, sys
run, window, before, after, ticks, rss, live, tcp_n, http_n, summary = sys.argv[1:]
s = json.loads(summary)
seconds = s["window_s"]
cpu = (int(after) - int(before)) / int(ticks)
checks = s["tcp"]["checks"] + s["http"]["checks"]
print(f"run {run}: window {seconds:.1f} s, real servers in the table at the end: {live}")
for kind, n in (("tcp", tcp_n), ("http", http_n)):
    k = s[kind]
    print(f"  {kind.upper():4} checks/s {k['checks_per_s']:7.1f} of {int(n)} scheduled"
          f" ({k['checks_per_s'] / max(int(n), 1):.3f}); interval median {k['interval_median_s']:.3f} s,"
          f" p99 {k['interval_p99_s']:.3f} s, max {k['interval_max_s']:.3f} s;"
          f" never checked {k['servers_never_checked']}")
print(f"  keepalived CPU {cpu:.2f} s over {seconds:.1f} s ({100 * cpu / seconds:.1f}% of one core),"
      f" {1e6 * cpu / max(checks, 1):.1f} us per check; RSS {int(rss) / 1024:.1f} MiB")
PY
}

write_config
if [ -n "${CONFIG_OUT:-}" ]; then cp "$WORK/keepalived.conf" "$CONFIG_OUT"; fi
echo "config: $TCP_SERVERS TCP_CHECK + $HTTP_SERVERS HTTP_GET real servers, delay_loop 1;" \
    "warmup $WARMUP s, window $WINDOW s; keepalived on CPU 0, targets and director on CPU 1"
for ((run = 1; run <= RUNS; run++)); do
    run_once "$run"
done
