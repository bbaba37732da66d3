# virtual_server_group: an address range (198.18.1.50-52 port 80), a single address and an
# fwmark entry, all served by one `virtual_server group` block. r1 fails and recovers.
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server_group WEB {
    198.18.1.50-52 80
    198.18.1.60 8080
    fwmark 7
}
virtual_server group WEB {
    delay_loop 1
    lb_algo wrr
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
start
wait_s 4
snap start
snapraw start
down r1
wait_s 5
snap r1-down
up r1
wait_s 4
snap r1-up
finish
