# ipvsadm's sort: libipvs comparators subtract unsigned values into an int, so fwmarks and
# IPv6 address words 2^31 or more apart compare "backwards", and glibc's merge sort decides
# what the resulting cycles print as. --nosort shows the kernel's own order.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip addr add 2001:db8:1::1/64 dev v0 nodad; ip link set v0 up; ip link set v1 up
ipvsadm -A -t 198.18.0.6:65535 -s rr
ipvsadm -A -t 198.18.0.6:1 -s rr
ipvsadm -A -u 198.18.0.6:1 -s rr
ipvsadm -A -t 198.19.255.255:1 -s rr
ipvsadm -A -t [2001:db8::]:1 -s rr
ipvsadm -A -t [2001:db8:0:0:9000::]:1 -s rr
ipvsadm -A -t [2001:db8::ffff:ffff:ffff:fffe]:65535 -s rr
ipvsadm -A -t [2001:db8:8000::]:2 -s rr
ipvsadm -A -t [2001:db8::7fff:ffff:0:0]:2 -s rr
ipvsadm -A -t [::ffff:198.18.0.1]:1 -s rr
ipvsadm -A -f 9 -6 -s rr
ipvsadm -A -f 9 -s rr
ipvsadm -A -f 2147483648 -s rr
ipvsadm -A -f 2147483647 -s rr
ipvsadm -A -f 4294967295 -s rr
ipvsadm -A -f 1 -s rr
ipvsadm -A -f 2147483649 -6 -s rr
for a in 2001:db8:1::2 2001:db8:1:0:9000:: 2001:db8:1:: 2001:db8:1:0:ffff:ffff:ffff:fffe 2001:db8:1:0:7fff:ffff:: 2001:db8:1:0:8000:: 2001:db8:1::9; do
  ipvsadm -a -t [2001:db8::]:1 -r [$a]:1 -m
done
ipvsadm -a -t [2001:db8::]:1 -r [2001:db8:1::2]:2 -m
ipvsadm -a -t [2001:db8::]:1 -r [2001:db8:1::2]:65535 -m
ipvsadm -a -t [2001:db8::]:1 -r 198.19.1.2 -i
for a in 198.19.1.2:80 198.19.1.2:8 198.19.1.200:1 198.19.1.3:65535 198.19.1.3:1; do
  ipvsadm -a -t 198.18.0.6:1 -r $a -m
done
show -L -n
show -L -n --nosort
show -S -n
show -L -n -t [2001:db8::]:1
show -L -n -t [2001:db8::]:1 --nosort
