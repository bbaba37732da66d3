# HTTP_GET with digest (md5 of the body): /health.html holds "OK\n" (md5
# d36f8f9425c4a8000ad9c4a97185aca5). r1 checks digest only, r2 digest + status_code 200.
# r1's page changes to "BAD" (digest mismatch, status still 200) then back; r2's page is deleted
# (404) then back. r3 expects a wrong digest from the start.
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.11 80 {
        weight 1
        HTTP_GET {
            url {
                path /health.html
                digest d36f8f9425c4a8000ad9c4a97185aca5
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        HTTP_GET {
            url {
                path /health.html
                digest d36f8f9425c4a8000ad9c4a97185aca5
                status_code 200
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
    real_server 198.18.1.13 80 {
        weight 1
        HTTP_GET {
            url {
                path /health.html
                digest 00000000000000000000000000000000
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
EOF
start
wait_s 4
snap start
page r1 health.html BAD
wait_s 5
snap r1-bad-digest
page r1 health.html OK
wait_s 4
snap r1-good-digest
nopage r2 health.html
wait_s 5
snap r2-404
page r2 health.html
wait_s 4
snap r2-back
finish
