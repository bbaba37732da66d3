# Tunnel real servers: ipip, gue (port, no/with/remote checksum), gre (no/with checksum),
# next to masquerade and route servers, in --tun-info and -S.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
ipvsadm -A -t 198.18.0.6:80 -s rr -p 100
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.5 -i --tun-type gue --tun-port 6080 --tun-csum
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.6 -i --tun-type gre --tun-csum -w 3
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.7 -i --tun-type gue --tun-port 6081 --tun-remcsum
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.8 -i --tun-type gre --tun-nocsum
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.9 -i --tun-type gue --tun-port 65535
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.10 -i --tun-type ipip -w 0
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.11 -i
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.12 -m
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.13 -g
ipvsadm -A -f 3 -s wrr
ipvsadm -a -f 3 -r 198.19.1.14 -i --tun-type gue --tun-port 5555 --tun-nocsum
ipvsadm -e -t 198.18.0.6:80 -r 198.19.1.13 -i --tun-type gre
show -L -n --tun-info
show -L --tun-info
show -L -n
show -S -n
show -L -n --tun-info --nosort
show -L -n -f 3 --tun-info
