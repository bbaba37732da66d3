# What -E and -e send when options are omitted: ipvsadm sends a whole service / server,
# so omitted options fall back to their defaults (wlc, not persistent, weight 1, DR).
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
ipvsadm -A -t 198.18.0.1:80 -s rr -p 100 -M 255.255.255.0 -b flag-1
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2:8080 -m -w 5 -x 10 -y 2
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.3 -w 7
ipvsadm -S -n
ipvsadm -E -t 198.18.0.1:80; echo rc=$?
ipvsadm -e -t 198.18.0.1:80 -r 198.19.1.2:8080 -m; echo rc=$?
ipvsadm -e -t 198.18.0.1:80 -r 198.19.1.3; echo rc=$?
ipvsadm -S -n
ipvsadm -E -t 198.18.0.1:80 -s rr -p; echo rc=$?
ipvsadm -e -t 198.18.0.1:80 -r 198.19.1.2:8080 -m -w 0; echo rc=$?
ipvsadm -S -n
