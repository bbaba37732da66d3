ip addr add 198.18.0.50 dev eth0
ipvsadm -A -t 198.18.0.50:80 -s rr
ipvsadm -a -t 198.18.0.50:80 -r 198.18.0.11:80 -g
ipvsadm -a -t 198.18.0.50:80 -r 198.18.0.12:80 -g
