# fwmark virtual servers: fwmark 5 DR (real servers given with port 80, checked on 80), fwmark 6
# NAT with persistence, fwmark 8 IPv6 (ip_family inet6). r2 fails and recovers.
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server fwmark 5 {
    delay_loop 1
    lb_algo wlc
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server fwmark 6 {
    delay_loop 1
    lb_algo sh
    lb_kind NAT
    persistence_timeout 120
    protocol TCP
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.13 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server fwmark 8 {
    ip_family inet6
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 2001:db8:1::12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
start
wait_s 4
snap start
down r2
wait_s 5
snap r2-down
up r2
wait_s 4
snap r2-up
finish
