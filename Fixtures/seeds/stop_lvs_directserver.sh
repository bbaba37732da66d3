ip addr del 198.18.0.50 dev eth0
ipvsadm -C
