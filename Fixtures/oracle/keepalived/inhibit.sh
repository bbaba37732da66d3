# inhibit_on_failure: a failed real server stays in the table with weight 0 instead of being
# removed. VS .100 sets it per real server (r1 only), VS .101 for the whole virtual server.
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo wlc
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 3
        inhibit_on_failure
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
virtual_server 198.18.1.101 80 {
    delay_loop 1
    lb_algo wlc
    lb_kind DR
    protocol TCP
    inhibit_on_failure
    real_server 198.18.1.11 80 {
        weight 3
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
start
wait_s 4
snap start
down r1
down r2
wait_s 5
snap r1-r2-down
up r1
wait_s 4
snap r1-up
up r2
wait_s 4
snap r2-up
finish
