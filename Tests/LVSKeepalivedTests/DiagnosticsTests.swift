import LVSKeepalived
import Testing

/// Each expectation is what keepalived 2.2.7 `-t -f FILE` printed for the same file (with the
/// file name keepalived prints when several files are in play), unless a comment says otherwise.
@Suite struct DiagnosticsTests {
    @Test func defaultsKeepalivedAnnouncesMakeTheTestFailButTheConfigurationUsable() throws {
        let result = parse("virtual_server 198.18.1.100 80 {\n  real_server 198.18.1.11 80 {\n  }\n}\n")
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "Virtual server [198.18.1.100]:none:80: no protocol set - defaulting to UDP",
                "Virtual server [198.18.1.100]:udp:80: no scheduler set, setting default 'wlc'",
                "Virtual server [198.18.1.100]:udp:80: no forwarding method set, setting default NAT",
            ])
        #expect(result.testExitStatus == 5)
        let vs = try #require(result.configuration?.virtualServers.first)
        #expect(vs.transportProtocol == .udp)
        #expect(vs.scheduler == "wlc")
        #expect(vs.forwarding == .nat)
        #expect(vs.delayLoop == .seconds(60) && vs.connectTimeout == .seconds(5))
        #expect(vs.quorum == 1 && vs.hysteresis == 0 && vs.weight == 1 && vs.persistenceTimeout == 0)
        #expect(vs.realServers[0].weight == 1 && vs.realServers[0].smtpAlert && !vs.smtpAlert)
    }

    @Test func badNumbers() {
        let result = parse(
            """
            virtual_server 198.18.1.100 80 {
              lb_algo rr
              lb_kind NAT
              protocol TCP
              delay_loop abc
              quorum 0
              real_server 198.18.1.11 80 {
                weight 99999999
                TCP_CHECK {
                  connect_timeout -3
                  retry x
                }
              }
            }

            """)
        #expect(result.configuration == nil)
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "5: invalid number 'abc'",
                "5: virtual server delay loop 'abc' invalid - ignoring",
                "6: number '0' outside range [1, 4294967295]",
                "6: Quorum 0 must be in [1, 4294967295]. Setting to 1.",
                "10: negative number '-3'",
                "10: connect_timeout -3 invalid - ignoring",
                "11: invalid number 'x'",
                "11: Invalid retry connection value 'x'",
            ])
        #expect(result.testExitStatus == 5)
    }

    @Test func unknownKeywordsWarnWithFileAndLine() throws {
        // As keepalived, the lines of an unknown block are read as keywords of the enclosing block
        // ("Unexpected '{'", "Unknown keyword 'a'", "Unknown keyword '}'"). keepalived runs such a file;
        // an ignored '{' seldom means what was written, so the configuration is refused here.
        let result = parse(
            """
            global_defs {
              router_id X
              bogus_global 1
            }
            virtual_server 198.18.1.100 80 {
              lb_algo rr
              lb_kind NAT
              protocol TCP
              frobnicate 3
              real_server 198.18.1.11 80 {
                weight 2
                TCP_CHECK {
                  connect_timeout 3
                  nonsense yes
                }
              }
            }
            nonsense_root {
              a b
            }

            """)
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "3: Unknown keyword 'bogus_global'",
                "9: Unknown keyword 'frobnicate'",
                "14: Unknown keyword 'nonsense'",
                "18: Unknown keyword 'nonsense_root'",
                "18: Unexpected '{' - ignoring",
                "19: Unknown keyword 'a'",
                "20: Unknown keyword '}'",
            ])
        #expect(result.testExitStatus == 5)
        #expect(result.configuration == nil)
    }

    @Test func bracesAndAddresses() {
        let missing = parse(
            """
            virtual_server 198.18.1.100 80 {
              lvs_sched rr

            """)
        #expect(
            messages(missing).map { $0.replacingPrefix() } == [
                "There are 1 missing '}'s or extra '{'s",
                "Virtual server [198.18.1.100]:none:80 has no real servers - ignoring",
            ])
        #expect(missing.configuration == nil)

        let extra = parse("global_defs {\n}\n}\n")
        #expect(messages(extra).map { $0.replacingPrefix() } == ["3: Extra '}' found", "3: Unknown keyword '}'"])
        #expect(extra.configuration == nil)

        let addresses = parse(
            """
            virtual_server 198.18.1.300 80 {
              lb_algo rr
              real_server 198.18.1.11 80 {
              }
            }
            virtual_server 198.18.1.100 80 {
              lb_algo rr
              lb_kind NAT
              protocol TCP
              real_server 198.18.1.x 80 {
              }
              real_server 198.18.1.12 80
            }

            """)
        #expect(
            messages(addresses).map { $0.replacingPrefix() } == [
                "1: Invalid virtual server IP address/port 198.18.1.300/80 - skipping",
                "10: Invalid real server ip address/port 198.18.1.x/80 - skipping",
                "12: Missing '{' at beginning of configuration block",
                "Virtual server [198.18.1.100]:tcp:80 has no real servers - ignoring",
            ])
        #expect(addresses.configuration == nil)
    }

    @Test func quotesAndMissingParameters() {
        let result = parse("global_defs {\n  router_id \"abc\n}\nvirtual_server\n")
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "2: Unterminated quote 'router_id \"abc'",
                "2: Unmatched quote: 'router_id \"abc'",
                "2: routerid name missing - ignoring",
                "4: *** Configuration line starting `virtual_server` is missing a parameter after keyword "
                    + "`virtual_server` at word position 2",
            ])
        #expect(result.configuration == nil)
    }

    @Test func scriptsWithoutScriptSecurityExitSix() throws {
        let text = """
            virtual_server 198.18.1.100 25 {
              lvs_sched rr
              lvs_method NAT
              protocol TCP
              real_server 198.18.1.11 25 {
                MISC_CHECK {
                  misc_path "/bin/true arg"
                }
              }
            }

            """
        let result = parse(text)
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "SECURITY VIOLATION - check scripts are being executed but script_security not enabled."
            ])
        #expect(result.testExitStatus == 6)
        #expect(result.configuration != nil)
        #expect(parse("global_defs {\n  enable_script_security\n}\n" + text).testExitStatus == 0)
    }

    @Test func vrrpBlocksAreKeptWithoutWarnings() throws {
        let result = parse(
            """
            vrrp_script chk {
              script "/usr/bin/true"
            }
            vrrp_sync_group G {
              group {
                VI_1
              }
            }
            vrrp_instance VI_1 {
              state MASTER
              interface eth0
              virtual_router_id 51
              priority 100
              virtual_ipaddress {
                198.18.1.100/32 dev eth0
              }
            }
            static_ipaddress {
              198.18.9.1/24 dev lo
            }
            static_routes {
              198.18.10.0/24 via 198.18.9.254
            }
            vrrp_track_file f {
              file /run/f
            }

            """)
        #expect(messages(result) == [])
        let blocks = try #require(result.configuration?.otherBlocks)
        #expect(
            blocks.map(\.keyword) == [
                "vrrp_script", "vrrp_sync_group", "vrrp_instance", "static_ipaddress",
                "static_routes", "vrrp_track_file",
            ])
        #expect(blocks[2].arguments == ["VI_1"])
        #expect(blocks[2].location.description == "/etc/keepalived/keepalived.conf:9")
        #expect(blocks[2].children.last?.children.first?.words == ["198.18.1.100/32", "dev", "eth0"])
    }
}
