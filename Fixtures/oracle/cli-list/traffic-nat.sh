# NAT with real traffic (VM: netns, busybox httpd/wget): small pages and 1.2 GB of downloads,
# so the counters need K/M suffixes; --stats, --rate, their --exact forms and connections.
# Counters are summed by the kernel estimator every 2 s, hence the sleep before listing.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add br0 type bridge; ip link set br0 up; ip addr add 198.18.0.2/24 dev br0
ip link add br1 type bridge; ip link set br1 up; ip addr add 198.19.0.1/24 dev br1
for n in c r1 r2; do ip netns add $n; ip link add $n-e type veth peer name $n-i; ip link set $n-i netns $n; ip -n $n link set $n-i name eth0; ip -n $n link set lo up; ip -n $n link set eth0 up; ip link set $n-e up; done
ip link set c-e master br0; ip link set r1-e master br1; ip link set r2-e master br1
ip -n c addr add 198.18.0.1/24 dev eth0
ip -n r1 addr add 198.19.0.11/24 dev eth0; ip -n r1 route add default via 198.19.0.1
ip -n r2 addr add 198.19.0.12/24 dev eth0; ip -n r2 route add default via 198.19.0.1
sysctl -qw net.ipv4.ip_forward=1
for r in r1 r2; do mkdir -p /www/$r; echo "i am $r" > /www/$r/index.html; ip netns exec $r httpd -p 80 -h /www/$r; done
dd if=/dev/zero of=/www/r1/big bs=1M count=150 2>/dev/null; cp /www/r1/big /www/r2/big
ip addr add 198.18.0.100/32 dev br0
ipvsadm -A -t 198.18.0.100:80 -s rr
ipvsadm -a -t 198.18.0.100:80 -r 198.19.0.11:80 -m
ipvsadm -a -t 198.18.0.100:80 -r 198.19.0.12:80 -m -w 2
for i in 1 2 3; do ip netns exec c wget -q -O - http://198.18.0.100/; done
for i in 1 2 3 4 5 6 7 8; do ip netns exec c wget -q -O /dev/null http://198.18.0.100/big; done
sleep 3
show -L -n --stats
show -L -n --stats --exact
show -L -n --rate
show -L -n --rate --exact
show -L -n
show -L -n -c
show -L -c
show -L -n --persistent-conn
