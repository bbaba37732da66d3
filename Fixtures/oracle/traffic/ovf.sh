# Oracle fixture for the ovf scheduler (replayed by Tests/LVSCoreTests/SchedulerFidelityTests.swift).
VIPS="198.18.0.100"
CLIENTS=""
# Lab (DR): the VM is the director on bridge br0 (198.18.0.2, 2001:db8::2). Client netns c has
# 198.18.0.1 plus the source addresses in CLIENTS; real servers r1 r2 r3 (198.18.0.11-13,
# 2001:db8::11-13) carry every VIP on lo. Port 80: busybox httpd answers "i am rN". Port 81: nc
# answers "i am rN", then closes if the client said "short" or holds the connection open
# (an ESTABLISHED, i.e. active, connection for the director) if it said "hold".
# Output: one line per connection, "<what> -> rN" (or "-> none" when no server answered), and
# every ipvsadm command as "+ command".
ip link add br0 type bridge; ip link set br0 up
ip addr add 198.18.0.2/24 dev br0; ip addr add 2001:db8::2/64 dev br0 nodad
for n in c r1 r2 r3; do ip netns add $n; ip link add $n-e type veth peer name $n-i; ip link set $n-e master br0; ip link set $n-e up; ip link set $n-i netns $n; ip -n $n link set $n-i name eth0; ip -n $n link set lo up; ip -n $n link set eth0 up; done
ip -n c addr add 198.18.0.1/24 dev eth0; ip -n c addr add 2001:db8::1/64 dev eth0 nodad
for a in $CLIENTS; do case $a in *:*) ip -n c addr add $a/64 dev eth0 nodad;; *) ip -n c addr add $a/24 dev eth0;; esac; done
for i in 1 2 3; do r=r$i
  ip -n $r addr add 198.18.0.1$i/24 dev eth0; ip -n $r addr add 2001:db8::1$i/64 dev eth0 nodad
  ip netns exec $r sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
  for v in $VIPS; do case $v in *:*) ip -n $r addr add $v/128 dev lo nodad;; *) ip -n $r addr add $v/32 dev lo;; esac; done
  mkdir -p /www/$r; echo "i am $r" > /www/$r/index.html
  ip netns exec $r httpd -p 80 -h /www/$r
  ip netns exec $r setsid nc -ll -p 81 -e /bin/sh -c "echo i am $r; read x; [ \"\$x\" = hold ] && sleep 90" &
done
for v in $VIPS; do case $v in *:*) ip addr add $v/128 dev br0 nodad;; *) ip addr add $v/32 dev br0;; esac; done
sleep 1
run() { echo "+ $*"; "$@" || echo "rc=$?"; }
answer() { a=$(grep -o 'i am r[0-9]*' "$1" 2>/dev/null | tail -1); a=${a#i am }; echo "${a:-none}"; }
# A client port the kernel still has a connection for (the real server closed first, so the
# client may reuse it) is not scheduled again: such answers are marked "(reused)".
conns() { ipvsadm -L -n -c | grep -c '^[TU]'; }
mark() { [ "$2" = none ] || [ "$(conns)" -gt "$1" ] || echo " (reused)"; }
# get VIP: one finished HTTP connection (wget) to VIP:80.
get() { c0=$(conns); rm -f /tmp/ans; ip netns exec c wget -q -O /tmp/ans http://$1/ 2>/dev/null; a=$(answer /tmp/ans); echo "get $1 -> $a$(mark $c0 $a)"; }
# from SRC VIP: one finished HTTP connection to VIP:80 from address SRC (its source port is in
# the connection list printed at the end).
from() { case $2 in *:*) p=128;; *) p=32;; esac
  ip -n c route replace $2/$p dev eth0 src $1; c0=$(conns)
  printf 'GET / HTTP/1.0\r\n\r\n' | ip netns exec c nc -w 2 $2 80 > /tmp/ans 2>/dev/null
  a=$(answer /tmp/ans); echo "from $1 to $2 -> $a$(mark $c0 $a)"; }
# short VIP / hold VIP: a connection to VIP:81 that ends at once / stays open.
n=0
short() { n=$((n+1)); c0=$(conns); echo short | ip netns exec c nc -w 2 $1 81 > /tmp/s$n 2>/dev/null
  a=$(answer /tmp/s$n); echo "short $1 -> $a$(mark $c0 $a)"; }
hold() { n=$((n+1)); c0=$(conns); : > /tmp/h$n; ip netns exec c sh -c "(echo hold; sleep 90) | nc -w 2 $1 81 > /tmp/h$n 2>/dev/null" &
  t=0; while [ ! -s /tmp/h$n ] && [ $t -lt 40 ]; do sleep 0.1; t=$((t+1)); done; sleep 0.2
  a=$(answer /tmp/h$n); echo "hold $1 -> $a$(mark $c0 $a)"; }
# ovf: highest weight while its active connections do not exceed its weight; none when all do.
run ipvsadm -A -t 198.18.0.100:81 -s ovf
run ipvsadm -a -t 198.18.0.100:81 -r 198.18.0.11 -g -w 1
run ipvsadm -a -t 198.18.0.100:81 -r 198.18.0.12 -g -w 3
run ipvsadm -a -t 198.18.0.100:81 -r 198.18.0.13 -g -w 2
short 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; short 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; hold 198.18.0.100; short 198.18.0.100
ipvsadm -L -n
