# IPv6 services and servers: brackets, prefix persistence masks, fwmark IPv6, mixed-family
# tunnel servers (IPv4 in an IPv6 service and back), long addresses overflowing the columns.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip addr add 2001:db8:1::1/64 dev v0 nodad; ip link set v0 up; ip link set v1 up
ipvsadm -A -t [2001:db8::1]:443 -s wrr -p 10 -M 48
ipvsadm -a -t [2001:db8::1]:443 -r [2001:db8:1::3]:443 -g
ipvsadm -a -t [2001:db8::1]:443 -r [2001:db8:1::4] -m -w 7 -x 20 -y 10
ipvsadm -a -t [2001:db8::1]:443 -r 198.19.1.20 -i
ipvsadm -a -t [2001:db8::1]:443 -r [2001:db8:1::5]:8443 -i --tun-type gue --tun-port 6080 --tun-csum
ipvsadm -A -u [2001:db8::1]:53 -s rr -o
ipvsadm -a -u [2001:db8::1]:53 -r [2001:db8:1::3]:53 -m
ipvsadm -A -t [2001:db8::ffff:ffff:ffff:fffe]:65535 -s lc -p
ipvsadm -a -t [2001:db8::ffff:ffff:ffff:fffe]:65535 -r [2001:db8:1:0:ffff:ffff:ffff:fffe]:65535 -m
ipvsadm -a -t [2001:db8::ffff:ffff:ffff:fffe]:65535 -r [2001:db8:1::2]:1 -m
ipvsadm -A --sctp-service [2001:db8::2]:9 -s rr -p 60 -M 128
ipvsadm -A -t [::ffff:198.18.0.1]:80 -s rr
ipvsadm -A -f 8 -6 -s mh -b mh-port -p 60 -M 64
ipvsadm -a -f 8 -6 -r [2001:db8:1::6] -g
ipvsadm -a -f 8 -6 -r [2001:db8:1::7]:80 -m
ipvsadm -A -f 8 -s rr
ipvsadm -A -t 198.18.0.6:80 -s rr
ipvsadm -a -t 198.18.0.6:80 -r [2001:db8:1::9]:80 -i
ipvsadm -a -t 198.18.0.6:80 -r [2001:db8:1:0:ffff:ffff:ffff:fffe]:80 -i --tun-type gre
ipvsadm -a -t 198.18.0.6:80 -r 198.19.1.9 -i --tun-type gue --tun-port 1 --tun-remcsum
show -L -n
show -L
show -L -n --stats
show -L -n --rate --exact
show -L -n --thresholds
show -L -n --persistent-conn
show -L -n --tun-info
show -L -n --nosort
show -S -n
show -S
show -L -n -t [2001:db8::1]:443
show -L -n -f 8 -6
show -L -n -f 8
show -L -n -u [2001:db8::1]:53 --tun-info
