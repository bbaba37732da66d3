# Every scheduler of the kernel (6.1: no twos) and every scheduler-flag form: sh and mh name
# their flags, others print flag-N, and sh/mh have no name for the third flag.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
port=1000
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
  port=$((port + 1))
  ipvsadm -A -t 198.18.0.20:$port -s $s
  ipvsadm -a -t 198.18.0.20:$port -r 198.19.1.2 -m -w 2
done
ipvsadm -A -t 198.18.0.20:2000; echo "rc=$?"
ipvsadm -A -u 198.18.0.21:1 -s rr -b flag-1,flag-2,flag-3
ipvsadm -A -u 198.18.0.21:2 -s wrr -b flag-2
ipvsadm -A -u 198.18.0.21:3 -s sh -b flag-3
ipvsadm -A -u 198.18.0.21:4 -s sh -b sh-fallback,sh-port,flag-3
ipvsadm -A -u 198.18.0.21:5 -s mh -b mh-fallback
ipvsadm -A -u 198.18.0.21:6 -s mh -b mh-port -p 10
ipvsadm -A -u 198.18.0.21:7 -s mh -b flag-3,flag-1
ipvsadm -A -u 198.18.0.21:8 -s sh -b sh-port -o
ipvsadm -A -u 198.18.0.21:9 -s wlc -b flag-3 -o -p 5 -M 255.255.255.255
show -L -n
show -L -n --nosort
show -L -n --tun-info
show -S -n
