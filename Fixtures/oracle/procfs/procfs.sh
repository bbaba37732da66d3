# /proc/net/ip_vs, ip_vs_stats and ip_vs_conn of a table with IPv4 NAT traffic, an IPv6
# service, a one-packet UDP service, a persistent service with a netmask, and a fwmark service.
# Timers (Expires) and client ports vary from run to run; the rest is the kernel's bytes.
sysctl -qw net.ipv4.ip_forward=1
ip link add br0 type bridge; ip link set br0 up; ip addr add 198.18.0.2/24 dev br0
ip link add br1 type bridge; ip link set br1 up; ip addr add 198.18.1.1/24 dev br1
ip netns add c; ip link add c-e type veth peer name c-i; ip link set c-e master br0; ip link set c-e up
ip link set c-i netns c; ip -n c link set c-i name eth0; ip -n c link set lo up; ip -n c link set eth0 up
ip -n c addr add 198.18.0.1/24 dev eth0
for n in r1 r2; do ip netns add $n; ip link add $n-e type veth peer name $n-i; ip link set $n-e master br1; ip link set $n-e up; ip link set $n-i netns $n; ip -n $n link set $n-i name eth0; ip -n $n link set lo up; ip -n $n link set eth0 up; done
ip -n r1 addr add 198.18.1.11/24 dev eth0; ip -n r2 addr add 198.18.1.12/24 dev eth0
for r in r1 r2; do ip -n $r route add default via 198.18.1.1; mkdir -p /www/$r; echo "i am $r" > /www/$r/index.html; ip netns exec $r httpd -p 8080 -h /www/$r; done
ip addr add 198.18.0.100/32 dev br0
ip addr add 198.18.0.102/32 dev br0
ipvsadm -A -t 198.18.0.100:80 -s rr
ipvsadm -a -t 198.18.0.100:80 -r 198.18.1.11:8080 -m -w 1
ipvsadm -a -t 198.18.0.100:80 -r 198.18.1.12:8080 -m -w 1
ipvsadm -A -t 198.18.0.102:443 -s sh -p 300 -M 255.255.255.0
ipvsadm -a -t 198.18.0.102:443 -r 198.18.1.11:8080 -m -w 2
ipvsadm -a -t 198.18.0.102:443 -r 198.18.1.12:443 -i -w 0
ipvsadm -A -u 198.18.0.101:53 -s wrr -o
ipvsadm -a -u 198.18.0.101:53 -r 198.18.1.12:5353 -g -w 65535
ipvsadm -A -f 7 -s wlc
ipvsadm -a -f 7 -r 198.18.1.11 -g -w 3
ipvsadm -A -t [2001:db8::100]:80 -s lc
ipvsadm -a -t [2001:db8::100]:80 -r [2001:db8:1::11]:8080 -m -w 1
ipvsadm -a -t [2001:db8::100]:80 -r [2001:db8:1::ffff]:80 -g -w 4
ipvsadm -A -u [2001:db8::101]:53 -s rr -p
for i in 1 2 3; do ip netns exec c wget -q -O - http://198.18.0.100/; done
ip netns exec c wget -q -O - http://198.18.0.102:443/
sleep 3  # counters reach the listing only at the next 2-second estimator tick (kernel 6.1)
echo "== ip_vs"; cat /proc/net/ip_vs
echo "== ip_vs_stats"; cat /proc/net/ip_vs_stats
echo "== ip_vs_conn"; cat /proc/net/ip_vs_conn
echo "== ipvsadm -L -n -c"; ipvsadm -L -n -c
echo "== end"
