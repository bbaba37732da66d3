# notify_up/notify_down (per real server), quorum_up/quorum_down and omega, plus
# lvs_notify_fifo: captures the exact argv keepalived gives the scripts (note.sh logs argc and
# each argument in brackets) and the fifo lines. quorum 2 over three weight-1 servers.
# r1 down (2 left: quorum kept), r2 down (1: quorum lost, no sorry server so r3 stays),
# r2 up (quorum regained); the stop runs the omega notifies.
cat > /etc/keepalived/keepalived.conf <<'EOF'
global_defs {
    lvs_notify_fifo /tmp/lvs.fifo
}
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    quorum 2
    omega
    quorum_up "/etc/keepalived/note.sh quorum-up 198.18.1.100"
    quorum_down "/etc/keepalived/note.sh quorum-down 198.18.1.100"
    real_server 198.18.1.11 80 {
        weight 1
        notify_up "/etc/keepalived/note.sh up r1"
        notify_down "/etc/keepalived/note.sh down r1"
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        notify_up /etc/keepalived/note.sh
        notify_down "/etc/keepalived/note.sh down 'r2 quoted' \"double\""
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.13 80 {
        weight 1
        notify_up "/etc/keepalived/note.sh up r3"
        notify_down "/etc/keepalived/note.sh down r3"
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
start
wait_s 4
snap start
down r1
wait_s 5
snap r1-down
down r2
wait_s 5
snap r2-down
up r2
wait_s 4
snap r2-up
finish
