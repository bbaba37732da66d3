# An empty table in every view, and a service that is not there.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
echo "== ipvsadm"
ipvsadm
show -L
show -L -n
show -L -n --stats
show -L -n --rate --exact
show -L -n --thresholds
show -L -n --persistent-conn
show -L -n --tun-info
show -L -n -c
show -L -n -c --persistent-conn
show -S
show -S -n
show -L --daemon
show -L -n -t 198.18.0.1:80
echo "rc=$?"
