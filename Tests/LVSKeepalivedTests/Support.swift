import LVSKeepalived

/// Parses `files` (path -> text) starting at `main`.
func parse(_ files: [String: String], main: String = "/etc/keepalived/keepalived.conf") -> KeepalivedParseResult {
    KeepalivedConfigurationParser(source: InMemoryConfigFileSource(files)).parse(path: main)
}

/// Parses one file at /etc/keepalived/keepalived.conf.
func parse(_ text: String) -> KeepalivedParseResult {
    parse(["/etc/keepalived/keepalived.conf": text])
}

/// The diagnostics as `keepalived -t` prints them, one string each.
func messages(_ result: KeepalivedParseResult) -> [String] {
    result.diagnostics.map(\.description)
}

/// The seed's keepalived.conf (from /work/shared/seeds/002_*, the LVS-DR article), addresses
/// moved to 198.18.0.0/15; the same text as Fixtures/seed-002-lvs-dr.conf.
let seedConfiguration = """
    global_defs {
       router_id LVS_DEVEL
    }

    vrrp_instance VI_1 {
        state MASTER
        interface eth0
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

    """
