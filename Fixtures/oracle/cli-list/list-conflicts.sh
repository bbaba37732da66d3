# Which list option combinations ipvsadm refuses (messages and exit codes; for the parser).
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
ipvsadm -A -t 198.18.0.1:80 -s rr
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2 -m
try() { echo "== ipvsadm $*"; ipvsadm "$@"; echo "rc=$?"; }
try -L -n -c --stats
try -L -n -c --rate
try -L -n -c --thresholds
try -L -n -c --tun-info
try -L -n -c --exact
try -L -n -c --nosort
try -L -n -c -t 198.18.0.1:80
try -L -n -c --daemon
try -L -n -c --timeout
try -L --timeout --daemon
try -L --timeout --stats
try -L --daemon --stats
try -L --timeout -t 198.18.0.1:80
try -L -n -t 198.18.0.1:80 --stats --rate
try -S -n -t 198.18.0.1:80
try -S --stats
try -S -c
try -S --exact
try -L -n --sort
try -L -n -t 198.18.0.1:81
try -L -n -f 99
