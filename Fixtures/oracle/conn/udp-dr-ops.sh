# DR UDP: a normal service keeps one "UDP" connection per client socket; a one-packet (-o)
# service schedules every datagram and stores no connection. nslookup is the UDP client
# (nobody answers: only the director's view of the queries matters).
ip link add br0 type bridge; ip link set br0 up
ip addr add 198.18.0.2/24 dev br0
for n in c r1 r2; do ip netns add $n; ip link add $n-e type veth peer name $n-i; ip link set $n-e master br0; ip link set $n-e up; ip link set $n-i netns $n; ip -n $n link set $n-i name eth0; ip -n $n link set lo up; ip -n $n link set eth0 up; done
ip -n c addr add 198.18.0.1/24 dev eth0
ip -n r1 addr add 198.18.0.11/24 dev eth0; ip -n r2 addr add 198.18.0.12/24 dev eth0
ip addr add 198.18.0.100/32 dev br0; ip addr add 198.18.0.101/32 dev br0
ipvsadm -A -u 198.18.0.100:53 -s rr
ipvsadm -a -u 198.18.0.100:53 -r 198.18.0.11 -g -w 1
ipvsadm -a -u 198.18.0.100:53 -r 198.18.0.12 -g -w 1
ipvsadm -A -u 198.18.0.101:53 -s rr -o
ipvsadm -a -u 198.18.0.101:53 -r 198.18.0.11 -g -w 1
ipvsadm -a -u 198.18.0.101:53 -r 198.18.0.12 -g -w 1
ip netns exec c timeout 3 nslookup -timeout=1 -retry=1 -type=a example.test 198.18.0.100 >/dev/null 2>&1
ip netns exec c timeout 3 nslookup -timeout=1 -retry=1 -type=a example.test 198.18.0.101 >/dev/null 2>&1
sleep 2  # counters reach the listing only at the next 2-second estimator tick (kernel 6.1)
ipvsadm -L -n
ipvsadm -L -n --stats --exact
ipvsadm -L -n -c | sed 's/ [0-9][0-9]:[0-9][0-9] / mm:ss /' | sort
