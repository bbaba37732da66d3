# --set tcp tcpfin udp
ipvsadm --set 1 2; echo rc=$?
ipvsadm --set; echo rc=$?
ipvsadm --set 1 2 3 4; echo rc=$?
ipvsadm --set 1 x 3; echo rc=$?
ipvsadm --set x y z; echo rc=$?
ipvsadm --set 0 0 2678401; echo rc=$?
ipvsadm --set -1 0 0; echo rc=$?
ipvsadm --set 10 0 20 -n; echo rc=$?
ipvsadm --set 10 0 20; echo rc=$?
ipvsadm --set 0 0 0; echo rc=$?
