# NAT, rr: a client reuses its source port while the director still holds the old
# connection in TIME_WAIT. conn_reuse_mode=1 expires it and schedules a new one (next rr pick).
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
ipvsadm -A -t 198.18.0.100:80 -s rr
ipvsadm -a -t 198.18.0.100:80 -r 198.18.1.11:8080 -m -w 1
ipvsadm -a -t 198.18.0.100:80 -r 198.18.1.12:8080 -m -w 1
# One ephemeral port only: the second request comes from the same client port.
ip netns exec c sysctl -qw net.ipv4.ip_local_port_range="40000 40000" net.ipv4.tcp_tw_reuse=1
ip netns exec c wget -q -O - http://198.18.0.100/
ipvsadm -L -n -c | sed 's/ [0-9][0-9]:[0-9][0-9] / mm:ss /' | sort
sleep 2  # tcp_tw_reuse lets the client reuse its TIME_WAIT port after 1 s
ip netns exec c wget -q -O - http://198.18.0.100/
sleep 3  # counters reach the listing only at the next 2-second estimator tick (kernel 6.1)
ipvsadm -L -n
ipvsadm -L -n --stats --exact
ipvsadm -L -n -c | sed 's/ [0-9][0-9]:[0-9][0-9] / mm:ss /' | sort
