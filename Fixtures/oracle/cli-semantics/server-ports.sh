# Real server ports: DR and tunnel servers keep the service port, NAT ones keep their own,
# fwmark services keep what was given (0 when none); weights up to INT_MAX (Debian build).
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
ip -6 addr add 2001:db8:1::1/64 dev v0 nodad
ipvsadm -A -t 198.18.0.1:80 -s rr
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2:9090; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.3:8080 -m -w 2147483647; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.4 -m -w +5; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.5:81 -i --tun-type gue --tun-port 6080 --tun-csum; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.6 -i --tun-type gre --tun-remcsum 2>&1; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.6 -i --tun-type gre; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r [2001:db8:1::2]:80 -i; echo rc=$?
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1 -x 20 -y 10; echo rc=$?
ipvsadm -A -f 7 -s rr
ipvsadm -a -f 7 -r 198.19.1.7; echo rc=$?
ipvsadm -a -f 7 -r 198.19.1.8:8888; echo rc=$?
ipvsadm -d -t 198.18.0.1:80 -r 198.19.1.2; echo rc=$?
ipvsadm -S -n
ipvsadm -L -n --thresholds
