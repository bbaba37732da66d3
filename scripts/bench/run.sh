#!/usr/bin/env bash
# SwiftLVS benchmark: new-connection HTTP requests/s (wrk, Connection: close), keep-alive
# requests/s (wrk, persistent connections) and UDP packets/s through a director, for a client
# talking straight to the real servers, the kernel doing the director's job with nftables (DR and
# NAT), HAProxy in TCP mode, and SwiftLVS (DR, NAT, TUN; each also with the XDP fast path).
# Everything runs in network namespaces this script creates and removes; see docs/BENCHMARKS.md.
#
# Usage: sudo scripts/bench/run.sh [-d SECONDS] [-t THREADS] [-c CONNECTIONS] [-r RUNS] [-h]
# Environment: see docs/BENCHMARKS.md (BENCH_*, LVS_BIN, LVS_BENCH_DIRECTOR_ARGS_*).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
LOADGEN="$SCRIPT_DIR/loadgen.py"

HTTP_SECONDS=${BENCH_HTTP_SECONDS:-5}
# Keep-alive wrk per mode; empty: the smaller of 3 and HTTP_SECONDS; 0: not measured.
KA_SECONDS=${BENCH_KEEPALIVE_SECONDS:-}
RUNS=${BENCH_RUNS:-1}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-32}
UDP_SECONDS=${BENCH_UDP_SECONDS:-3}
UDP_PACKETS=${BENCH_UDP_PACKETS:-3000000}
UDP_FLOWS=${BENCH_UDP_FLOWS:-4}
UDP_SIZE=${BENCH_UDP_SIZE:-18}
# on: the hosts' veths offload transmit checksums (Linux's default); off: the client and the real
# servers fill in their checksums in every mode, as the lvs-*-xdp modes need on veth, so that
# those compare with the others under the same conditions.
TX_CSUM=${BENCH_TX_CSUM:-on}
LVS_BIN=${LVS_BIN:-$REPO_DIR/.build/release/lvs}
# Space-separated modes to run (default all), in this order within each run:
# lvs-dr-scraped: lvs-dr with --metrics-listen and the client scraping /metrics every 100 ms.
# lvs-*-xdp: the same method with --data-plane xdp (the XDP fast path, docs/xdp.md); the plain
# lvs-* modes pass --data-plane packet, whatever the binary's default.
# xdp-dr-ceiling / tc-dr-ceiling: no SwiftLVS; a stateless program (bpf/dr_ceiling.c) doing
# nft-dr's job in XDP / at tc ingress: the most a director in either hook can reach on this lab.
# tc-nat-ceiling: the same for NAT (bpf/nat_ceiling.c), stateless, at tc ingress on both sides.
# lvs-dr-1x / lvs-dr-2x: one director with one worker, then two such directors at once (the
# second in namespace director2 with its own VIP, as ECMP would give each its share of flows).
ALL_MODES=(baseline nft-dr xdp-dr-ceiling tc-dr-ceiling lvs-dr lvs-dr-scraped lvs-dr-xdp lvs-tun lvs-tun-xdp lvs-dr-1x lvs-dr-2x
    nft-nat tc-nat-ceiling haproxy lvs-nat lvs-nat-xdp)
BENCH_ONLY=${BENCH_ONLY:-}

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
while getopts "d:t:c:r:h" opt; do
    case $opt in
        d) HTTP_SECONDS=$OPTARG ;;
        r) RUNS=$OPTARG ;;
        t) WRK_THREADS=$OPTARG ;;
        c) WRK_CONNECTIONS=$OPTARG ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
for v in HTTP_SECONDS WRK_THREADS WRK_CONNECTIONS UDP_SECONDS UDP_PACKETS UDP_FLOWS UDP_SIZE RUNS; do
    [[ ${!v} =~ ^[0-9]+$ && ${!v} -gt 0 ]] || { echo "run.sh: $v must be a positive integer" >&2; exit 2; }
done
[[ -n $KA_SECONDS ]] || KA_SECONDS=$((HTTP_SECONDS < 3 ? HTTP_SECONDS : 3))
[[ $TX_CSUM == on || $TX_CSUM == off ]] || { echo "run.sh: BENCH_TX_CSUM must be on or off" >&2; exit 2; }
[[ $KA_SECONDS =~ ^[0-9]+$ ]] || { echo "run.sh: BENCH_KEEPALIVE_SECONDS must be 0 or a positive integer" >&2; exit 2; }
# Load loops stay bounded: at most a minute of wrk and 30 s of UDP per measurement, 15 runs.
(( HTTP_SECONDS <= 60 && KA_SECONDS <= 60 && UDP_SECONDS <= 30 )) || { echo "run.sh: durations are capped at 60 s (HTTP, keep-alive) and 30 s (UDP)" >&2; exit 2; }
(( RUNS <= 15 )) || { echo "run.sh: at most 15 runs" >&2; exit 2; }
for m in $BENCH_ONLY; do
    [[ " ${ALL_MODES[*]} " == *" $m "* ]] || { echo "run.sh: unknown mode '$m' in BENCH_ONLY (modes: ${ALL_MODES[*]})" >&2; exit 2; }
done

# ---------------------------------------------------------------------------------------------
# Preconditions: root, and the tools (installed by the user, never by this script).

if [[ $EUID -ne 0 ]]; then
    echo "run.sh: needs root (it creates network namespaces)" >&2
    exit 1
fi
missing=()
for tool in ip nft nginx wrk haproxy python3 ss timeout; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if ((${#missing[@]})); then
    echo "run.sh: missing tools: ${missing[*]}" >&2
    echo "  install them with: apt-get install nginx-light wrk haproxy nftables iproute2 python3 coreutils" >&2
    exit 1
fi

# ---------------------------------------------------------------------------------------------
# Names. Every namespace is "lvsb-<pid>-<role>"; the pid marks whose it is, so a run can sweep
# what dead runs left behind without touching a live run's lab.

PREFIX="lvsb-$$-"
NS_SW="${PREFIX}switch"
NS_CL="${PREFIX}client"
NS_DIR="${PREFIX}director"
NS_RS1="${PREFIX}rs1"
NS_RS2="${PREFIX}rs2"
NS_DIR2="${PREFIX}director2"
ALL_NS=("$NS_CL" "$NS_DIR" "$NS_DIR2" "$NS_RS1" "$NS_RS2" "$NS_SW")

# The lab's addresses come from LabTopology (the demo's and the tests' lab), via the binary.
[[ -x $LVS_BIN ]] || { echo "run.sh: no $LVS_BIN (swift build -c release first)" >&2; exit 1; }
eval "$("$LVS_BIN" lab-topology)"
# (and fail here, not half-way, if a name is missing)
: "${VIP:?}" "${CL_IP:?}" "${DIR_LAN_IP:?}" "${DIR_BACK_IP:?}" "${RS_LAN_IP[1]:?}" "${RS_BACK_IP[1]:?}"
RS_NS=("$NS_RS1" "$NS_RS2")
MAC_CL=02:00:c6:12:00:64
MAC_DIR0=02:00:c6:12:00:02
MAC_DIR1=02:00:c6:12:01:01
RS_MAC=(02:00:c6:12:00:0b 02:00:c6:12:00:0c)
# The second director of lvs-dr-2x and its VIP (the real servers hold both VIPs on lo).
MAC_DIR2=02:00:c6:12:00:03
DIR2_LAN_IP=198.18.0.3
VIP2=198.18.0.51
UDP_PORT=9000
NGINX_STATUS_PORT=8081

TMP=""
BG_PIDS=()

# Foreground only: started with `&`, a shell function runs in a subshell and `$!` names the
# subshell, not the program, so background starts below call `ip netns exec` directly.
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

kill_namespace_processes() {
    local ns=$1 pids
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -z $pids ]] && return 0
    # shellcheck disable=SC2086
    kill -TERM $pids 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [[ -z $pids ]] && return 0
        sleep 0.1
    done
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
}

remove_namespace() {
    local ns=$1
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qxF "$ns" || return 0
    kill_namespace_processes "$ns"
    ip netns del "$ns" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local pid
    for pid in "${BG_PIDS[@]}"; do stop_pid "$pid"; done
    local ns
    for ns in "${ALL_NS[@]}"; do remove_namespace "$ns"; done
    [[ -n $TMP && -d $TMP ]] && rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "run.sh: interrupted, removing the lab" >&2; exit 130' INT
trap 'echo "run.sh: terminated, removing the lab" >&2; exit 143' TERM

sweep_leftovers() {
    local ns pid
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^lvsb-[0-9]+-' || true); do
        pid=${ns#lvsb-}; pid=${pid%%-*}
        if [[ $pid != "$$" ]] && ! kill -0 "$pid" 2>/dev/null; then
            echo "sweeping leftover namespace $ns"
            remove_namespace "$ns"
        fi
    done
    local d
    for d in /tmp/lvsb-[0-9]*.*; do
        [[ -d $d ]] || continue
        pid=${d#/tmp/lvsb-}; pid=${pid%%.*}
        kill -0 "$pid" 2>/dev/null || rm -rf "$d"
    done
}

# Runs a command in the background and waits for it, so INT/TERM reach our trap at once
# instead of after the command ends.
run_waiting() {
    "$@" &
    local pid=$!
    BG_PIDS+=("$pid")
    local rc=0
    wait "$pid" || rc=$?
    return "$rc"
}

wait_until() {  # wait_until TRIES CMD...: polls every 0.1 s
    local tries=$1; shift
    local i
    for ((i = 0; i < tries; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

gone() {  # our child has exited (a zombie until reaped counts as gone)
    local state
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
    [[ -z $state || $state == Z ]]
}

stop_pid() {  # TERM, up to 3 s of grace, then KILL; reap it
    kill -TERM "$1" 2>/dev/null || true
    wait_until 30 gone "$1" || kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

listening() { nsx "$1" ss -Hltn "sport = :$2" | grep -q .; }

# ---------------------------------------------------------------------------------------------
# The lab: a switch namespace with two bridges (lan 198.18.0.0/24, back 198.18.1.0/24); the
# client and director eth0 on lan, director eth1 on back; rs1/rs2 eth0 re-cabled between lan
# (flat layout: DR, TUN, baseline) and back (NAT layout: default route via the director).

build_lab() {
    local ns
    for ns in "${ALL_NS[@]}"; do
        ip netns add "$ns"
        ip -n "$ns" link set lo up
        nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    done
    # A plain wire: bridged frames skip the switch namespace's netfilter hooks.
    local t
    for t in iptables ip6tables arptables; do
        nsx "$NS_SW" sysctl -qw "net.bridge.bridge-nf-call-$t=0" 2>/dev/null || true
    done
    ip -n "$NS_SW" link add br-lan type bridge
    ip -n "$NS_SW" link add br-back type bridge
    ip -n "$NS_SW" link set br-lan up
    ip -n "$NS_SW" link set br-back up

    plug "$NS_CL" eth0 p-client br-lan "$MAC_CL"
    plug "$NS_DIR" eth0 p-dir0 br-lan "$MAC_DIR0"
    plug "$NS_DIR" eth1 p-dir1 br-back "$MAC_DIR1"
    plug "$NS_DIR2" eth0 p-dir2 br-lan "$MAC_DIR2"
    plug "$NS_RS1" eth0 p-rs1 br-lan "${RS_MAC[0]}"
    plug "$NS_RS2" eth0 p-rs2 br-lan "${RS_MAC[1]}"

    ip -n "$NS_CL" addr add "$CL_IP/24" dev eth0
    ip -n "$NS_DIR" addr add "$DIR_LAN_IP/24" dev eth0
    ip -n "$NS_DIR" addr add "$DIR_BACK_IP/24" dev eth1
    ip -n "$NS_DIR2" addr add "$DIR2_LAN_IP/24" dev eth0

    # Many short connections: widen the ephemeral range where connections start.
    nsx "$NS_CL" sysctl -qw net.ipv4.ip_local_port_range="1024 65000" net.ipv4.tcp_tw_reuse=1
    nsx "$NS_DIR" sysctl -qw net.ipv4.ip_local_port_range="1024 65000" net.ipv4.tcp_tw_reuse=1 \
        net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.default.send_redirects=0 \
        net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
        net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.eth1.rp_filter=0
    local i
    for i in 0 1; do
        # Real-server ARP rules for DR/TUN: never answer or announce the VIP held on lo.
        nsx "${RS_NS[$i]}" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
            net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 \
            net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0 net.ipv4.conf.lo.rp_filter=0
        # Count (and drop) the UDP load where it arrives, before routing: cheap, and no
        # receiving process to be the bottleneck.
        nsx "${RS_NS[$i]}" nft -f - <<EOF
table inet lvsbench {
    chain udp_in {
        type filter hook prerouting priority raw;
        udp dport $UDP_PORT counter drop
    }
}
EOF
    done
}

plug() {  # plug NS IFNAME SWITCHPORT BRIDGE MAC
    ip -n "$NS_SW" link add "$3" type veth peer name "$2" netns "$1"
    ip -n "$NS_SW" link set "$3" master "$4" up
    ip -n "$1" link set "$2" address "$5" up
}

LAYOUT=""
set_layout() {  # set_layout flat|nat
    local want=$1 i ns
    [[ $LAYOUT == "$want" ]] && return 0
    for i in 0 1; do
        ns=${RS_NS[$i]}
        ip -n "$ns" addr flush dev eth0
        ip -n "$ns" route flush table main 2>/dev/null || true
        ip -n "$ns" addr del "$VIP/32" dev lo 2>/dev/null || true
        ip -n "$ns" addr del "$VIP2/32" dev lo 2>/dev/null || true
        if [[ $want == flat ]]; then
            ip -n "$NS_SW" link set "p-rs$((i + 1))" master br-lan
            ip -n "$ns" addr add "${RS_LAN_IP[$i]}/24" dev eth0
            ip -n "$ns" addr add "$VIP/32" dev lo
            ip -n "$ns" addr add "$VIP2/32" dev lo
        else
            ip -n "$NS_SW" link set "p-rs$((i + 1))" master br-back
            ip -n "$ns" addr add "${RS_BACK_IP[$i]}/24" dev eth0
            ip -n "$ns" route add default via "$DIR_BACK_IP"
        fi
    done
    for ns in "$NS_CL" "$NS_DIR" "$NS_DIR2" "${RS_NS[@]}"; do ip -n "$ns" neigh flush all 2>/dev/null || true; done
    LAYOUT=$want
}

# The director namespace back to nothing: no rules, no VIP, no forwarding, no daemons.
DIRECTOR_PIDS=()
reset_director() {
    local pid
    for pid in "${DIRECTOR_PIDS[@]}"; do stop_pid "$pid"; done
    DIRECTOR_PIDS=()
    nsx "$NS_DIR" nft flush ruleset
    ip -n "$NS_DIR" addr del "$VIP/32" dev eth0 2>/dev/null || true
    nsx "$NS_DIR" sysctl -qw net.ipv4.ip_forward=0
    local ns
    for ns in "$NS_CL" "$NS_DIR" "$NS_DIR2" "${RS_NS[@]}"; do ip -n "$ns" neigh flush all 2>/dev/null || true; done
}

start_nginx() {
    local i name dir
    for i in 0 1; do
        name="rs$((i + 1))"
        dir="$TMP/nginx-$name"
        mkdir -p "$dir/www" "$dir/tmp"
        # The body's first word names the server, so the probe shows who answered.
        printf '%s lvs-bench static body, 64 bytes long..........................\n' "$name" | head -c 64 > "$dir/www/index.html"
        echo >> "$dir/www/index.html"
        cat > "$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    # Keep-alive for the keep-alive measurement; the new-connection one still gets one
    # request per connection: wrk sends "Connection: close" and nginx closes after the answer
    # (the status server's accepts/requests show it, see nginx_counts).
    keepalive_timeout 60;
    keepalive_requests 1000000;
    server {
        listen 80 backlog=4096;
        root $dir/www;
        index index.html;
    }
    server {
        listen 127.0.0.1:$NGINX_STATUS_PORT;
        location / { stub_status; }
    }
}
EOF
        ip netns exec "${RS_NS[$i]}" nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/stderr.log" 2>&1 &
        BG_PIDS+=("$!")
    done
    for i in 0 1; do
        if ! wait_until 50 listening "${RS_NS[$i]}" 80; then
            echo "run.sh: nginx did not start in rs$((i + 1)):" >&2
            cat "$TMP/nginx-rs$((i + 1))/stderr.log" "$TMP/nginx-rs$((i + 1))/error.log" >&2 2>/dev/null || true
            exit 1
        fi
    done
}

# ---------------------------------------------------------------------------------------------
# Measurements. Each run's figures land in V, keyed "MODE,FIELD"; end_mode appends them to RUNV
# (space-separated, one value per run) and the report takes each figure's median over the runs.
# A figure is a number, "-" (not measured) or FAIL.
#   rps, ka: HTTP new connections/s (Connection: close), keep-alive requests/s
#   lat: mean latency of the new-connection wrk (ms); err, ka_err: socket errors + non-2xx
#   rpc, ka_rpc: requests per TCP connection nginx saw (1.00 when every request closed)
#   usent, upps, udeliv: UDP sent/s, received/s at the real servers, received % of sent
#   ud1, ud2: UDP datagrams received by rs1, rs2
#   cpu_conn, cpu_pkt, dir_conn, dir_pkt: CPU µs per connection / per delivered packet, for
#     the whole machine and for the SwiftLVS director process (see below)
#   xdp_pkts: packets the director's XDP program forwarded (from its log when it stopped)
#   rs_pkt: TUN modes: the real servers' `lvs realserver` decapsulators' CPU µs per UDP packet
FIELDS=(rps ka lat err ka_err rpc ka_rpc usent upps udeliv ud1 ud2 cpu_conn cpu_pkt dir_conn dir_pkt xdp_pkts rs_pkt)
declare -A V RUNV R_LAYOUT R_SERVED R_NOTE
MODES=()
RUN=1
# CPU per unit of work, in microseconds: the whole machine's busy time (every CPU, from
# /proc/stat: what the kernel's own director costs shows up here, in softirq) per HTTP
# connection and per delivered UDP packet; and, for SwiftLVS, its director process's own time
# (/proc/PID/stat utime + stime) per connection and per packet.

add_note() {  # add_note MODE TEXT: once per mode, however many runs say it
    [[ "; ${R_NOTE[$1]:-}" == *"; $2; "* ]] || R_NOTE[$1]+="$2; "
}
run_note() {  # run_note MODE TEXT: a note about this run's figures
    if ((RUNS > 1)); then add_note "$1" "run $RUN: $2"; else add_note "$1" "$2"; fi
}

machine_busy_ticks() {  # all CPUs' non-idle, non-iowait clock ticks so far
    awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}
director_ticks() {  # the SwiftLVS directors' user + system ticks so far (0 without one)
    local pid sum=0 t
    [[ -n ${LVS_DIRECTOR_PID:-} ]] || { echo 0; return 0; }
    # Every director of the mode (lvs-dr-2x has two): all DIRECTOR_PIDS are SwiftLVS's then.
    for pid in "${DIRECTOR_PIDS[@]}"; do
        [[ -r /proc/$pid/stat ]] || continue
        # Fields 14 and 15 after the command (which may hold spaces) in parentheses.
        t=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}') || t=0
        sum=$((sum + ${t:-0}))
    done
    echo "$sum"
}
per_unit_us() {  # per_unit_us TICKS COUNT: microseconds of CPU per unit, or "-"
    local hz
    hz=$(getconf CLK_TCK)
    awk -v t="$1" -v n="$2" -v hz="$hz" 'BEGIN {if (n > 0) printf "%.1f", t * 1000000 / hz / n; else print "-"}'
}

# nginx_counts: "ACCEPTED REQUESTS" summed over both real servers' nginx (stub_status; bash's
# /dev/tcp, no process to start per read).
nginx_counts() {
    local ns a=0 r=0 line
    for ns in "${RS_NS[@]}"; do
        # shellcheck disable=SC2016
        line=$(nsx "$ns" timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "GET / HTTP/1.0\r\n\r\n" >&3 && cat <&3' \
            _ "$NGINX_STATUS_PORT" 2>/dev/null | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+ *\r?$/ {print $1, $3}') || true
        [[ $line =~ ^[0-9]+\ [0-9]+$ ]] || { echo "0 0"; return 0; }
        a=$((a + ${line% *})); r=$((r + ${line#* }))
    done
    echo "$a $r"
}

# Processes whose CPU time http_load also records over its new-connection wrk (lvs-dr-1x/2x):
# TRACK_PIDS[k]'s ticks before and after land in TRACK_T0[k], TRACK_T1[k].
TRACK_PIDS=(); TRACK_T0=(); TRACK_T1=()
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# http_load MODE KIND SECONDS HOST...: KIND close (a new connection per request) or keepalive;
# one wrk per host at once, summed. Sets L_RPS (or FAIL), L_REQS, L_LAT (ms, mean weighted by
# requests), L_ERR, L_RPC (requests per connection at nginx), L_BUSY and L_DIR (ticks).
http_load() {
    local mode=$1 kind=$2 seconds=$3; shift 3
    local hosts=("$@") n=$# k pids=() header=()
    [[ $kind == close ]] && header=(-H 'Connection: close')
    # The same client resources in total however many targets there are.
    local threads=$((WRK_THREADS / n)) conns=$((WRK_CONNECTIONS / n))
    ((threads >= 1)) || threads=1
    ((conns >= threads)) || conns=$threads
    local busy0 dir0 busy1 dir1 ng0 ng1
    ng0=$(nginx_counts)
    for k in "${!TRACK_PIDS[@]}"; do TRACK_T0[k]=$(cpu_ticks "${TRACK_PIDS[k]}"); done
    busy0=$(machine_busy_ticks); dir0=$(director_ticks)
    for k in "${!hosts[@]}"; do
        nsx "$NS_CL" timeout -k 2 $((seconds + 20)) \
            wrk -t"$threads" -c"$conns" -d"${seconds}s" "${header[@]}" \
            "http://${hosts[$k]}/" >"$TMP/wrk-$mode-$kind-$k.txt" 2>&1 &
        pids+=("$!"); BG_PIDS+=("$!")
    done
    for k in "${pids[@]}"; do wait "$k" || true; done
    busy1=$(machine_busy_ticks); dir1=$(director_ticks)
    for k in "${!TRACK_PIDS[@]}"; do TRACK_T1[k]=$(cpu_ticks "${TRACK_PIDS[k]}"); done
    ng1=$(nginx_counts)
    L_BUSY=$((busy1 - busy0)); L_DIR=$((dir1 - dir0))
    L_RPS=0; L_REQS=0; L_ERR=0; L_LAT=0
    local out r q e x lat
    for k in "${!hosts[@]}"; do
        out="$TMP/wrk-$mode-$kind-$k.txt"
        r=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
        q=$(awk '/requests in/ {print $1; exit}' "$out")
        if [[ -z $r || ! $q =~ ^[0-9]+$ ]]; then
            L_RPS=FAIL
            run_note "$mode" "wrk ($kind): $(tail -n1 "$out")"
            return 0
        fi
        e=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
        x=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
        # wrk prints the mean as e.g. 812.50us, 1.35ms, 1.02s or 1.00m.
        lat=$(awk '$1 == "Latency" {v = $2; if (v ~ /us$/) v /= 1000; else if (v ~ /ms$/) v += 0; else if (v ~ /m$/) v *= 60000; else v *= 1000; print v; exit}' "$out")
        L_RPS=$((L_RPS + r)); L_ERR=$((L_ERR + ${e:-0} + ${x:-0}))
        L_LAT=$(awk -v a="$L_LAT" -v b="${lat:-0}" -v w="$q" 'BEGIN {print a + b * w}')
        L_REQS=$((L_REQS + q))
    done
    L_LAT=$(awk -v s="$L_LAT" -v n="$L_REQS" 'BEGIN {if (n > 0) printf "%.3f", s / n; else print "-"}')
    # nginx's own count: requests per accepted connection over the measurement.
    L_RPC=$(awk -v a0="${ng0% *}" -v r0="${ng0#* }" -v a1="${ng1% *}" -v r1="${ng1#* }" \
        'BEGIN {if (a1 > a0) printf "%.2f", (r1 - r0) / (a1 - a0); else print "-"}')
    return 0
}

measure_http() {  # measure_http MODE HOST...: with several hosts, one wrk per host at once, summed
    local mode=$1; shift
    local hosts=("$@") served="" h one
    for h in "${hosts[@]}"; do
        if ! one=$(nsx "$NS_CL" timeout 15 python3 "$LOADGEN" http-probe --url "http://$h/" --requests 8 2>"$TMP/probe-$mode.err"); then
            V[$mode,rps]=FAIL; V[$mode,ka]=FAIL
            run_note "$mode" "HTTP probe of $h failed ($(tail -n1 "$TMP/probe-$mode.err"))"
            return 0
        fi
        served+="${served:+,}$one"
    done
    # Which servers answered, each named once (lvs-dr-2x probes two VIPs).
    [[ ${R_SERVED[$mode]:--} != "-" ]] || R_SERVED[$mode]=$(tr ',' '\n' <<<"$served" | awk '!seen[$0]++' | paste -sd, -)
    http_load "$mode" close "$HTTP_SECONDS" "${hosts[@]}"
    V[$mode,rps]=$L_RPS
    if [[ $L_RPS != FAIL ]]; then
        V[$mode,lat]=$L_LAT; V[$mode,err]=$L_ERR; V[$mode,rpc]=$L_RPC
        V[$mode,cpu_conn]=$(per_unit_us "$L_BUSY" "$L_REQS")
        [[ -n ${LVS_DIRECTOR_PID:-} ]] && V[$mode,dir_conn]=$(per_unit_us "$L_DIR" "$L_REQS")
        # Connection: close must mean one request per connection; say so if nginx kept any open.
        [[ $L_RPC == - ]] || awk -v r="$L_RPC" 'BEGIN {exit !(r <= 1.01)}' ||
            run_note "$mode" "nginx served $L_RPC requests per connection with Connection: close"
    fi
    if ((KA_SECONDS > 0)); then
        local saved=("${TRACK_PIDS[@]}")
        TRACK_PIDS=()
        http_load "$mode" keepalive "$KA_SECONDS" "${hosts[@]}"
        TRACK_PIDS=("${saved[@]}")
        V[$mode,ka]=$L_RPS
        [[ $L_RPS == FAIL ]] || { V[$mode,ka_err]=$L_ERR; V[$mode,ka_rpc]=$L_RPC; }
    fi
    return 0
}

udp_counter() {  # udp_counter NS: UDP datagrams counted at that real server so far
    nsx "$1" nft list chain inet lvsbench udp_in |
        awk '/counter packets/ {for (k = 1; k <= NF; k++) if ($k == "packets") print $(k + 1)}'
}

# Real-server processes whose CPU measure_udp also records (lvs-tun*: the decapsulators).
RS_PIDS=()
rs_ticks() {
    local pid sum=0
    for pid in "${RS_PIDS[@]}"; do sum=$((sum + $(cpu_ticks "$pid"))); done
    echo "$sum"
}

measure_udp() {  # measure_udp MODE HOST
    local mode=$1 host=$2 out="$TMP/udp-$1.txt"
    local before1 before2 after1 after2
    before1=$(udp_counter "$NS_RS1"); before2=$(udp_counter "$NS_RS2")
    local busy0 dir0 busy1 dir1 rs0 rs1
    busy0=$(machine_busy_ticks); dir0=$(director_ticks); rs0=$(rs_ticks)
    run_waiting nsx "$NS_CL" timeout -k 2 $((UDP_SECONDS + 20)) python3 "$LOADGEN" udp-send \
        --dst "$host" --port "$UDP_PORT" --count "$UDP_PACKETS" --seconds "$UDP_SECONDS" \
        --flows "$UDP_FLOWS" --size "$UDP_SIZE" >"$out" 2>&1 || true
    sleep 0.5  # let what is still queued along the path arrive
    busy1=$(machine_busy_ticks); dir1=$(director_ticks); rs1=$(rs_ticks)
    after1=$(udp_counter "$NS_RS1"); after2=$(udp_counter "$NS_RS2")
    local sent secs
    sent=$(sed -n 's/^sent=\([0-9]*\) seconds=.*/\1/p' "$out")
    secs=$(sed -n 's/^sent=[0-9]* seconds=\([0-9.]*\)/\1/p' "$out")
    if [[ -z $sent || -z $secs ]]; then
        V[$mode,usent]=FAIL; V[$mode,upps]=FAIL
        run_note "$mode" "udp sender: $(tail -n1 "$out")"
        return 0
    fi
    local d1=$((after1 - before1)) d2=$((after2 - before2))
    local delivered=$((d1 + d2))
    V[$mode,ud1]=$d1; V[$mode,ud2]=$d2
    V[$mode,usent]=$(awk -v n="$sent" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
    V[$mode,upps]=$(awk -v n="$delivered" -v s="$secs" 'BEGIN {printf "%.0f", n / s}')
    V[$mode,udeliv]=$(awk -v d="$delivered" -v n="$sent" 'BEGIN {if (n > 0) printf "%.1f", 100 * d / n; else print "-"}')
    V[$mode,cpu_pkt]=$(per_unit_us $((busy1 - busy0)) "$delivered")
    [[ -n ${LVS_DIRECTOR_PID:-} ]] && V[$mode,dir_pkt]=$(per_unit_us $((dir1 - dir0)) "$delivered")
    ((${#RS_PIDS[@]} == 0)) || V[$mode,rs_pkt]=$(per_unit_us $((rs1 - rs0)) "$delivered")
    return 0
}

begin_mode() {  # begin_mode MODE LAYOUT
    local f
    if [[ " ${MODES[*]} " != *" $1 "* ]]; then
        MODES+=("$1")
        R_LAYOUT[$1]=$2; R_SERVED[$1]="-"; R_NOTE[$1]=${R_NOTE[$1]:-}
    fi
    for f in "${FIELDS[@]}"; do V[$1,$f]="-"; done
    LVS_DIRECTOR_PID=""
    set_layout "$2"
    reset_director
    if ((RUNS > 1)); then printf '[run %d/%d] %-14s ' "$RUN" "$RUNS" "$1"; else printf '%-14s ' "$1"; fi
}
end_mode() {
    local f
    for f in "${FIELDS[@]}"; do RUNV[$1,$f]+="${V[$1,$f]} "; done
    printf 'http %s/s, keep-alive %s/s, udp %s pps delivered\n' "${V[$1,rps]}" "${V[$1,ka]}" "${V[$1,upps]}"
}

# (a) the client straight to both real servers (HTTP: two wrk at once with half the threads and
# connections each; UDP: half the flows to each): the same servers with no director at all.
wanted() { [[ -z $BENCH_ONLY || " $BENCH_ONLY " == *" $1 "* ]]; }

bench_baseline() {
    begin_mode baseline flat
    measure_http baseline "${RS_LAN_IP[@]}"
    measure_udp baseline "${RS_LAN_IP[0]},${RS_LAN_IP[1]}"
    end_mode baseline
}

# (b) the kernel as a DR director: a netdev ingress hook rewrites the destination MAC and sends
# the frame back out. A per-packet numgen would scatter one TCP connection over both servers,
# so the pick is a hash of the flow (stateless, like IPVS's sh/mh).
bench_nft_dr() {
    begin_mode nft-dr flat
    ip -n "$NS_DIR" addr add "$VIP/32" dev eth0  # so the director answers ARP for the VIP
    nsx "$NS_DIR" nft -f - <<EOF
table netdev lvsbench {
    chain ingress {
        type filter hook ingress device "eth0" priority 0;
        ip daddr $VIP tcp dport 80 ether saddr set $MAC_DIR0 ether daddr set jhash ip saddr . tcp sport mod 2 map { 0 : ${RS_MAC[0]}, 1 : ${RS_MAC[1]} } fwd to "eth0"
        ip daddr $VIP udp dport $UDP_PORT ether saddr set $MAC_DIR0 ether daddr set jhash ip saddr . udp sport mod 2 map { 0 : ${RS_MAC[0]}, 1 : ${RS_MAC[1]} } fwd to "eth0"
    }
}
EOF
    measure_http nft-dr "$VIP"
    measure_udp nft-dr "$VIP"
    end_mode nft-dr
}

# (b) the kernel as a NAT director: conntrack DNAT, round robin per connection.
bench_nft_nat() {
    begin_mode nft-nat nat
    ip -n "$NS_DIR" addr add "$VIP/32" dev eth0
    nsx "$NS_DIR" sysctl -qw net.ipv4.ip_forward=1
    nsx "$NS_DIR" nft -f - <<EOF
table ip lvsbench {
    chain prerouting {
        type nat hook prerouting priority dstnat;
        ip daddr $VIP tcp dport 80 dnat to numgen inc mod 2 map { 0 : ${RS_BACK_IP[0]}, 1 : ${RS_BACK_IP[1]} }
        ip daddr $VIP udp dport $UDP_PORT dnat to numgen inc mod 2 map { 0 : ${RS_BACK_IP[0]}, 1 : ${RS_BACK_IP[1]} }
    }
}
EOF
    measure_http nft-nat "$VIP"
    measure_udp nft-nat "$VIP"
    end_mode nft-nat
}

# (b') The ceiling of a NAT director inside the kernel on this lab: bpf/nat_ceiling.c, a
# stateless NAT (hash of the client's address and port to a real server; replies from either
# server back to the VIP) at tc ingress on the director's eth0 and eth1, redirecting between them.
bench_tc_nat_ceiling() {
    local mode=tc-nat-ceiling o="$TMP/nat_ceiling.o" if0 if1
    begin_mode "$mode" nat
    ip -n "$NS_DIR" addr add "$VIP/32" dev eth0
    if0=$(ip -n "$NS_DIR" -o link show dev eth0 | cut -d: -f1)
    if1=$(ip -n "$NS_DIR" -o link show dev eth1 | cut -d: -f1)
    if bpf_compile nat_ceiling.c "$o" \
        -DVIP="$(ipv4_le "$VIP")" -DRS1="$(ipv4_le "${RS_BACK_IP[0]}")" -DRS2="$(ipv4_le "${RS_BACK_IP[1]}")" \
        -DMAC_CL="$(mac_number $MAC_CL)" -DMAC_DIR0="$(mac_number $MAC_DIR0)" -DMAC_DIR1="$(mac_number $MAC_DIR1)" \
        -DMAC_RS1="$(mac_number "${RS_MAC[0]}")" -DMAC_RS2="$(mac_number "${RS_MAC[1]}")" -DIF_ETH0="$if0" -DIF_ETH1="$if1" &&
        nsx "$NS_DIR" tc qdisc add dev eth0 clsact && nsx "$NS_DIR" tc qdisc add dev eth1 clsact &&
        nsx "$NS_DIR" tc filter add dev eth0 ingress bpf da obj "$o" sec tc_in &&
        nsx "$NS_DIR" tc filter add dev eth1 ingress bpf da obj "$o" sec tc_out; then
        measure_http "$mode" "$VIP"
        measure_udp "$mode" "$VIP"
    else
        add_note "$mode" "not measured: bpf/nat_ceiling.c did not build or attach"
    fi
    nsx "$NS_DIR" tc qdisc del dev eth0 clsact 2>/dev/null || true
    nsx "$NS_DIR" tc qdisc del dev eth1 clsact 2>/dev/null || true
    end_mode "$mode"
}

# (c) HAProxy, TCP mode: a full proxy (two connections per request), NAT-like placement. In TCP
# mode a keep-alive client connection is one long proxied connection (HTTP keep-alive options
# apply to mode http only); its timeouts are for idleness, which wrk never leaves.
bench_haproxy() {
    begin_mode haproxy nat
    ip -n "$NS_DIR" addr add "$VIP/32" dev eth0
    local conf="$TMP/haproxy.cfg"
    cat > "$conf" <<EOC
global
    maxconn 4096
defaults
    mode tcp
    timeout connect 2s
    timeout client 10s
    timeout server 10s
frontend bench
    bind $VIP:80
    default_backend servers
backend servers
    balance roundrobin
    server rs1 ${RS_BACK_IP[0]}:80
    server rs2 ${RS_BACK_IP[1]}:80
EOC
    ip netns exec "$NS_DIR" haproxy -db -f "$conf" >"$TMP/haproxy.log" 2>&1 &
    DIRECTOR_PIDS+=("$!"); BG_PIDS+=("$!")
    if ! wait_until 50 listening "$NS_DIR" 80; then
        V[haproxy,rps]=FAIL; run_note haproxy "haproxy did not start: $(tail -n1 "$TMP/haproxy.log")"
    else
        measure_http haproxy "$VIP"
    fi
    add_note haproxy "UDP: HAProxy balances TCP only"
    end_mode haproxy
}

# (d) SwiftLVS, when its data plane exists.
LVS_HELP=""
lvs_has_data_plane() {
    [[ -x $LVS_BIN ]] || return 1
    # Read whole before grep: grep -q leaving at the first match would SIGPIPE a help text still
    # being written, which pipefail turns into "no data plane".
    LVS_HELP=$(LVS_CONTROL_SOCKET="$TMP/probe.sock" timeout 10 "$LVS_BIN" director --help 2>&1) || return 1
    grep -q -- '--interface' <<<"$LVS_HELP"
}
# The plain lvs-* modes name the packet path, so the binary's default data plane (auto picks XDP
# on NICs that take it) does not decide what they measure; a binary without the option has only
# that path.
packet_args() { grep -q -- '--data-plane' <<<"$LVS_HELP" && echo "--data-plane packet"; return 0; }
lvs_has_realserver() {
    timeout 10 "$LVS_BIN" realserver --help >/dev/null 2>&1
}
# The director lvs_director starts and lvs_adm talks to: namespace, control socket, VIP (the
# second director of lvs-dr-2x sets them to director2's).
LVS_NS=""; LVS_SOCK=""; LVS_VIP=""
lvs_target() {  # lvs_target 1|2
    if [[ $1 == 2 ]]; then
        LVS_NS=$NS_DIR2; LVS_SOCK="$TMP/lvs2.sock"; LVS_VIP=$VIP2
    else
        LVS_NS=$NS_DIR; LVS_SOCK="$TMP/lvs.sock"; LVS_VIP=$VIP
    fi
}
lvs_adm() { nsx "$LVS_NS" env LVS_CONTROL_SOCKET="$LVS_SOCK" timeout 10 "$LVS_BIN" ipvsadm "$@"; }
lvs_log() { echo "$TMP/lvs-$1-${LVS_NS##*-}.log"; }

# lvs_director MODE FLAG -- DIRECTOR-ARGS...: start the director, one TCP and one UDP service.
lvs_director() {
    local mode=$1 flag=$2; shift 3
    [[ -n $LVS_NS ]] || lvs_target 1
    local VIP=$LVS_VIP log
    log=$(lvs_log "$mode")
    rm -f "$LVS_SOCK"
    ip netns exec "$LVS_NS" env LVS_CONTROL_SOCKET="$LVS_SOCK" "$LVS_BIN" director \
        --control-socket "$LVS_SOCK" --fresh "$@" >"$log" 2>&1 &
    DIRECTOR_PIDS+=("$!"); BG_PIDS+=("$!")
    # ip netns exec and env exec the director: this pid is its (the last one started).
    LVS_DIRECTOR_PID=$!
    if ! wait_until 100 test -S "$LVS_SOCK"; then
        run_note "$mode" "director did not start: $(tail -n1 "$log")"
        return 1
    fi
    local ips=("${RS_LAN_IP[@]}")
    [[ $flag == -m ]] && ips=("${RS_BACK_IP[@]}")
    {
        lvs_adm -A -t "$VIP:80" -s rr &&
        lvs_adm -a -t "$VIP:80" -r "${ips[0]}:80" "$flag" &&
        lvs_adm -a -t "$VIP:80" -r "${ips[1]}:80" "$flag" &&
        lvs_adm -A -u "$VIP:$UDP_PORT" -s rr &&
        lvs_adm -a -u "$VIP:$UDP_PORT" -r "${ips[0]}:$UDP_PORT" "$flag" &&
        lvs_adm -a -u "$VIP:$UDP_PORT" -r "${ips[1]}:$UDP_PORT" "$flag"
    } >"$TMP/ipvsadm-$mode.log" 2>&1 || {
        run_note "$mode" "ipvsadm failed: $(tail -n1 "$TMP/ipvsadm-$mode.log")"
        return 1
    }
}

bench_lvs_mode() {  # bench_lvs_mode MODE LAYOUT FLAG DIRECTOR-ARGS...
    local mode=$1 layout=$2 flag=$3; shift 3
    begin_mode "$mode" "$layout"
    if lvs_director "$mode" "$flag" -- "$@"; then
        measure_http "$mode" "$VIP"
        measure_udp "$mode" "$VIP"
    else
        V[$mode,rps]=FAIL
    fi
    [[ $mode == *-xdp ]] && xdp_report "$mode"
    end_mode "$mode"
}

# lvs-dr again, with the metrics endpoint on and /metrics scraped every 100 ms from the client
# for the whole measurement: what watching the director costs it.
bench_lvs_dr_scraped() {
    local mode=lvs-dr-scraped scraper
    begin_mode "$mode" flat
    # shellcheck disable=SC2086,SC2046
    if lvs_director "$mode" -g -- ${LVS_BENCH_DIRECTOR_ARGS_DR:---interface eth0} $(packet_args) --metrics-listen "$DIR_LAN_IP:9100"; then
        nsx "$NS_CL" python3 -c "
import time, urllib.request
n = 0
while True:
    try:
        urllib.request.urlopen('http://$DIR_LAN_IP:9100/metrics', timeout=2).read(); n += 1
    except Exception:
        pass
    time.sleep(0.1)
" >/dev/null 2>&1 &
        scraper=$!
        BG_PIDS+=("$scraper")
        measure_http "$mode" "$VIP"
        measure_udp "$mode" "$VIP"
        stop_pid "$scraper"
    else
        V[$mode,rps]=FAIL
    fi
    end_mode "$mode"
}

# The lvs-*-xdp modes' lab. On veth, XDP sees a sender's CHECKSUM_PARTIAL frame without the mark
# (it would forward an unfinished checksum): every host whose frames XDP forwards (the client;
# for NAT the real servers too, whose replies XDP rewrites) fills in its checksums (transmit
# checksum offload off, ethtool); and an XDP_TX or redirected frame is delivered only to a peer
# running NAPI: an XDP_PASS program (bpf/xdp_pass.c, compiled with the clang beside swift) on
# each of the director's switch ports that XDP sends out of. xdp_lab_off undoes both.
XDP_PASS_OBJ=""
XDP_PORTS_ON=(); XDP_TX_OFF=()
# bpf_compile SOURCE OBJECT [-D...]: the clang beside swift (it has the bpf target) compiles a
# program of bpf/; false without it.
bpf_compile() {
    local source=$1 object=$2 swift clang
    shift 2
    swift=$(command -v swift || true)
    clang="$(dirname "$(readlink -f "${swift:-/nonexistent}")")/clang"
    [[ -x $clang ]] && "$clang" --target=bpf -O2 -c "$REPO_DIR/bpf/$source" -o "$object" "$@"
}
xdp_pass_object() {
    [[ -n $XDP_PASS_OBJ ]] && return 0
    bpf_compile xdp_pass.c "$TMP/xdp_pass.o" || return 1
    XDP_PASS_OBJ="$TMP/xdp_pass.o"
}
xdp_lab_on() {  # xdp_lab_on MODE "SWITCH-PORT..." "NAMESPACE..."
    local mode=$1 port ns
    # With BENCH_TX_CSUM=off every host is already so.
    [[ $TX_CSUM == off ]] && set -- "$1" "$2" ""
    for ns in $3; do
        if nsx "$ns" ethtool -K eth0 tx off >/dev/null 2>&1; then
            XDP_TX_OFF+=("$ns")
        else
            add_note "$mode" "${ns#"$PREFIX"} tx checksum offload still on (ethtool)"
        fi
    done
    for port in $2; do
        if xdp_pass_object && ip -n "$NS_SW" link set dev "$port" xdpdrv obj "$XDP_PASS_OBJ" sec xdp; then
            XDP_PORTS_ON+=("$port")
        else
            add_note "$mode" "no XDP program on the director's switch port $port: XDP_TX/redirected frames are lost"
        fi
    done
}
xdp_lab_off() {
    local ns port
    for ns in "${XDP_TX_OFF[@]}"; do nsx "$ns" ethtool -K eth0 tx on >/dev/null 2>&1 || true; done
    for port in "${XDP_PORTS_ON[@]}"; do ip -n "$NS_SW" link set dev "$port" xdpdrv off 2>/dev/null || true; done
    XDP_TX_OFF=(); XDP_PORTS_ON=()
}

# After an lvs-*-xdp measurement: stop the director (it logs the XDP totals as it detaches) and
# note how the program was attached and how many packets it forwarded.
xdp_report() {
    local mode=$1 log attached stats
    log=$(lvs_log "$mode")
    reset_director
    attached=$(awk '/XDP program attached/ {i = m = "?"; for (k = 1; k <= NF; k++) {if ($k ~ /^interface=/) i = substr($k, 11); if ($k ~ /^mode=/) m = substr($k, 6)} print i " (" m ")"}' "$log" |
        sort -u | paste -sd, -)
    add_note "$mode" "XDP program attached: ${attached:-nowhere, says the director log}"
    stats=$(grep -o 'XDPFastPathStatistics([^)]*)' "$log" | tail -n1)
    V[$mode,xdp_pkts]=$(sed -n 's/.*packets: \([0-9]*\).*/\1/p' <<<"$stats")
    [[ -n ${V[$mode,xdp_pkts]} ]] || V[$mode,xdp_pkts]="-"
    [[ -z $stats ]] || run_note "$mode" "XDP ${stats#XDPFastPathStatistics}"
    return 0
}

# The lab's addresses as bpf/*_ceiling.c take them (-D...): an IPv4 address's 4 bytes in
# network order read as a little-endian u32; a MAC's 6 bytes as a big-endian number.
ipv4_le() { local a b c d; IFS=. read -r a b c d <<<"$1"; printf '0x%02x%02x%02x%02x' "$d" "$c" "$b" "$a"; }
mac_number() { echo "0x${1//:/}"; }

# (b') The ceilings of a director inside the kernel on this lab: bpf/dr_ceiling.c, nft-dr's
# stateless hash-to-MAC as an XDP program (XDP_TX, with the lvs-*-xdp modes' lab: xdp_lab_on) or
# at tc ingress (redirected out of eth0), on the director's eth0. No director in either hook
# that looks anything up can forward faster than this.
bench_dr_ceiling() {  # bench_dr_ceiling xdp|tc
    local hook=$1 mode="$1-dr-ceiling" o="$TMP/dr_ceiling.o"
    begin_mode "$mode" flat
    ip -n "$NS_DIR" addr add "$VIP/32" dev eth0
    [[ $hook == xdp ]] && xdp_lab_on "$mode" p-dir0 "$NS_CL"
    if bpf_compile dr_ceiling.c "$o" \
        -DVIP="$(ipv4_le "$VIP")" -DMAC_DIR="$(mac_number $MAC_DIR0)" \
        -DMAC_RS1="$(mac_number "${RS_MAC[0]}")" -DMAC_RS2="$(mac_number "${RS_MAC[1]}")" &&
        if [[ $hook == xdp ]]; then
            ip -n "$NS_DIR" link set dev eth0 xdpdrv obj "$o" sec xdp
        else
            nsx "$NS_DIR" tc qdisc add dev eth0 clsact && nsx "$NS_DIR" tc filter add dev eth0 ingress bpf da obj "$o" sec tc
        fi; then
        measure_http "$mode" "$VIP"
        measure_udp "$mode" "$VIP"
    else
        add_note "$mode" "not measured: bpf/dr_ceiling.c did not build or attach"
    fi
    ip -n "$NS_DIR" link set dev eth0 xdpdrv off 2>/dev/null || true
    nsx "$NS_DIR" tc qdisc del dev eth0 clsact 2>/dev/null || true
    [[ $hook == xdp ]] && xdp_lab_off
    end_mode "$mode"
}

bench_lvs_dr_xdp() {
    xdp_lab_on lvs-dr-xdp p-dir0 "$NS_CL"
    # shellcheck disable=SC2086
    bench_lvs_mode lvs-dr-xdp flat -g ${LVS_BENCH_DIRECTOR_ARGS_DR:---interface eth0} --data-plane xdp
    xdp_lab_off
}

bench_lvs_nat_xdp() {
    xdp_lab_on lvs-nat-xdp "p-dir0 p-dir1" "$NS_CL $NS_RS1 $NS_RS2"
    # shellcheck disable=SC2086
    bench_lvs_mode lvs-nat-xdp nat -m ${LVS_BENCH_DIRECTOR_ARGS_NAT:---interface eth0 --interface eth1} --data-plane xdp
    xdp_lab_off
}

bench_lvs_tun() {  # bench_lvs_tun lvs-tun|lvs-tun-xdp
    local mode=$1 plane
    if ! lvs_has_realserver; then
        begin_mode "$mode" flat
        add_note "$mode" "skipped: no 'lvs realserver' to decapsulate"
        end_mode "$mode"
        return 0
    fi
    plane=$(packet_args)
    if [[ $mode == *-xdp ]]; then
        plane="--data-plane xdp"
        xdp_lab_on "$mode" p-dir0 "$NS_CL"
    fi
    # `lvs realserver start` puts the VIP on lo itself and decapsulates in userspace.
    local i pids=()
    set_layout flat
    for i in 0 1; do
        ip -n "${RS_NS[$i]}" addr del "$VIP/32" dev lo 2>/dev/null || true
        ip netns exec "${RS_NS[$i]}" "$LVS_BIN" realserver start --vip "$VIP" --tunnel ipip \
            >"$TMP/realserver-rs$((i + 1)).log" 2>&1 &
        pids+=("$!"); BG_PIDS+=("$!")
    done
    sleep 1
    RS_PIDS=("${pids[@]}")
    # shellcheck disable=SC2086
    bench_lvs_mode "$mode" flat -i ${LVS_BENCH_DIRECTOR_ARGS_TUN:---interface eth0} $plane
    RS_PIDS=()
    for i in 0 1; do
        nsx "${RS_NS[$i]}" timeout 10 "$LVS_BIN" realserver stop >/dev/null 2>&1 || true
        stop_pid "${pids[$i]}"
        ip -n "${RS_NS[$i]}" addr replace "$VIP/32" dev lo 2>/dev/null || true
    done
    xdp_lab_off
}

# Issue 13's capacity check: the aggregate of two directors beside one. Each has one worker, so
# on a 2-core machine the two together have what one default director has; the client, wrk and
# the real servers share the same cores, so the machine, not the design, caps the aggregate.
# What should stay flat is each director's CPU time per connection (utime + stime from
# /proc/PID/stat over the new-connection HTTP measurement, divided by the requests wrk counted
# for its VIP).

# cpu_per_connection MODE K: the note for wrk K's director (TRACK_PIDS[K]).
cpu_per_connection() {
    local mode=$1 k=$2 requests hz
    hz=$(getconf CLK_TCK)
    requests=$(awk '/requests in/ {print $1; exit}' "$TMP/wrk-$mode-close-$k.txt" 2>/dev/null)
    [[ $requests =~ ^[0-9]+$ && $requests -gt 0 && -n ${TRACK_T1[k]:-} ]] || { echo "n/a"; return 0; }
    awk -v t=$((TRACK_T1[k] - TRACK_T0[k])) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.1f us/conn (%d conns)", 1e6 * t / hz / n, n}'
}

bench_lvs_dr_multi() {
    local one=lvs-dr-1x two=lvs-dr-2x plane
    plane=$(packet_args)
    if wanted "$one"; then
        begin_mode "$one" flat
        lvs_target 1
        # shellcheck disable=SC2086
        if lvs_director "$one" -g -- --interface eth0 --workers 1 $plane; then
            TRACK_PIDS=("${DIRECTOR_PIDS[-1]}")
            measure_http "$one" "$VIP"
            run_note "$one" "director CPU $(cpu_per_connection "$one" 0)"
            TRACK_PIDS=()
            measure_udp "$one" "$VIP"
        else
            V[$one,rps]=FAIL
        fi
        end_mode "$one"
    fi
    if wanted "$two"; then
        begin_mode "$two" flat
        lvs_target 1
        # shellcheck disable=SC2086
        if lvs_director "$two" -g -- --interface eth0 --workers 1 $plane; then
            TRACK_PIDS=("${DIRECTOR_PIDS[-1]}")
            lvs_target 2
            # shellcheck disable=SC2086
            if lvs_director "$two" -g -- --interface eth0 --workers 1 $plane; then
                TRACK_PIDS+=("${DIRECTOR_PIDS[-1]}")
                measure_http "$two" "$VIP" "$VIP2"
                run_note "$two" "director 1 CPU $(cpu_per_connection "$two" 0), director 2 CPU $(cpu_per_connection "$two" 1)"
                measure_udp "$two" "$VIP,$VIP2"
            else
                V[$two,rps]=FAIL
            fi
            TRACK_PIDS=()
        else
            V[$two,rps]=FAIL
        fi
        end_mode "$two"
    fi
    lvs_target 1
}

# ---------------------------------------------------------------------------------------------
# Report: each figure is the median over the runs (of the runs that produced a number; each
# run's HTTP, keep-alive and UDP figures are listed too).

median() {  # median FORMAT VALUE...: the median of the numbers; none: FAIL if a run failed, else "-"
    local fmt=$1; shift
    printf '%s\n' "$@" | awk -v fmt="$fmt" '
        /^[0-9]+(\.[0-9]+)?$/ {v[n++] = $1 + 0; next}
        $0 == "FAIL" {failed = 1}
        END {
            if (n == 0) {print (failed ? "FAIL" : "-"); exit}
            for (i = 1; i < n; i++) {x = v[i]; for (j = i - 1; j >= 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x}
            printf fmt "\n", (n % 2) ? v[int(n / 2)] : (v[n / 2 - 1] + v[n / 2]) / 2
        }'
}
total() {  # total VALUE...: the sum of the numbers, or "-"
    printf '%s\n' "$@" | awk '/^[0-9]+$/ {s += $1; n++} END {if (n) print s; else print "-"}'
}
# R MODE FIELD: the reported figure (median over the runs; sums for counts).
declare -A R
summarize() {
    local m f fmt vals
    for m in "${MODES[@]}"; do
        for f in "${FIELDS[@]}"; do
            read -r -a vals <<<"${RUNV[$m,$f]:-}"
            case $f in
                err | ka_err | ud1 | ud2 | xdp_pkts) R[$m,$f]=$(total "${vals[@]}") ;;
                *)
                    case $f in
                        lat | rpc) fmt="%.2f" ;;
                        udeliv | cpu_* | dir_* | rs_pkt) fmt="%.1f" ;;
                        *) fmt="%.0f" ;;
                    esac
                    R[$m,$f]=$(median "$fmt" "${vals[@]}") ;;
            esac
        done
    done
}
runs_of() {  # runs_of MODE FIELD: "a/b/c"
    local vals
    read -r -a vals <<<"${RUNV[$1,$2]:-}"
    local IFS=/
    echo "${vals[*]}"
}

print_table() {
    echo
    if ((RUNS > 1)); then echo "Medians of $RUNS runs (errors: all runs' total):"; fi
    local fmt='%-14s %-6s %12s %17s %13s %7s %-9s %13s %15s %9s\n'
    # shellcheck disable=SC2059
    printf "$fmt" mode layout "HTTP conn/s" "keep-alive req/s" "mean latency" errors "served by" "UDP sent pps" "UDP recv'd pps" delivered
    printf '%s\n' "-------------------------------------------------------------------------------------------------------------------------------"
    local m lat deliv
    for m in "${MODES[@]}"; do
        lat=${R[$m,lat]}; [[ $lat == - || $lat == FAIL ]] || lat="${lat}ms"
        deliv=${R[$m,udeliv]}; [[ $deliv == - || $deliv == FAIL ]] || deliv="${deliv}%"
        # shellcheck disable=SC2059
        printf "$fmt" "$m" "${R_LAYOUT[$m]}" "${R[$m,rps]}" "${R[$m,ka]}" "$lat" "${R[$m,err]}" \
            "${R_SERVED[$m]}" "${R[$m,usent]}" "${R[$m,upps]}" "$deliv"
    done
    echo
    if ((RUNS > 1)); then
        echo "Each run (in run order; modes interleaved: run 1 of every mode, then run 2, ...):"
        for m in "${MODES[@]}"; do
            printf '  %-14s runs: HTTP %s, keep-alive %s, UDP %s\n' "$m" "$(runs_of "$m" rps)" "$(runs_of "$m" ka)" "$(runs_of "$m" upps)"
        done
        echo
    fi
    echo "Notes (requests per connection as nginx counted them: each run's new-connection / keep-alive):"
    for m in "${MODES[@]}"; do
        local rpc="" more=""
        [[ ${R[$m,rpc]} == - ]] || rpc="nginx req/conn $(runs_of "$m" rpc) / $(runs_of "$m" ka_rpc); "
        [[ ${R[$m,ka_err]} == - || ${R[$m,ka_err]} == 0 ]] || more+="keep-alive errors ${R[$m,ka_err]}; "
        [[ ${R[$m,ud1]} == - ]] || more+="UDP received by rs1/rs2: ${R[$m,ud1]}/${R[$m,ud2]}; "
        [[ ${R[$m,xdp_pkts]} == - ]] || more+="XDP forwarded ${R[$m,xdp_pkts]} packets; "
        [[ ${R[$m,rs_pkt]} == - ]] || more+="the real servers' decapsulators (lvs realserver) used ${R[$m,rs_pkt]} µs CPU per UDP packet; "
        local all="$rpc$more${R_NOTE[$m]:-}"
        [[ -n $all ]] && printf '  %s: %s\n' "$m" "${all%; }"
    done
    echo
    echo "CPU time (µs), machine = every CPU's busy time (client, servers, director; the kernel's"
    echo "director shows up as softirq), director = the SwiftLVS director process alone (lvs-dr-2x: both):"
    printf '%-14s %18s %18s %18s %18s\n' mode "machine/HTTP conn" "machine/UDP pkt" "director/HTTP conn" "director/UDP pkt"
    for m in "${MODES[@]}"; do
        printf '%-14s %18s %18s %18s %18s\n' "$m" "${R[$m,cpu_conn]}" "${R[$m,cpu_pkt]}" "${R[$m,dir_conn]}" "${R[$m,dir_pkt]}"
    done
    return 0
}

ratio() {  # ratio A B: A/B as "0.87x", or "n/a"
    if [[ ${1:-} =~ ^[0-9]+$ && ${2:-} =~ ^[0-9]+$ && $2 -gt 0 ]]; then
        awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'
    else
        echo "n/a"
    fi
}

print_ratio() {  # print_ratio LABEL MODE-A MODE-B
    [[ -n ${R_LAYOUT[$2]:-} && -n ${R_LAYOUT[$3]:-} ]] || return 0
    printf '  %-40s HTTP %7s   keep-alive %7s   UDP %7s\n' "$1" "$(ratio "${R[$2,rps]:-}" "${R[$3,rps]:-}")" \
        "$(ratio "${R[$2,ka]:-}" "${R[$3,ka]:-}")" "$(ratio "${R[$2,upps]:-}" "${R[$3,upps]:-}")"
}
print_delivered() {  # print_delivered LABEL MODE: UDP delivered % (and the rate beside lvs-dr's)
    [[ -n ${R_LAYOUT[$2]:-} ]] || return 0
    local d=${R[$2,udeliv]}
    [[ $d == - || $d == FAIL ]] || d="$d%"
    local beside="" m
    for m in lvs-dr lvs-dr-xdp; do
        [[ -n ${R_LAYOUT[$m]:-} ]] && beside+="${beside:+, }$m ${R[$m,upps]}"
    done
    printf '  %-40s UDP delivered %s of sent, at %s pps%s\n' "$1" "$d" "${R[$2,upps]}" "${beside:+ ($beside pps)}"
}

# ---------------------------------------------------------------------------------------------

LVS=0
run_modes() {  # one run of every selected mode
    wanted baseline && bench_baseline
    wanted nft-dr && bench_nft_dr
    wanted xdp-dr-ceiling && bench_dr_ceiling xdp
    wanted tc-dr-ceiling && bench_dr_ceiling tc
    if ((LVS)); then
        # shellcheck disable=SC2086,SC2046
        wanted lvs-dr && bench_lvs_mode lvs-dr flat -g ${LVS_BENCH_DIRECTOR_ARGS_DR:---interface eth0} $(packet_args)
        wanted lvs-dr-scraped && bench_lvs_dr_scraped
        wanted lvs-dr-xdp && bench_lvs_dr_xdp
        wanted lvs-tun && bench_lvs_tun lvs-tun
        wanted lvs-tun-xdp && bench_lvs_tun lvs-tun-xdp
        bench_lvs_dr_multi
    fi
    wanted nft-nat && bench_nft_nat
    wanted tc-nat-ceiling && bench_tc_nat_ceiling
    wanted haproxy && bench_haproxy
    if ((LVS)); then
        # shellcheck disable=SC2086,SC2046
        wanted lvs-nat && bench_lvs_mode lvs-nat nat -m ${LVS_BENCH_DIRECTOR_ARGS_NAT:---interface eth0 --interface eth1} $(packet_args)
        wanted lvs-nat-xdp && bench_lvs_nat_xdp
    fi
    reset_director
}

main() {
    sweep_leftovers
    TMP=$(mktemp -d "/tmp/lvsb-$$.XXXXXX")
    chmod 755 "$TMP"  # nginx workers run unprivileged and read their www from here

    echo "SwiftLVS benchmark: $(uname -r), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${HTTP_SECONDS}s -H 'Connection: close'; keep-alive:" \
        "$( ((KA_SECONDS > 0)) && echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${KA_SECONDS}s" || echo "not measured")"
    echo "UDP: $UDP_FLOWS flows of ${UDP_SIZE}-byte datagrams, at most $UDP_PACKETS packets or ${UDP_SECONDS}s;" \
        "$RUNS run(s) of every mode"
    echo "lab: namespaces ${PREFIX}{client,director,director2,rs1,rs2,switch}; VIP $VIP (director2: $VIP2)"
    build_lab
    if [[ $TX_CSUM == off ]]; then
        local ns
        for ns in "$NS_CL" "${RS_NS[@]}"; do nsx "$ns" ethtool -K eth0 tx off >/dev/null; done
        echo "transmit checksum offload off on the client and the real servers (BENCH_TX_CSUM=off)"
    fi
    start_nginx
    echo

    if lvs_has_data_plane; then LVS=1; else echo "SwiftLVS: skipped (no data plane yet)"; fi
    for ((RUN = 1; RUN <= RUNS; RUN++)); do
        run_modes
    done
    summarize

    print_table
    echo
    echo "Ratios of the medians (higher is better for the first):"
    if ((LVS)); then
        print_ratio "SwiftLVS DR  / nftables DR" lvs-dr nft-dr
        print_ratio "SwiftLVS DR  / no load balancer" lvs-dr baseline
        print_ratio "SwiftLVS DR-XDP / nftables DR" lvs-dr-xdp nft-dr
        print_ratio "SwiftLVS DR-XDP / no load balancer" lvs-dr-xdp baseline
        print_ratio "SwiftLVS DR-XDP / SwiftLVS DR" lvs-dr-xdp lvs-dr
        print_ratio "SwiftLVS DR scraped every 100 ms / DR" lvs-dr-scraped lvs-dr
        print_ratio "SwiftLVS NAT / nftables NAT" lvs-nat nft-nat
        print_ratio "SwiftLVS NAT / HAProxy" lvs-nat haproxy
        print_ratio "SwiftLVS NAT-XDP / nftables NAT" lvs-nat-xdp nft-nat
        print_ratio "SwiftLVS NAT-XDP / HAProxy" lvs-nat-xdp haproxy
        print_ratio "SwiftLVS NAT-XDP / SwiftLVS NAT" lvs-nat-xdp lvs-nat
        print_ratio "SwiftLVS TUN / nftables DR (no TUN)" lvs-tun nft-dr
        print_ratio "SwiftLVS TUN-XDP / nftables DR (no TUN)" lvs-tun-xdp nft-dr
        print_ratio "SwiftLVS TUN-XDP / SwiftLVS DR" lvs-tun-xdp lvs-dr
        print_ratio "SwiftLVS TUN-XDP / SwiftLVS DR-XDP" lvs-tun-xdp lvs-dr-xdp
        print_ratio "two directors / one (1 worker each)" lvs-dr-2x lvs-dr-1x
        print_delivered "SwiftLVS TUN" lvs-tun
        print_delivered "SwiftLVS TUN-XDP" lvs-tun-xdp
    else
        echo "  SwiftLVS: skipped (no data plane yet)"
    fi
    print_ratio "nftables NAT / HAProxy" nft-nat haproxy
    print_ratio "nftables DR  / no load balancer" nft-dr baseline
    print_ratio "XDP ceiling DR / nftables DR" xdp-dr-ceiling nft-dr
    print_ratio "XDP ceiling DR / no load balancer" xdp-dr-ceiling baseline
    print_ratio "tc ceiling DR / nftables DR" tc-dr-ceiling nft-dr
    print_ratio "tc ceiling DR / no load balancer" tc-dr-ceiling baseline
    print_ratio "tc ceiling NAT / nftables NAT" tc-nat-ceiling nft-nat
    print_ratio "tc ceiling NAT / HAProxy" tc-nat-ceiling haproxy
}

main
