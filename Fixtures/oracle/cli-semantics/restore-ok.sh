# A restore that succeeds, with odd spacing and the word ipvsadm anywhere.
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
ipvsadm -R <<EOF2
-A -t 198.18.0.1:80 -s rr
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2

  -a   -t 198.18.0.1:80 ipvsadm -r 198.19.1.3 -m
-A -u 198.18.0.1:53 -s rr
--set 10 20 30
EOF2
echo rc=$?
ipvsadm -S -n
ipvsadm -L --timeout
