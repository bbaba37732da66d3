# MISC_CHECK (no misc_dynamic): exit 0 = up, anything else = down. r1 exits 1 then 0; r2's script
# outlives misc_timeout 2 (sleeps 4) then is fast again; r3 exits 7 (without misc_dynamic: down)
# then 0.
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
            misc_timeout 2
        }
    }
    real_server 198.18.1.12 80 {
        weight 2
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r2"
            misc_timeout 2
        }
    }
    real_server 198.18.1.13 80 {
        weight 3
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r3"
            misc_timeout 2
        }
    }
}
EOF
start
wait_s 4
snap start
misc r1 1
wait_s 4
snap r1-exit1
misc r1 0
wait_s 4
snap r1-exit0
misc r2 0 4
wait_s 7
snap r2-timeout
misc r2 0
wait_s 7
snap r2-fast
misc r3 7
wait_s 4
snap r3-exit7
misc r3 0
wait_s 4
snap r3-exit0
finish
