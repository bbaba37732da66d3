# IPVS entries that exist before keepalived starts (no lvs_flush): a foreign VS .200 and a VS
# .100 that is also in keepalived's config (with another scheduler and a foreign real server r3).
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
run ipvsadm -A -t 198.18.1.200:80 -s wlc
run ipvsadm -a -t 198.18.1.200:80 -r 198.18.1.13:80 -g -w 1
run ipvsadm -A -t 198.18.1.100:80 -s sh
run ipvsadm -a -t 198.18.1.100:80 -r 198.18.1.13:80 -g -w 7
run ipvsadm -a -t 198.18.1.100:80 -r 198.18.1.12:80 -g -w 9
snap before
start
wait_s 4
snap start
finish
