# DR, rr, two real servers: three HTTP/1.0 requests from one client.
# Shows per-server ActiveConn/InActConn, exact counters (DR: OutPkts stay 0) and the
# connection states the director saw (INPUT-ONLY table: it never sees the replies).
ip link add br0 type bridge; ip link set br0 up
ip addr add 198.18.0.2/24 dev br0
for n in c r1 r2; do ip netns add $n; ip link add $n-e type veth peer name $n-i; ip link set $n-e master br0; ip link set $n-e up; ip link set $n-i netns $n; ip -n $n link set $n-i name eth0; ip -n $n link set lo up; ip -n $n link set eth0 up; done
ip -n c addr add 198.18.0.1/24 dev eth0
ip -n r1 addr add 198.18.0.11/24 dev eth0; ip -n r2 addr add 198.18.0.12/24 dev eth0
for r in r1 r2; do ip netns exec $r sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2; ip -n $r addr add 198.18.0.100/32 dev lo; mkdir -p /www/$r; echo "i am $r" > /www/$r/index.html; ip netns exec $r httpd -p 80 -h /www/$r; done
ip addr add 198.18.0.100/32 dev br0
ipvsadm -A -t 198.18.0.100:80 -s rr
ipvsadm -a -t 198.18.0.100:80 -r 198.18.0.11 -g -w 1
ipvsadm -a -t 198.18.0.100:80 -r 198.18.0.12 -g -w 1
for i in 1 2 3; do ip netns exec c wget -q -O - http://198.18.0.100/; done
sleep 3  # counters reach the listing only at the next 2-second estimator tick (kernel 6.1)
ipvsadm -L -n
ipvsadm -L -n --stats --exact
ipvsadm -L -n -c | sed 's/ [0-9][0-9]:[0-9][0-9] / mm:ss /' | sort
