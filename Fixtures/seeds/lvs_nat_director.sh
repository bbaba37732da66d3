#!/bin/bash
# LVS script for VS/NAT (seed 001), start branch; /sbin/ipvsadm -> ipvsadm from PATH.
VIP=198.18.0.50
DIP=198.18.1.1
RIP1=198.18.1.11
RIP2=198.18.1.12
# Since this is the Director we must be able to forward packets
echo 1 > /proc/sys/net/ipv4/ip_forward
# Clear all ipvsadm rules/services.
ipvsadm -C
# Add an IP virtual service for VIP port 80
ipvsadm -A -t $VIP:80 -s rr
# Now direct packets for this VIP to the real server IP (RIP) inside the cluster
ipvsadm -a -t $VIP:80 -r $RIP1 -m
ipvsadm -a -t $VIP:80 -r $RIP2 -m
