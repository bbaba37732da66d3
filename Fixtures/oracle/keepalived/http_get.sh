# HTTP_GET with url path + status_code. r1: /health.html must answer 200; the page is deleted (404)
# then restored, then the web server is stopped and restarted. r2: /missing.html with
# status_code 404 (a 404 is the healthy answer). r3: path / with no status_code (any 2xx is OK) on
# VS .100 and /missing.html with no status_code on VS .101 (404 -> down).
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
                status_code 200
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
                path /missing.html
                status_code 404
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
                path /
            }
            connect_timeout 1
            retry 1
            delay_before_retry 1
        }
    }
}
virtual_server 198.18.1.101 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 198.18.1.13 80 {
        weight 1
        HTTP_GET {
            url {
                path /missing.html
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
nopage r1 health.html
wait_s 5
snap r1-404
page r1 health.html
wait_s 4
snap r1-200
down r1
wait_s 5
snap r1-down
up r1
wait_s 4
snap r1-up
finish
