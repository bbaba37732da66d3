# IPv4 services of every kind (TCP, UDP, SCTP, fwmark; persistence with masks, one-packet
# scheduling, scheduler flags; all forwarding methods; weights 0 and 65535; thresholds),
# printed with every list and save variant. Sections start with "== ipvsadm ARGS".
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
ipvsadm -A -t 198.18.0.1:80 -s wlc -p -M 255.255.255.0
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2:80 -g -w 0
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.3:8080 -m -w 65535 -x 100 -y 50
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.4 -i -w 5
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.10:80 -m -x 2147483647 -y 2147483647
ipvsadm -A -t 198.18.0.1:443 -s rr -p 3600 -M 255.255.0.0
ipvsadm -a -t 198.18.0.1:443 -r 198.19.1.3:443 -m -w 3
ipvsadm -a -t 198.18.0.1:443 -r 198.19.1.2:443 -m -w 2
ipvsadm -A -t 198.18.0.9:21 -s lc -p 1
ipvsadm -a -t 198.18.0.9:21 -r 198.19.1.9 -g
ipvsadm -A -u 198.18.0.1:53 -s rr -o
ipvsadm -a -u 198.18.0.1:53 -r 198.19.1.2:53 -m
ipvsadm -a -u 198.18.0.1:53 -r 198.19.1.3:5353 -m -w 2
ipvsadm -A -u 198.18.0.2:53 -s sh -o -b sh-port -p 20 -M 255.255.0.0
ipvsadm -a -u 198.18.0.2:53 -r 198.19.1.2 -i -x 10
ipvsadm -A --sctp-service 198.18.0.3:9 -s lc -b flag-1
ipvsadm -a --sctp-service 198.18.0.3:9 -r 198.19.1.5:9 -m
ipvsadm -A -t 198.18.0.10:8080 -s sed
ipvsadm -a -t 198.18.0.10:8080 -r 198.19.1.20 -g
ipvsadm -a -t 198.18.0.10:8080 -r 198.19.1.21 -g -w 100
ipvsadm -a -t 198.18.0.10:8080 -r 198.19.1.23 -g -w 2147483647
ipvsadm -A -t 198.18.0.10:1 -s nq
ipvsadm -A -t 198.18.0.10:65535 -s dh
ipvsadm -a -t 198.18.0.10:65535 -r 198.19.1.22 -m
ipvsadm -A -f 7 -s sh -b sh-fallback,sh-port
ipvsadm -a -f 7 -r 198.19.1.2 -g
ipvsadm -a -f 7 -r 198.19.1.3:8080 -m
ipvsadm -A -f 8 -s wlc -p 60
ipvsadm -a -f 8 -r 198.19.1.6 -i -w 0
ipvsadm -A -f 1 -s wrr -p 300 -M 255.255.255.128
show -L
show -L -n
show -L -n --stats
show -L -n --stats --exact
show -L -n --rate
show -L -n --rate --exact
show -L -n --thresholds
show -L -n --persistent-conn
show -L -n --tun-info
show -L -n --nosort
show -L -n --exact
show -L -n --stats --rate
show -L -n --thresholds --persistent-conn
show -L -n --tun-info --persistent-conn
show -l -n
show -S
show -S -n
show -L -n -t 198.18.0.1:80
show -L -t 198.18.0.1:80 --thresholds
show -L -n -u 198.18.0.2:53 --stats
show -L -n --sctp-service 198.18.0.3:9
show -L -n -f 7
show -L -n -f 8 --tun-info
show -L -n -t 198.18.0.1:80 --nosort
show -L --timeout
echo "== ipvsadm"
ipvsadm
