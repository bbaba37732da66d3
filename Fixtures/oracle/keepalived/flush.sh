# global_defs lvs_flush (flush the whole IPVS table at start) and lvs_flush_on_stop (flush it
# at stop), with a foreign VS .200 present before keepalived starts and one added while it runs.
cat > /etc/keepalived/keepalived.conf <<'EOF'
global_defs {
    lvs_flush
    lvs_flush_on_stop
}
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
}
EOF
run ipvsadm -A -t 198.18.1.200:80 -s wlc
run ipvsadm -a -t 198.18.1.200:80 -r 198.18.1.13:80 -g -w 1
snap before
start
wait_s 4
snap start
run ipvsadm -A -t 198.18.1.201:80 -s rr
snap foreign-added
finish
