# MISC_CHECK with misc_dynamic: exit 2..255 sets the weight to code-2, exit 0 restores the
# configured weight (10), exit 1 fails the server. r2 (weight 4, no misc_dynamic) exits 5: down.
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 10
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r1"
            misc_timeout 2
            misc_dynamic
        }
    }
    real_server 198.18.1.12 80 {
        weight 4
        MISC_CHECK {
            misc_path "/etc/keepalived/misc.sh r2"
            misc_timeout 2
        }
    }
}
EOF
start
wait_s 4
snap start
misc r1 5
wait_s 4
snap r1-exit5
misc r1 2
wait_s 4
snap r1-exit2
misc r1 255
wait_s 4
snap r1-exit255
misc r1 0
wait_s 4
snap r1-exit0
misc r1 1
wait_s 4
snap r1-exit1
misc r1 7
wait_s 4
snap r1-exit7
misc r2 5
wait_s 4
snap r2-exit5
finish
