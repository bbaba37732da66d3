# alpha: real servers start as failed until their first successful check. Every check here is a
# MISC_CHECK whose script takes 3 s, so nothing has reported at "before-first-result".
# r1 succeeds, r2 fails (exit 1) until it is switched to 0.
# VS .100 alpha; .101 alpha + inhibit_on_failure; .102 alpha + quorum 1 + sorry_server;
# .103 no alpha (control).
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 2
    lb_algo rr
    lb_kind DR
    protocol TCP
    alpha
    real_server 198.18.1.11 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
            misc_timeout 6
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r2"
            misc_timeout 6
        }
    }
}
virtual_server 198.18.1.101 80 {
    delay_loop 2
    lb_algo rr
    lb_kind DR
    protocol TCP
    alpha
    inhibit_on_failure
    real_server 198.18.1.11 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
            misc_timeout 6
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r2"
            misc_timeout 6
        }
    }
}
virtual_server 198.18.1.102 80 {
    delay_loop 2
    lb_algo rr
    lb_kind DR
    protocol TCP
    alpha
    quorum 1
    sorry_server 198.18.1.99 80
    real_server 198.18.1.11 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
            misc_timeout 6
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r2"
            misc_timeout 6
        }
    }
}
virtual_server 198.18.1.103 80 {
    delay_loop 2
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
            misc_timeout 6
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r2"
            misc_timeout 6
        }
    }
}
EOF
misc r1 0 3
misc r2 1 3
start
wait_s 1
snap before-first-result
wait_s 9
snap settled
misc r2 0 3
wait_s 10
snap r2-ok
finish
