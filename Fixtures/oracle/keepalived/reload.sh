# SIGHUP reload. Config A: VS .100 rr {r1 w1, r2 w1}, VS .101 wlc {r1}.
# Config B: VS .100 wrr {r1 w3, r3 w2} (scheduler changed, r1 reweighted, r2 removed, r3 added),
# VS .101 removed, VS .102 rr {r2} added. Then r3 fails (removed from the table).
# Config C (r3 still down): VS .100 gains persistence_timeout 60, r2 comes back (w1), r3's
# weight changes to 5 while it is down; snapped right after the reload (before any new check
# could run) and after settling; then r3 recovers with its new weight.
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
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.101 80 {
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
}
EOF
start
wait_s 4
snap start
cat > /etc/keepalived/keepalived.conf.next <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 3
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.13 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.102 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
reload
wait_s 4
snap reload-b
snapraw reload-b
down r3
wait_s 5
snap r3-down
cat > /etc/keepalived/keepalived.conf.next <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind DR
    protocol TCP
    persistence_timeout 60
    real_server 198.18.1.11 80 {
        weight 3
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
    real_server 198.18.1.13 80 {
        weight 5
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.102 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF
reload
snap reload-c-at-once
wait_s 4
snap reload-c
up r3
wait_s 4
snap r3-up
finish
