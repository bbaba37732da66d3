# lib.sh -- common preamble of the keepalived oracle scenarios (run.sh runs `cat lib.sh NAME.sh`
# in the ipvs-oracle VM: real kernel IPVS, ipvsadm 1.31, keepalived 2.2.7, busybox).
#
# Lab: bridge br0 in the root namespace = the director, 198.18.1.2/24 and 2001:db8:1::2/64.
# Real servers: network namespaces r1 r2 r3 = 198.18.1.11-13 (2001:db8:1::11-13), default route
# via the director, each running busybox httpd on port 80 serving /www/rN:
#   /index.html  "i am rN\n"      /health.html  "OK\n" (md5 d36f8f9425c4a8000ad9c4a97185aca5)
# Helper scripts (run by keepalived as user keepalived_script, uid 999):
#   /etc/keepalived/misc.sh rN     MISC_CHECK script: exits with the code set by `misc rN CODE`
#                                  (default 0), after sleeping DELAY seconds if one was given.
#   /etc/keepalived/note.sh ARGS   notify script: appends "note.sh argc=N [arg1] [arg2] ..." to
#                                  /tmp/notify.log (printed by `finish` under "== notify").
# DSL (every step prints a marker line starting with "== " first):
#   start             == start          start keepalived -n -G -l -D -f /etc/keepalived/keepalived.conf,
#                                       wait until its log says "Startup complete"
#   down rN / up rN   == down rN        stop / start rN's web server (port 80)
#   page rN PATH [TEXT] == page ...     (re)create /www/rN/PATH with TEXT (default OK)
#   nopage rN PATH    == nopage ...     delete /www/rN/PATH (httpd then answers 404)
#   misc rN CODE [DELAY] == misc ...    exit code (and delay) of rN's MISC_CHECK script
#   wait_s N          == wait N         sleep N seconds
#   snap LABEL        == snap LABEL     then `ipvsadm -L -n` exactly as printed
#   snapraw LABEL     == snapraw LABEL  then `ipvsadm -L -n --nosort` with its service blocks put
#                                       in `ipvsadm -L -n` order: real servers in kernel list
#                                       order (the newest first), services sorted
#   reload            == reload         mv keepalived.conf.next keepalived.conf, SIGHUP keepalived,
#                                       wait until the checker process logged its reload
#   addrs             == addrs          then br0's IPv4 addresses (the VIPs a vrrp_instance adds)
#   run CMD...        == run CMD...     then CMD's output (and "rc=N" if it failed)
#   finish            == stop           SIGTERM keepalived, wait for it to exit; then
#                     == snap stopped   + ipvsadm -L -n; "== log" + keepalived's log without its
#                                       timestamps and start/stop banner lines, cut in windows
#                                       "-- until snap LABEL" / "-- until reload" / "-- until stop"
#                                       (lines SORTED within a window: checks run in parallel with
#                                       random start delays) and "-- until stopped (in order)"
#                                       (the shutdown, unsorted); "== notify" + /tmp/notify.log
#                                       and "== fifo" + what keepalived wrote to the fifo
#                                       /tmp/lvs.fifo (lvs_notify_fifo), each only if keepalived
#                                       wrote something, cut in the same windows, each sorted
# A scenario writes its config literally: cat > /etc/keepalived/keepalived.conf <<'EOF' ... EOF
# (and keepalived.conf.next the same way before `reload`).
exec 2>&1
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip link add br0 address 02:00:00:00:01:02 type bridge; ip link set br0 up
ip addr add 198.18.1.2/24 dev br0; ip addr add 2001:db8:1::2/64 dev br0 nodad
mkdir -p /etc/keepalived /tmp/misc /www; : > /tmp/ka.log; : > /tmp/notify.log; chmod 666 /tmp/notify.log
for i in 1 2 3; do r=r$i
  ip netns add $r; ip link add $r-e type veth peer name $r-i; ip link set $r-e master br0; ip link set $r-e up
  ip link set $r-i netns $r; ip -n $r link set $r-i name eth0; ip -n $r link set lo up; ip -n $r link set eth0 up
  ip -n $r addr add 198.18.1.1$i/24 dev eth0; ip -n $r addr add 2001:db8:1::1$i/64 dev eth0 nodad
  ip -n $r route add default via 198.18.1.2; ip -n $r -6 route add default via 2001:db8:1::2
  mkdir -p /www/$r; echo "i am $r" > /www/$r/index.html; echo OK > /www/$r/health.html
  echo 0 > /tmp/misc/$r
done
chmod 755 /tmp/misc; chmod 644 /tmp/misc/*
cat > /etc/keepalived/misc.sh <<'S'
#!/bin/sh
read code delay < /tmp/misc/$1
[ -n "$delay" ] && sleep $delay
exit ${code:-0}
S
cat > /etc/keepalived/note.sh <<'S'
#!/bin/sh
line="note.sh argc=$#"; for a in "$@"; do line="$line [$a]"; done
printf '%s\n' "$line" >> /tmp/notify.log
S
chmod 755 /etc/keepalived/misc.sh /etc/keepalived/note.sh
httpd_start() { /sbin/ip netns exec $1 httpd -f -p 80 -h /www/$1 & echo $! > /tmp/httpd.$1; }
httpd_stop() { [ -f /tmp/httpd.$1 ] && kill $(cat /tmp/httpd.$1) 2>/dev/null; rm -f /tmp/httpd.$1; }
for r in r1 r2 r3; do httpd_start $r; done
mkfifo /tmp/lvs.fifo; : > /tmp/fifo.log; (cat /tmp/lvs.fifo >> /tmp/fifo.log &)
sleep 1
KA=
start() { echo "== start"
  keepalived -n -G -l -D -f /etc/keepalived/keepalived.conf >> /tmp/ka.log 2>&1 & KA=$!
  t=0; while ! grep -q 'Startup complete' /tmp/ka.log && [ $t -lt 100 ]; do sleep 0.2; t=$((t+1)); done; }
down() { echo "== down $1"; httpd_stop $1; }
up() { echo "== up $1"; httpd_start $1; sleep 0.2; }
page() { echo "== page $*"; echo "${3:-OK}" > /www/$1/$2; }
nopage() { echo "== nopage $*"; rm -f /www/$1/$2; }
misc() { echo "== misc $*"; echo "$2 $3" > /tmp/misc/$1; }
wait_s() { echo "== wait $1"; sleep $1; }
# logmark LABEL: remember where keepalived's log stood (finish prints the log in these windows)
: > /tmp/logmarks
logmark() { echo "$(wc -l < /tmp/ka.log) $1" >> /tmp/logmarks; echo "-- until $1" >> /tmp/notify.log; echo "-- until $1" >> /tmp/fifo.log; }
# print a file cut by its "-- until LABEL" lines (written at the END of each window) as the log
# is printed: "-- until LABEL" first, then that window's lines, sorted (concurrent scripts)
windows() { awk '/^-- until /{ print; fflush(); for (i = 1; i <= n; i++) print b[i] | "sort"; close("sort"); n = 0; next }
  { b[++n] = $0 } END { if (n) { print "-- after stopped"; fflush(); for (i = 1; i <= n; i++) print b[i] | "sort"; close("sort") } }' "$1"; }
snap() { echo "== snap $1"; ipvsadm -L -n; logmark "snap $1"; }
# snapraw: the real servers of each service in the kernel's list order (ipvsadm --nosort), the
# services themselves in `ipvsadm -L -n` order (the kernel's service hash order varies per boot)
snapraw() { echo "== snapraw $1"; ipvsadm -L -n > /tmp/snap.sorted; ipvsadm -L -n --nosort > /tmp/snap.raw
  awk 'FNR==NR { if (FNR > 3 && $1 != "->") order[++n] = $0; next }
       FNR <= 3 { print; next }
       $1 != "->" { cur = $0; next }
       { blk[cur] = blk[cur] $0 "\n" }
       END { for (i = 1; i <= n; i++) printf "%s\n%s", order[i], blk[order[i]] }' /tmp/snap.sorted /tmp/snap.raw
  logmark "snapraw $1"; }
reload() { echo "== reload"; mv /etc/keepalived/keepalived.conf.next /etc/keepalived/keepalived.conf
  n0=$(grep -c 'Reinitializing ipvs' /tmp/ka.log); kill -HUP $KA
  t=0; while [ "$(grep -c 'Reinitializing ipvs' /tmp/ka.log)" = "$n0" ] && [ $t -lt 50 ]; do sleep 0.2; t=$((t+1)); done
  sleep 0.5; logmark reload; }
addrs() { echo "== addrs"; ip -4 -o addr show dev br0 | awk '{print $4}'; }
run() { echo "== run $*"; "$@" || echo "rc=$?"; }
# keepalived's log without timestamps, without the start/stop banners and pids (they vary)
NOISE='Starting Keepalived\|Running on\|Command line:\|Opening file\|^Configuration file\|max_auto_priority\|child process, pid=\|Activating BFD\|Stopped - used\|CPU usage\|Stopped Keepalived\|Startup complete\|^Stopping$'
logclean() { sed 's/^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]* [0-9]*: //' | grep -v -e "$NOISE"; }
finish() { echo "== stop"; logmark stop; [ -n "$KA" ] && kill -TERM $KA
  t=0; while kill -0 $KA 2>/dev/null && [ $t -lt 100 ]; do sleep 0.2; t=$((t+1)); done
  echo "== snap stopped"; ipvsadm -L -n
  echo "== log"; p=0
  while read n w; do echo "-- until $w"; [ "$n" -gt "$p" ] && sed -n "$((p+1)),${n}p" /tmp/ka.log | logclean | sort; p=$n; done < /tmp/logmarks
  echo "-- until stopped (in order)"; sed -n "$((p+1)),\$p" /tmp/ka.log | logclean
  sleep 0.5; echo "-- until stopped" >> /tmp/notify.log; echo "-- until stopped" >> /tmp/fifo.log
  if grep -qv '^-- until ' /tmp/notify.log; then echo "== notify"; windows /tmp/notify.log; fi
  if grep -qv '^-- until ' /tmp/fifo.log; then echo "== fifo"; windows /tmp/fifo.log; fi; }
