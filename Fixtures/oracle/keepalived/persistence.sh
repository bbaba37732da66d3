# persistence_timeout / persistence_granularity: a timeout with an IPv4 netmask granularity, a
# bare persistence_timeout (no value), a timeout alone, an IPv6 VS with a prefix-length
# granularity, and a UDP VS with persistence (checked over TCP with connect_port).
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    persistence_timeout 50
    persistence_granularity 255.255.255.0
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.101 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    persistence_timeout
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.102 443 {
    delay_loop 1
    lb_algo wlc
    lb_kind DR
    protocol TCP
    persistence_timeout 3600
    real_server 198.18.1.12 443 {
        weight 1
        TCP_CHECK {
            connect_port 80
            connect_timeout 1
        }
    }
}
virtual_server 2001:db8:1::100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    persistence_timeout 30
    persistence_granularity 64
    real_server 2001:db8:1::11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
virtual_server 198.18.1.103 53 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol UDP
    persistence_timeout 10
    real_server 198.18.1.13 53 {
        weight 1
        TCP_CHECK {
            connect_port 80
            connect_timeout 1
        }
    }
}
EOF
start
wait_s 4
snap start
finish
