# The keepalived.conf of seed 002 (a Chinese LVS-DR tutorial) as operators run it, with its
# addresses moved into the lab (192.168.1.x -> 198.18.1.x) and interface eth0 -> br0; everything
# else verbatim (deprecated lb_algo/lb_kind/nb_get_retry, delay_loop 6, HTTP_GET timings).
# The vrrp_instance becomes MASTER alone and adds the VIP to br0. r1 fails and recovers.
cat > /etc/keepalived/keepalived.conf <<'EOF'
global_defs {
   router_id LVS_DEVEL
}

vrrp_instance VI_1 {
    state MASTER
    interface br0
    virtual_router_id 51
    priority 100
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass 1111
    }
    virtual_ipaddress {
        198.18.1.100
    }
}

virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    
    real_server 198.18.1.11 80 {
        weight 1
        HTTP_GET {
            url { 
              path /
              status_code 200
            }
            connect_timeout 3
            nb_get_retry 3
            delay_before_retry 3
        }
    }
    
    real_server 198.18.1.12 80 {
        weight 1
        HTTP_GET {
            url { 
              path /
              status_code 200
            }
            connect_timeout 3
            nb_get_retry 3
            delay_before_retry 3
        }
    }
}
EOF
start
wait_s 11
snap start
addrs
down r1
wait_s 20
snap r1-down
up r1
wait_s 16
snap r1-up
finish
addrs
