# --timeout after --set, and the sync daemon lines (master first, every setting shown with the
# value the kernel uses: interface MTU decides the default maxlen).
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip link set v0 up; ip link set v1 up
show -L --timeout
show -L --daemon
ipvsadm --set 100 20 30
show -L --timeout
show -L -n --timeout
ipvsadm --set 0 7 0
show -L --timeout
ipvsadm --set 2678400 2678400 2678400
show -L --timeout
ipvsadm --start-daemon backup --mcast-interface v0 --syncid 255 --mcast-group 224.1.2.3 --mcast-port 1 --mcast-ttl 255
show -L --daemon
ipvsadm --start-daemon master --mcast-interface v1 --syncid 5 --sync-maxlen 100
show -L --daemon
show -L -n --daemon
ipvsadm --stop-daemon backup
show -L --daemon
ipvsadm --stop-daemon master
ipvsadm --start-daemon master --mcast-interface v0
show -L --daemon
ipvsadm --stop-daemon master
ip link set v0 mtu 9000
ipvsadm --start-daemon master --mcast-interface v0 --mcast-group ff02::1:2
show -L --daemon
