import LVSKeepalived
import LVSVocabulary
import Testing

@Suite struct VirtualServerGroupTests {
    @Test func rangesMasksAndFwmarks() throws {
        let result = parse(
            """
            virtual_server_group web {
                198.18.1.50-52 80
                198.18.2.0/30 80
                198.18.3.250-198.18.4.2 80
                fwmark 5
                fwmark 6 inet
            }
            virtual_server group web {
                lvs_sched wrr
                lvs_method DR
                protocol TCP
                real_server 198.18.1.11 80 {
                    TCP_CHECK {
                    }
                }
            }

            """)
        let configuration = try #require(result.configuration)
        let group = try #require(configuration.virtualServerGroup(named: "web"))
        #expect(
            group.entries.map(\.configurationText) == [
                "198.18.1.50-198.18.1.52 80", "198.18.2.0-198.18.2.3 80", "198.18.3.250-198.18.4.2 80",
                "fwmark 5", "fwmark 6 inet",
            ])
        #expect(configuration.virtualServers.first?.address == .group("web"))
        // keepalived warns (and keeps the port) when a DR real server of a group with fwmarks has one.
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "WARNING - fwmark virtual server [web]:0, real server [198.18.1.11]:tcp:80 has port specified - "
                    + "port will be ignored"
            ])
    }

    @Test func groupPortsAreCheckedAsKeepalivedDoes() throws {
        let result = parse(
            """
            virtual_server_group g {
                198.18.1.50-52 443
                fwmark 7
            }
            virtual_server group g {
                lvs_sched rr
                lvs_method DR
                protocol TCP
                real_server 198.18.1.11 80 {
                }
            }

            """)
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "WARNING - fwmark virtual server [g]:0, real server [198.18.1.11]:tcp:80 has port specified - "
                    + "port will be ignored",
                "virtual server [g]:0:[198.18.1.50-198.18.1.52,443] and real server [198.18.1.11]:tcp:80 ports "
                    + "don't match",
            ])
        #expect(result.configuration?.virtualServers.first?.realServers.first?.port == 80)
    }

    @Test func ipv6RangesUseHexForTheLastGroup() throws {
        let result = parse("virtual_server_group v6 {\n    2001:db8::10-1f 80\n}\n")
        let group = try #require(result.configuration?.virtualServerGroup(named: "v6"))
        #expect(group.entries.map(\.configurationText) == ["2001:db8::10-2001:db8::1f 80"])
    }

    @Test func ipv4AndIPv6WithAFwmarkWithoutFamilyIsRemoved() {
        let result = parse("virtual_server_group mixed {\n 198.18.1.1 80\n 2001:db8::1 80\n fwmark 5\n}\n")
        #expect(
            messages(result).map { $0.replacingPrefix() } == [
                "1: virtual server group mixed cannot have IPv4, IPv6 and fwmark without family - removing"
            ])
        #expect(result.configuration == nil)
    }

    @Test func badEntriesAreRefusedWithKeepalivedsMessages() {
        let result = parse(
            """
            virtual_server_group bad {
                198.18.1.52-50 80
                198.18.1.1-300 80
                198.18.2.1/30 80
                198.18.1.x 80
                fwmark -1
            }

            """)
        #expect(result.configuration == nil)
        #expect(
            messages(result) == [
                "(/etc/keepalived/keepalived.conf: Line 2) Address range end is not greater than address range start "
                    + "- 198.18.1.52-50 - skipping",
                "(/etc/keepalived/keepalived.conf: Line 3) Virtual server group range '198.18.1.1-300' end '300' too large",
                "(/etc/keepalived/keepalived.conf: Line 4) Address mask bits not empty - 198.18.2.1/30 - skipping",
                "(/etc/keepalived/keepalived.conf: Line 5) Invalid virtual server group IP address 198.18.1.x /port/80 "
                    + "- skipping",
                "(/etc/keepalived/keepalived.conf: Line 6) negative number '-1'",
                "(/etc/keepalived/keepalived.conf: Line 6) (bad): fwmark '-1' must be in [0, 4294967295] - ignoring",
                "(/etc/keepalived/keepalived.conf: Line 1) virtual server group bad has no entries - removing",
            ])
    }
}
