# keepalived 2.2.7 config test mode: for each small config /tmp/cc/NAME.conf (written literally
# below), print "== NAME", everything `keepalived -t -f /tmp/cc/NAME.conf` printed (stdout and
# stderr) and "rc=N". Runs alone in the ipvs-oracle VM (no lab needed).
# Exit codes of -t in 2.2.7 (keepalived/core/main.c config_test_exit): 0 no report, 4 file not
# found / bad interface / fatal, 5 any other report (including warnings and deprecations),
# 6 script security not enabled.
exec 2>&1
mkdir -p /tmp/cc/inc /etc/keepalived
printf '#!/bin/sh\nexit 0\n' > /etc/keepalived/misc.sh; chmod 755 /etc/keepalived/misc.sh
check() { echo "== $1"; keepalived -t -f /tmp/cc/$1.conf; echo "rc=$?"; }

cat > /tmp/cc/clean.conf <<'EOF'
global_defs {
    router_id LAB1
}
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lvs_sched rr
    lvs_method DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
            retry 3
            delay_before_retry 3
        }
    }
}
EOF
check clean

cat > /tmp/cc/empty.conf <<'EOF'
EOF
check empty

echo "== missing-file"; keepalived -t -f /tmp/cc/does-not-exist.conf; echo "rc=$?"

cat > /tmp/cc/deprecated.conf <<'EOF'
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
}
EOF
check deprecated

cat > /tmp/cc/unknown-keyword.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    frobnicate yes
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check unknown-keyword

cat > /tmp/cc/bad-delay-loop.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop abc
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check bad-delay-loop

cat > /tmp/cc/missing-brace.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
}
EOF
check missing-brace

cat > /tmp/cc/extra-brace.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
}
EOF
check extra-brace

cat > /tmp/cc/one-line-blocks.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 { weight 1 TCP_CHECK { connect_timeout 3 } }
}
EOF
check one-line-blocks

cat > /tmp/cc/unknown-checker.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        FOO_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check unknown-checker

cat > /tmp/cc/inc/a.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
cat > /tmp/cc/inc/b.conf <<'EOF'
virtual_server 198.18.1.101 80 {
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.12 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
cat > /tmp/cc/include-glob.conf <<'EOF'
global_defs {
    router_id LAB1
}
include /tmp/cc/inc/*.conf
EOF
check include-glob

cat > /tmp/cc/include-missing.conf <<'EOF'
include /tmp/cc/nowhere/*.conf
include /tmp/cc/nowhere.conf
EOF
check include-missing

cat > /tmp/cc/rs-outside-vs.conf <<'EOF'
real_server 198.18.1.11 80 {
    weight 1
    TCP_CHECK {
        connect_timeout 3
    }
}
EOF
check rs-outside-vs

cat > /tmp/cc/duplicate-rs.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 3
        }
    }
    real_server 198.18.1.11 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check duplicate-rs

cat > /tmp/cc/duplicate-vs.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
virtual_server 198.18.1.100 80 {
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.12 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check duplicate-vs

cat > /tmp/cc/bad-vs-ip.conf <<'EOF'
virtual_server 198.18.1.300 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check bad-vs-ip

cat > /tmp/cc/bad-rs-ip.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.x 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check bad-rs-ip

cat > /tmp/cc/port-range.conf <<'EOF'
virtual_server 198.18.1.100 70000 {
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.18.1.11 65536 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check port-range

cat > /tmp/cc/family-mismatch.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 2001:db8:1::11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check family-mismatch

cat > /tmp/cc/bad-values.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 6
    lb_algo foo
    lb_kind XYZ
    protocol SCTP
    persistence_timeout -5
    persistence_granularity 255.0.255.0
    quorum 0
    real_server 198.18.1.11 80 {
        weight 70000
        TCP_CHECK {
            connect_timeout 0
            retry x
        }
    }
}
EOF
check bad-values

cat > /tmp/cc/rs-port-mismatch.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    sorry_server 198.18.1.99 8080
    real_server 198.18.1.11 8080 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check rs-port-mismatch

cat > /tmp/cc/no-real-servers.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
}
EOF
check no-real-servers

cat > /tmp/cc/http-get-no-url.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        HTTP_GET {
            connect_timeout 3
        }
    }
}
EOF
check http-get-no-url

cat > /tmp/cc/misc-no-path.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.12 80 {
        MISC_CHECK {
            misc_timeout 3
        }
    }
}
EOF
check misc-no-path

cat > /tmp/cc/misc-script.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
        }
    }
}
EOF
check misc-script

cat > /tmp/cc/misc-script-root.conf <<'EOF'
global_defs {
    script_user root
}
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
        }
    }
}
EOF
check misc-script-root

cat > /tmp/cc/misc-script-missing.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.12 80 {
        MISC_CHECK {
            misc_path "/etc/keepalived/nonexistent.sh"
        }
    }
}
EOF
check misc-script-missing

cat > /tmp/cc/misc-script-secure.conf <<'EOF'
global_defs {
    enable_script_security
    script_user root
}
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
        }
    }
}
EOF
check misc-script-secure

cat > /tmp/cc/undefined-group.conf <<'EOF'
virtual_server group NOPE {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check undefined-group

cat > /tmp/cc/vrrp-bad-interface.conf <<'EOF'
vrrp_instance VI_1 {
    state MASTER
    interface eth9
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        198.18.1.100
    }
}
EOF
check vrrp-bad-interface

cat > /tmp/cc/unbalanced-quote.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        notify_up "/etc/keepalived/misc.sh up
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
EOF
check unbalanced-quote

echo "== config-test-log-file"; keepalived -t/tmp/cc/t.log -f /tmp/cc/unknown-keyword.conf; echo "rc=$?"; echo "-- /tmp/cc/t.log"; cat /tmp/cc/t.log
