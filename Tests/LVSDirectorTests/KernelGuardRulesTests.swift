import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSDirector

@Suite("The nftables guard that keeps the kernel off the director's traffic")
struct KernelGuardRulesTests {
    @Test("services drop by destination, NAT real servers by source unless to the director itself; one transaction")
    func script() throws {
        let engine = IPVSEngine()
        try engine.apply(
            [
                World.service(),
                World.server(World.nat1, port: 8080, .masquerade),
                World.server(World.rs1),
                World.service(World.dns),
                World.server(World.nat1, port: 5353, .masquerade, in: World.dns),
                .addService(ServiceConfig(key: .address(.tcp, addr("2001:db8::50"), 0), scheduler: "rr")),
                .addService(ServiceConfig(key: .fwmark(7, .inet), scheduler: "rr")),
            ], now: Instant(milliseconds: 0))
        let rules = KernelGuardRules(engine.snapshot(now: Instant(milliseconds: 0), includeConnections: false))
        #expect(
            rules.script == """
                table inet lvs_director_guard
                delete table inet lvs_director_guard
                table inet lvs_director_guard {
                    set services_ip {
                        type ipv4_addr . inet_proto . inet_service
                        elements = { 198.18.0.50 . tcp . 80,
                            198.18.0.50 . udp . 53 }
                    }
                    set services_ip6_any_port {
                        type ipv6_addr . inet_proto
                        elements = { 2001:db8::50 . tcp }
                    }
                    set nat_servers_ip {
                        type ipv4_addr . inet_proto . inet_service
                        elements = { 198.18.1.11 . tcp . 8080,
                            198.18.1.11 . udp . 5353 }
                    }
                    chain prerouting {
                        type filter hook prerouting priority raw; policy accept;
                        ip daddr . meta l4proto . th dport @services_ip drop
                        ip6 daddr . meta l4proto @services_ip6_any_port drop
                        ip saddr . meta l4proto . th sport @nat_servers_ip fib daddr type != local drop
                    }
                }

                """)
        #expect(!rules.isEmpty)
        #expect(KernelGuardRules(TableSnapshot()).isEmpty)
        #expect(KernelGuardRules.removal == "table inet lvs_director_guard\ndelete table inet lvs_director_guard\n")
    }
}
