# lb_kind / lvs_method: DR (Route), NAT (Masq, with VS port 8080 -> real server port 80), TUN
# (Tunnel), none (default), the lvs_method/lvs_sched aliases, and DR with a real server port
# different from the VS port (keepalived warns and resets it); a per-real-server lvs_method
# (TUN inside a DR VS) and uthreshold/lthreshold (shown with ipvsadm -L -n --thresholds).
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
}
virtual_server 198.18.1.101 8080 {
    delay_loop 1
    lb_algo wrr
    lb_kind NAT
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
virtual_server 198.18.1.102 80 {
    delay_loop 1
    lb_algo lc
    lb_kind TUN
    protocol TCP
    real_server 198.18.1.13 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.103 80 {
    delay_loop 1
    lb_algo sed
    protocol TCP
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.104 80 {
    delay_loop 1
    lvs_sched nq
    lvs_method DR
    protocol TCP
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.105 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.13 8080 {
        weight 1
        TCP_CHECK {
            connect_port 80
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.106 80 {
    delay_loop 1
    lb_algo wlc
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        lvs_method TUN
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        uthreshold 100
        lthreshold 10
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
start
wait_s 4
snap start
run ipvsadm -L -n --thresholds
down r1
wait_s 5
snap r1-down
finish
