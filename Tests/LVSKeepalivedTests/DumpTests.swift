import LVSKeepalived
import Testing

@Suite struct DumpTests {
    @Test func everyDefaultIsWrittenOut() throws {
        let result = parse(
            """
            virtual_server 198.18.1.100 80 {
                lvs_sched rr
                lb_kind DR
                protocol TCP
                real_server 198.18.1.11 {
                    TCP_CHECK {
                    }
                }
            }

            """)
        let configuration = try #require(result.configuration)
        #expect(
            KeepalivedConfigurationDumper.render(configuration) == """
                global_defs {
                }
                virtual_server 198.18.1.100 80 {
                    ip_family inet
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    smtp_alert no
                    quorum 1
                    hysteresis 0
                    weight 1
                    connect_timeout 5
                    delay_loop 60
                    real_server 198.18.1.11 80 {
                        weight 1
                        lvs_method DR
                        inhibit_on_failure no
                        alpha no
                        connect_timeout 5
                        delay_loop 60
                        smtp_alert yes
                        TCP_CHECK {
                            connect_ip 198.18.1.11
                            connect_port 80
                            connect_timeout 5
                            retry 1
                            delay_before_retry 1
                            warmup 60
                            delay_loop 60
                            alpha no
                            log_all_failures no
                        }
                    }
                }

                """)
    }

    /// Parsing the dump gives the same configuration: the same dump again, no diagnostics, and
    /// equal models once source locations (which differ by construction) are set aside.
    @Test(arguments: ["seed", "kitchen sink"])
    func dumpParsesBackToTheSameConfiguration(_ name: String) throws {
        let text = name == "seed" ? seedConfiguration : kitchenSink
        let first = try #require(parse(text).configuration)
        let dumped = KeepalivedConfigurationDumper.render(first)
        let again = parse(dumped)
        #expect(messages(again) == [], "\(dumped)")
        let second = try #require(again.configuration)
        #expect(KeepalivedConfigurationDumper.render(second) == dumped)
        #expect(second.virtualServers.count == first.virtualServers.count)
        for (a, b) in zip(first.virtualServers, second.virtualServers) {
            var relocated = b
            relocated.location = a.location
            relocated.realServers = zip(a.realServers, b.realServers).map { original, parsed in
                var server = parsed
                server.location = original.location
                server.checkers = zip(original.checkers, parsed.checkers).map { oc, pc in
                    var checker = pc
                    checker.location = oc.location
                    if case .http(var http) = checker.kind, case .http(let originalHTTP) = oc.kind {
                        http.urls = zip(originalHTTP.urls, http.urls).map { ou, pu in
                            var url = pu
                            url.location = ou.location
                            return url
                        }
                        checker.kind = .http(http)
                    }
                    return checker
                }
                return server
            }
            #expect(relocated == a)
        }
        #expect(second.globalDefinitions.routerID == first.globalDefinitions.routerID)
        #expect(second.otherBlocks.map(\.words) == first.otherBlocks.map(\.words))
    }

    let kitchenSink = """
        global_defs {
            router_id kitchen
            script_user nobody nogroup
            enable_script_security
            lvs_timeouts tcp 900 udp 30
            notification_email {
                ops@example.org
            }
        }
        track_file ready {
            file /run/ready
        }
        SSL {
            ca /etc/ssl/ca.pem
        }
        virtual_server_group g {
            198.18.1.50-52 443
        }
        virtual_server group g {
            lvs_sched sh
            sh-port
            lvs_method TUN type gue port 6080 csum
            protocol TCP
            persistence_timeout
            persistence_granularity 255.255.255.0
            quorum 2
            hysteresis 1
            quorum_up "/bin/echo up" root
            alpha
            sorry_server 198.18.1.99 443
            real_server 198.18.1.11 443 {
                weight 2
                notify_down /bin/down
                SSL_GET {
                    virtualhost www.example.org
                    http_protocol 1.1
                    url {
                        path "/a b"
                        status_code 200 404
                        regex "ok|ready"
                        regex_options caseless
                    }
                }
                MISC_CHECK {
                    misc_path "/bin/check --fast"
                    misc_timeout 3
                }
                FILE_CHECK {
                    track_file ready
                }
            }
            real_server 198.18.1.12 443 {
                UDP_CHECK {
                    payload 01 02
                    require_reply 0x
                    min_reply_length 1
                }
                DNS_CHECK {
                    name example.org
                }
                SMTP_CHECK {
                    connect_port 25
                }
                PING_CHECK {
                    bind_if eth0
                    fwmark 9
                }
            }
        }
        virtual_server fwmark 5 {
            lvs_sched wlc
            lvs_method DR
            delay_loop 1.5
            real_server 2001:db8::11 {
                HTTP_GET {
                    url {
                        path /
                    }
                }
            }
        }

        """
}
