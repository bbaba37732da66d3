# TCP_CHECK: r1 fails (web server stopped), is removed from both its VSs (IPv4 and IPv6), recovers
# and is added back. r3 is checked on connect_port 81 where nothing listens: present at start
# (no alpha), removed after its first check. snapraw shows the kernel order after the re-add.
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
            retry 1
            delay_before_retry 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.13 80 {
        weight 3
        TCP_CHECK {
            connect_port 81
            connect_timeout 1
        }
    }
}
virtual_server 2001:db8:1::100 80 {
    delay_loop 1
    lb_algo wlc
    lb_kind DR
    protocol TCP
    real_server 2001:db8:1::11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
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
down r1
wait_s 5
snap r1-down
up r1
wait_s 4
snap r1-up
snapraw r1-up
finish
