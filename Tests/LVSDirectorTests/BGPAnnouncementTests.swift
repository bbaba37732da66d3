import LVSCore
import LVSDirector
import LVSVocabulary
import Testing

@Suite("BGP: the BIRD configuration and which VIPs are announced")
struct BGPAnnouncementTests {
    static func address(_ text: String) -> InetAddress { InetAddress(text)! }

    static func service(_ vip: String, port: UInt16 = 80, weights: [Int32]) -> ServiceSnapshot {
        ServiceSnapshot(
            config: ServiceConfig(key: .address(.tcp, address(vip), port), scheduler: "mh"),
            destinations: weights.enumerated().map { i, weight in
                DestinationSnapshot(
                    config: DestinationConfig(
                        key: DestinationKey(address: address("198.18.0.\(11 + i)"), port: port), weight: weight))
            })
    }

    @Test("a VIP is announced while one of its services has a real server of weight > 0, and never while draining")
    func healthyVIPs() {
        let table = TableSnapshot(services: [
            Self.service("198.18.0.50", weights: [1, 0]),
            Self.service("198.18.0.51", weights: [0, 0]),
            Self.service("198.18.0.52", weights: []),
            // One healthy service of two is enough for the VIP.
            Self.service("198.18.0.53", port: 80, weights: [0]),
            Self.service("198.18.0.53", port: 443, weights: [5]),
            ServiceSnapshot(
                config: ServiceConfig(key: .fwmark(7, .inet)),
                destinations: [
                    DestinationSnapshot(
                        config: DestinationConfig(key: .init(address: Self.address("198.18.0.11"), port: 0)))
                ]),
        ])
        #expect(
            AnnouncedVIPs.healthy(in: table, draining: false) == [
                Self.address("198.18.0.50"), Self.address("198.18.0.53"),
            ])
        #expect(AnnouncedVIPs.healthy(in: table, draining: true) == [])
        #expect(AnnouncedVIPs.healthy(in: TableSnapshot(), draining: false) == [])
    }

    @Test("the BIRD 2 file: static /32 blackholes exported to the peer with next hop self, nothing imported")
    func birdConfigurationIPv4() {
        let settings = BGPSettings(
            peer: Self.address("198.18.2.254"), localAS: 65001, peerAS: 65000,
            routerID: Self.address("198.18.2.1"), holdTimeSeconds: 3)
        let text = BIRDConfiguration.text(
            settings,
            announcing: [Self.address("198.18.0.51"), Self.address("2001:db8::50"), Self.address("198.18.0.50")])
        #expect(
            text == """
                # Written by lvs director (--bgp-peer) and reloaded with `birdc configure` whenever the
                # set of announced VIPs changes: do not edit.
                log stderr { info, remote, warning, error, auth, fatal, bug };
                router id 198.18.2.1;
                protocol device {}
                protocol static lvs_vips {
                    ipv4;
                    route 198.18.0.50/32 blackhole;
                    route 198.18.0.51/32 blackhole;
                }
                protocol bgp lvs_peer {
                    local as 65001;
                    neighbor 198.18.2.254 as 65000;
                    hold time 3;
                    connect retry time 1;
                    error wait time 1, 5;
                    ipv4 {
                        import none;
                        export where proto = "lvs_vips";
                        next hop self;
                    };
                }

                """)
    }

    @Test("IPv6 peer: /128 routes of the IPv6 VIPs only, no router id line when none is given")
    func birdConfigurationIPv6() {
        let settings = BGPSettings(peer: Self.address("2001:db8:2::fe"), localAS: 65001, peerAS: 65001)
        let text = BIRDConfiguration.text(
            settings, announcing: [Self.address("198.18.0.50"), Self.address("2001:db8::50")])
        #expect(text.contains("    ipv6;\n    route 2001:db8::50/128 blackhole;\n}"))
        #expect(!text.contains("198.18.0.50"))
        #expect(!text.contains("router id"))
        #expect(text.contains("neighbor 2001:db8:2::fe as 65001;"))
        // Nothing to announce: the static protocol is empty, the session stays up.
        let empty = BIRDConfiguration.text(settings, announcing: [])
        #expect(empty.contains("protocol static lvs_vips {\n    ipv6;\n}"))
    }

    @Test("settings BIRD would refuse are refused first, with the reason")
    func settingsProblems() {
        let peer = Self.address("198.18.2.254")
        #expect(BGPSettings(peer: peer, localAS: 65001, peerAS: 65000).problem == nil)
        #expect(BGPSettings(peer: peer, localAS: 0, peerAS: 65000).problem != nil)
        #expect(BGPSettings(peer: peer, localAS: 1, peerAS: 2, holdTimeSeconds: 2).problem != nil)
        #expect(BGPSettings(peer: peer, localAS: 1, peerAS: 2, routerID: Self.address("2001:db8::1")).problem != nil)
    }
}
