import LVSKeepalived
import LVSVocabulary
import Testing

@Suite struct CheckerTests {
    /// One virtual server whose first real server has `checkers`.
    func checkers(
        _ checkers: String, realServerSettings: String = "", globals: String = ""
    ) throws
        -> (checkers: [HealthChecker], diagnostics: [String])
    {
        let result = parse(
            """
            \(globals)
            track_file ready {
                file /run/ready
            }
            virtual_server 198.18.1.100 80 {
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                delay_loop 10
                real_server 198.18.1.11 8080 {
                    \(realServerSettings)
            \(checkers)
                }
            }

            """)
        let configuration = try #require(result.configuration, "\(messages(result))")
        return (configuration.virtualServers[0].realServers[0].checkers, messages(result))
    }

    @Test func defaultsPerCheckerType() throws {
        let (list, diagnostics) = try checkers(
            """
            TCP_CHECK {
            }
            HTTP_GET {
                url {
                    path /health
                }
            }
            SSL_GET {
                enable_sni
                url {
                    path /
                    status_code 200-299 301 302 503
                    digest 9B3A0C85A887A256D6939DA88AABD8CD
                }
            }
            UDP_CHECK {
                payload Ab12f 3
                require_reply 0x
            }
            DNS_CHECK {
                type a
                name example.org
            }
            MISC_CHECK {
                misc_path "/usr/local/bin/check web"
                misc_timeout 5
                misc_dynamic
                user nobody nogroup
            }
            SMTP_CHECK {
                helo_name lvs.example
            }
            PING_CHECK {
            }
            FILE_CHECK {
                track_file ready
                weight -5 reverse
            }
            """, globals: "global_defs {\n    enable_script_security\n}")
        #expect(diagnostics == [])
        #expect(
            list.map(\.kind.keyword) == [
                "TCP_CHECK", "HTTP_GET", "SSL_GET", "UDP_CHECK", "DNS_CHECK",
                "MISC_CHECK", "SMTP_CHECK", "PING_CHECK", "FILE_CHECK",
            ])
        // keepalived.conf(5): retry 1 (DNS 3, MISC 0); delay_before_retry 1 s (HTTP/SSL 3 s, DNS delay_loop).
        #expect(list.map(\.retry) == [1, 1, 1, 1, 3, 0, 1, 1, 1])
        #expect(list.map(\.delayBeforeRetry.description) == ["1", "3", "3", "1", "10", "1", "1", "1", "1"])
        #expect(list.allSatisfy { $0.delayLoop == .seconds(10) && $0.warmup == .seconds(10) })
        #expect(
            list[0].connection
                == CheckerConnection(
                    address: InetAddress("198.18.1.11")!, port: 8080,
                    connectTimeout: .seconds(5)))
        #expect(list[5].connection == nil)
        guard case .http(let ssl) = list[2].kind, case .udp(let udp) = list[3].kind, case .dns(let dns) = list[4].kind,
            case .misc(let misc) = list[5].kind, case .smtp(let smtp) = list[6].kind,
            case .file(let file) = list[8].kind
        else {
            Issue.record("unexpected kinds \(list.map(\.kind))")
            return
        }
        #expect(ssl.usesTLS && ssl.enableSNI)
        #expect(ssl.urls[0].statusCodes.description == "200-299 301-302 503")
        #expect(ssl.urls[0].digest == "9b3a0c85a887a256d6939da88aabd8cd")
        #expect(udp.payload == [0xAB, 0x12, 0x0F, 0x03])
        #expect(udp.requireReply && udp.replyPattern == "0X")
        #expect(udp.maxReplyLength == 255)
        #expect(dns == DNSCheck(queryType: "A", name: "example.org"))
        #expect(
            misc
                == MiscCheck(
                    command: "/usr/local/bin/check web", timeout: 5, dynamic: true, user: "nobody",
                    group: "nogroup"))
        #expect(smtp.heloName == "lvs.example")
        #expect(file == FileCheck(trackFile: "ready", weight: -5, reverse: true))
    }

    @Test func inheritanceVirtualServerToRealServerToChecker() throws {
        let result = parse(
            """
            virtual_server 198.18.1.100 80 {
                lvs_sched rr
                lvs_method DR
                protocol TCP
                retry 4
                delay_before_retry 2.5
                connect_timeout 7
                inhibit_on_failure
                weight 3
                real_server 198.18.1.11 80 {
                    delay_loop 0.25
                    alpha yes
                    TCP_CHECK {
                        connect_port 8081
                        bindto 198.18.1.1
                        warmup 0
                    }
                    HTTP_GET {
                        retry 0
                        url {
                            path /
                        }
                    }
                }
            }

            """)
        let vs = try #require(result.configuration?.virtualServers.first)
        let rs = vs.realServers[0]
        #expect(rs.weight == 3)
        #expect(rs.inhibitOnFailure && rs.alpha)
        #expect(rs.retry == 4 && rs.connectTimeout == .seconds(7))
        let tcp = rs.checkers[0]
        #expect(tcp.retry == 4)
        #expect(tcp.delayBeforeRetry.description == "2.5")
        #expect(tcp.delayLoop.description == "0.25")
        #expect(tcp.warmup == .seconds(0))
        #expect(tcp.alpha)
        #expect(
            tcp.connection
                == CheckerConnection(
                    address: InetAddress("198.18.1.11")!, port: 8081,
                    bindAddress: InetAddress("198.18.1.1"),
                    connectTimeout: .seconds(7)))
        #expect(rs.checkers[1].retry == 0)
        #expect(rs.checkers[1].warmup.description == "0.25")
    }

    @Test func smtpHostBlocksBecomeCheckers() throws {
        let (list, diagnostics) = try checkers(
            """
            SMTP_CHECK {
                connect_timeout 9
                host {
                    connect_ip 198.18.1.21
                    connect_port 25
                }
                host {
                    connect_ip 198.18.1.22
                }
            }
            """)
        #expect(
            diagnostics == [
                "(/etc/keepalived/keepalived.conf: Line 12) The SMTP_CHECK host block is deprecated. "
                    + "Please define additional checkers."
            ])
        #expect(
            list.compactMap { $0.connection.map { "\($0.address):\($0.port)/\($0.connectTimeout)" } }
                == ["198.18.1.11:8080/9", "198.18.1.21:25/9", "198.18.1.22:8080/9"])
    }

    @Test func checkerErrorsUseKeepalivedsWords() {
        let result = parse(
            """
            virtual_server 198.18.1.100 80 {
                lvs_sched rr
                lvs_method NAT
                protocol TCP
                real_server 198.18.1.11 80 {
                    HTTP_GET {
                        http_protocol 2.0
                        url {
                            status_code 700 200-
                        }
                    }
                    MISC_CHECK {
                    }
                    FILE_CHECK {
                        track_file nothere
                    }
                    UDP_CHECK {
                        payload zz
                        connect_timeout -3
                        retry x
                    }
                }
            }

            """)
        #expect(result.configuration == nil)
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "7: Invalid http_protocol version 2.0",
                "9: Invalid HTTP_GET status code '700'",
                "9: Invalid HTTP_GET status code '200-'",
                "8: HTTP/SSL_GET checker url has no path - ignoring",
                "11: HTTP/SSL_GET checker has no urls specified - ignoring",
                "13: No script path has been specified for MISC_CHECKER - skipping",
                "15: track_file nothere not found",
                "14: FILE_CHECK has no track_file specified - ignoring",
                "18: Invalid hex string for UDP_CHECK payload",
                "19: negative number '-3'",
                "19: connect_timeout -3 invalid - ignoring",
                "20: invalid number 'x'",
                "20: Invalid retry connection value 'x'",
            ])
    }
}

extension String {
    /// `(/etc/keepalived/keepalived.conf: Line N) text` -> `N: text`, to keep expectations short.
    func replacingPrefix() -> String {
        let prefix = "(/etc/keepalived/keepalived.conf: Line "
        guard hasPrefix(prefix), let close = firstIndex(of: ")") else { return self }
        return String(self[index(startIndex, offsetBy: prefix.count)..<close]) + ":" + self[index(after: close)...]
    }
}
