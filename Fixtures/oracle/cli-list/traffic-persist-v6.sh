# Persistence templates and IPv6 connections with real traffic (VM: netns, busybox httpd/wget):
# connection entries (templates have client port 0), PersistConn counts, per-server stats.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add br0 type bridge; ip link set br0 up; ip addr add 198.18.0.2/24 dev br0; ip addr add 2001:db8::2/64 dev br0 nodad
ip link add br1 type bridge; ip link set br1 up; ip addr add 198.19.0.1/24 dev br1; ip addr add 2001:db8:1::1/64 dev br1 nodad
for n in c r1 r2; do ip netns add $n; ip link add $n-e type veth peer name $n-i; ip link set $n-i netns $n; ip -n $n link set $n-i name eth0; ip -n $n link set lo up; ip -n $n link set eth0 up; ip link set $n-e up; done
ip link set c-e master br0; ip link set r1-e master br1; ip link set r2-e master br1
ip -n c addr add 198.18.0.1/24 dev eth0; ip -n c addr add 2001:db8::1/64 dev eth0 nodad; ip -n c addr add 2001:db8::abcd:ef01:2345:6789/64 dev eth0 nodad
ip -n r1 addr add 198.19.0.11/24 dev eth0; ip -n r1 route add default via 198.19.0.1; ip -n r1 addr add 2001:db8:1::11/64 dev eth0 nodad; ip -n r1 route add default via 2001:db8:1::1
ip -n r2 addr add 198.19.0.12/24 dev eth0; ip -n r2 route add default via 198.19.0.1; ip -n r2 addr add 2001:db8:1::12/64 dev eth0 nodad; ip -n r2 route add default via 2001:db8:1::1
sysctl -qw net.ipv4.ip_forward=1; sysctl -qw net.ipv6.conf.all.forwarding=1
for r in r1 r2; do mkdir -p /www/$r; echo "i am $r" > /www/$r/index.html; ip netns exec $r httpd -p 80 -h /www/$r; done
ip addr add 198.18.0.100/32 dev br0; ip addr add 2001:db8::100/128 dev br0 nodad
ipvsadm -A -t 198.18.0.100:80 -s rr -p 600 -M 255.255.255.0
ipvsadm -a -t 198.18.0.100:80 -r 198.19.0.11:80 -m
ipvsadm -a -t 198.18.0.100:80 -r 198.19.0.12:80 -m
ipvsadm -A -t [2001:db8::100]:80 -s rr
ipvsadm -a -t [2001:db8::100]:80 -r [2001:db8:1::11]:80 -m
ipvsadm -a -t [2001:db8::100]:80 -r [2001:db8:1::12]:80 -m
ipvsadm -A -t [2001:db8::100]:8080 -s wrr -p 60 -M 64
ipvsadm -a -t [2001:db8::100]:8080 -r [2001:db8:1::11]:80 -m
sleep 1
for i in 1 2 3; do ip netns exec c wget -q -O - http://198.18.0.100/; done
for i in 1 2 3; do ip netns exec c wget -q -O - http://[2001:db8::100]/; done
ip netns exec c wget -q -O - http://[2001:db8::100]:8080/
sleep 3
show -L -n
show -L -n --persistent-conn
show -L -n --stats --exact
show -L -n --stats
show -L -n -c
show -L -n -c --persistent-conn
