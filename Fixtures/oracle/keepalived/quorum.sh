# quorum + hysteresis + sorry_server. Weights r1=2 r2=1 r3=1 (sum 4), quorum 3, hysteresis 1:
# quorum is lost when the live weight drops below 3-1=2 and regained only at 3+1=4.
# VS .100 has a plain sorry_server, VS .101 sorry_server_inhibit (the sorry server stays in the
# table with weight 0 while unused). Sequence: r1 down (2: kept), r2 down (1: lost -> sorry
# server in, r3 taken out), r2 up (2: still lost), r1 up (4: regained).
cat > /etc/keepalived/keepalived.conf <<'EOF'
virtual_server 198.18.1.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind DR
    protocol TCP
    quorum 3
    hysteresis 1
    sorry_server 198.18.1.99 80
    real_server 198.18.1.11 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.13 80 {
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
    quorum 3
    hysteresis 1
    sorry_server 198.18.1.99 80
    sorry_server_inhibit
    real_server 198.18.1.11 80 {
        weight 2
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.18.1.13 80 {
        weight 1
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
wait_s 5
snap r1-down
down r2
wait_s 5
snap r2-down
up r2
wait_s 4
snap r2-up
up r1
wait_s 4
snap r1-up
finish
