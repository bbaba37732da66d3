# VM ONLY: this script overwrites /etc/hosts, /etc/services and /etc/nsswitch.conf.
# Listing without -n: host and service names where the system has them, numbers where not;
# IPv4 names cut to the column (service 33 bytes, server 28), IPv6 ones run on; any
# address:port longer than 59 bytes is cut (ipvsadm's 60-byte buffer), in -S too.
show() { echo "== ipvsadm $*"; ipvsadm "$@"; }
ip link add v0 type veth peer name v1; ip addr add 198.19.1.1/24 dev v0; ip addr add 2001:db8:1::1/64 dev v0 nodad; ip link set v0 up; ip link set v1 up
echo "hosts: files" > /etc/nsswitch.conf
echo "198.19.1.2 rs-two-with-a-really-long-hostname.example.test" > /etc/hosts
echo "198.19.1.3 rs3" >> /etc/hosts
echo "198.19.1.5 rs-five-has-a-name-so-long-it-cannot-fit-the-sixty-byte-buffer.example.test" >> /etc/hosts
echo "198.18.0.1 vip-one-with-a-really-long-hostname.example.test" >> /etc/hosts
echo "198.18.0.2 vip2" >> /etc/hosts
echo "2001:db8:1::2 rs6-with-a-really-long-hostname.example.test" >> /etc/hosts
echo "2001:db8::1 vip6" >> /etc/hosts
echo "http 80/tcp www" > /etc/services
echo "domain 53/udp" >> /etc/services
echo "domain 53/tcp" >> /etc/services
echo "sip 5060/sctp" >> /etc/services
echo "https 443/tcp" >> /etc/services
ipvsadm -A -t 198.18.0.1:80 -s rr
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.2:80 -m
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.3:53 -m
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.4:443 -m
ipvsadm -a -t 198.18.0.1:80 -r 198.19.1.5:80 -m
ipvsadm -a -t 198.18.0.1:80 -r [2001:db8:1::2]:80 -i
ipvsadm -A -t 198.18.0.2:443 -s rr
ipvsadm -a -t 198.18.0.2:443 -r 198.19.1.3:5060 -m
ipvsadm -A -u 198.18.0.2:53 -s rr
ipvsadm -a -u 198.18.0.2:53 -r 198.19.1.3:80 -m
ipvsadm -A --sctp-service 198.18.0.2:5060 -s rr
ipvsadm -a --sctp-service 198.18.0.2:5060 -r 198.19.1.3:5060 -m
ipvsadm -A -t [2001:db8::1]:80 -s rr
ipvsadm -a -t [2001:db8::1]:80 -r [2001:db8:1::2]:80 -m
ipvsadm -A -f 7 -s rr
ipvsadm -a -f 7 -r 198.19.1.3:80 -m
ipvsadm -a -f 7 -r 198.19.1.4:53 -m
show -L
show -L --stats
show -L --rate
show -L --thresholds
show -L --persistent-conn
show -L --tun-info
show -S
show -L -n
show -L -t vip2:https
show -L -f 7
