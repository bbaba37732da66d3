import IPVSAdm
import LVSCore
import Testing

/// Each fixture's table, rebuilt in kernel order (as its `--nosort` section shows it), must
/// print every section of the oracle capture byte for byte.
@Suite("ipvsadm 1.31 list/save golden output")
struct FormatterGoldenTests {
    @Test func emptyTable() throws {
        try expectFixture("empty") { _, _ in TableSnapshot() }
    }

    static let servicesV4 = TableSnapshot(services: [
        svc(tcp("198.18.0.9:21"), "lc", persistent: 1, [dst("198.19.1.9:21", .route)]),
        svc(tcp("198.18.0.10:65535"), "dh", [dst("198.19.1.22:65535", .masquerade)]),
        svc(tcp("198.18.0.10:1"), "nq"),
        svc(
            udp("198.18.0.1:53"), "rr", flags: .onePacket,
            [
                dst("198.19.1.3:5353", .masquerade, w: 2), dst("198.19.1.2:53", .masquerade),
            ]),
        svc(
            udp("198.18.0.2:53"), "sh", flags: [.onePacket, .shPort], persistent: 20, mask: 16,
            [
                dst("198.19.1.2:53", .tunnel, x: 10)
            ]),
        svc(
            tcp("198.18.0.1:80"), "wlc", persistent: 360, mask: 24,
            [
                dst("198.19.1.10:80", .masquerade, x: 2147483647, y: 2147483647),
                dst("198.19.1.4:80", .tunnel, w: 5),
                dst("198.19.1.3:8080", .masquerade, w: 65535, x: 100, y: 50),
                dst("198.19.1.2:80", .route, w: 0),
            ]),
        svc(
            tcp("198.18.0.10:8080"), "sed",
            [
                dst("198.19.1.23:8080", .route, w: 2147483647), dst("198.19.1.21:8080", .route, w: 100),
                dst("198.19.1.20:8080", .route),
            ]),
        svc(sctp("198.18.0.3:9"), "lc", flags: .schedFlag1, [dst("198.19.1.5:9", .masquerade)]),
        svc(
            tcp("198.18.0.1:443"), "rr", persistent: 3600, mask: 16,
            [
                dst("198.19.1.2:443", .masquerade, w: 2), dst("198.19.1.3:443", .masquerade, w: 3),
            ]),
        svc(fwm(1), "wrr", persistent: 300, mask: 25),
        svc(
            fwm(7), "sh", flags: [.shFallback, .shPort],
            [
                dst("198.19.1.3:8080", .masquerade), dst("198.19.1.2:0", .route),
            ]),
        svc(fwm(8), "wlc", persistent: 60, [dst("198.19.1.6:0", .tunnel, w: 0)]),
    ])

    @Test func servicesV4EveryView() throws {
        try expectFixture("services-v4") { _, _ in Self.servicesV4 }
    }

    @Test func everySchedulerAndFlagForm() throws {
        let tcpServices = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh"]
            .enumerated().map { i, s in
                svc(tcp("198.18.0.20:\(1001 + i)"), s, [dst("198.19.1.2:\(1001 + i)", .masquerade, w: 2)])
            }
        // Kernel order (--nosort): port 2000 first, then 1001, and pairs swapped after that.
        let kernelTCP = [
            svc(tcp("198.18.0.20:2000"), "wlc"), tcpServices[0], tcpServices[2], tcpServices[1],
            tcpServices[4], tcpServices[3], tcpServices[6], tcpServices[5], tcpServices[8],
            tcpServices[7], tcpServices[10], tcpServices[9], tcpServices[12], tcpServices[11],
        ]
        let udpServices = [
            svc(udp("198.18.0.21:4"), "sh", flags: [.shFallback, .shPort, .schedFlag3]),
            svc(udp("198.18.0.21:5"), "mh", flags: .mhFallback),
            svc(udp("198.18.0.21:6"), "mh", flags: .mhPort, persistent: 10),
            svc(udp("198.18.0.21:7"), "mh", flags: [.schedFlag3, .schedFlag1]),
            svc(udp("198.18.0.21:1"), "rr", flags: [.schedFlag1, .schedFlag2, .schedFlag3]),
            svc(udp("198.18.0.21:2"), "wrr", flags: .schedFlag2),
            svc(udp("198.18.0.21:3"), "sh", flags: .schedFlag3),
            svc(udp("198.18.0.21:8"), "sh", flags: [.shPort, .onePacket]),
            svc(udp("198.18.0.21:9"), "wlc", flags: [.schedFlag3, .onePacket], persistent: 5, mask: 32),
        ]
        let table = TableSnapshot(services: kernelTCP + udpServices)
        try expectFixture("schedulers") { _, _ in table }
    }

    @Test func ipv6ServicesAndMixedFamilyServers() throws {
        let table = TableSnapshot(services: [
            svc(
                tcp("[2001:db8::1]:443"), "wrr", persistent: 10, mask: 48,
                [
                    dst("[2001:db8:1::5]:443", .tunnel, tun: .gue, tport: 6080, tflags: .checksum),
                    dst("198.19.1.20:443", .tunnel),
                    dst("[2001:db8:1::3]:443", .route),
                ]),
            svc(sctp("[2001:db8::2]:9"), "rr", persistent: 60, mask: 128),
            svc(
                tcp("198.18.0.6:80"), "rr",
                [
                    dst("198.19.1.9:80", .tunnel, tun: .gue, tport: 1, tflags: .remoteChecksum),
                    dst("[2001:db8:1:0:ffff:ffff:ffff:fffe]:80", .tunnel, tun: .gre),
                    dst("[2001:db8:1::9]:80", .tunnel),
                ]),
            svc(udp("[2001:db8::1]:53"), "rr", flags: .onePacket, [dst("[2001:db8:1::3]:53", .masquerade)]),
            svc(tcp("[::ffff:198.18.0.1]:80"), "rr"),
            svc(
                tcp("[2001:db8::ffff:ffff:ffff:fffe]:65535"), "lc", persistent: 360,
                [
                    dst("[2001:db8:1::2]:1", .masquerade),
                    dst("[2001:db8:1:0:ffff:ffff:ffff:fffe]:65535", .masquerade),
                ]),
            svc(fwm(8), "rr"),
            svc(
                fwm(8, v6: true), "mh", flags: .mhPort, persistent: 60, mask: 64,
                [
                    dst("[2001:db8:1::7]:80", .masquerade)
                ]),
        ])
        try expectFixture("services-v6") { _, _ in table }
    }

    @Test func tunnelTypesPortsAndChecksums() throws {
        let table = TableSnapshot(services: [
            svc(
                tcp("198.18.0.6:80"), "rr", persistent: 100,
                [
                    dst("198.19.1.13:80", .tunnel, tun: .gre),
                    dst("198.19.1.12:80", .masquerade),
                    dst("198.19.1.11:80", .tunnel),
                    dst("198.19.1.10:80", .tunnel, w: 0),
                    dst("198.19.1.9:80", .tunnel, tun: .gue, tport: 65535),
                    dst("198.19.1.8:80", .tunnel, tun: .gre),
                    dst("198.19.1.7:80", .tunnel, tun: .gue, tport: 6081, tflags: .remoteChecksum),
                    dst("198.19.1.6:80", .tunnel, w: 3, tun: .gre, tflags: .checksum),
                    dst("198.19.1.5:80", .tunnel, tun: .gue, tport: 6080, tflags: .checksum),
                ]),
            svc(fwm(3), "wrr", [dst("198.19.1.14:0", .tunnel, tun: .gue, tport: 5555)]),
        ])
        try expectFixture("tunnels") { _, _ in table }
    }

    @Test func sortOrderWithWrappingComparisons() throws {
        let v6Servers = [
            "[2001:db8:1::2]:65535", "[2001:db8:1::2]:2", "[2001:db8:1::9]:1",
            "[2001:db8:1:0:8000::]:1", "[2001:db8:1:0:7fff:ffff::]:1",
            "[2001:db8:1:0:ffff:ffff:ffff:fffe]:1", "[2001:db8:1::]:1",
            "[2001:db8:1:0:9000::]:1", "[2001:db8:1::2]:1",
        ].map { dst($0, .masquerade) }
        let table = TableSnapshot(services: [
            svc(tcp("[2001:db8:8000::]:2"), "rr"),
            svc(tcp("[2001:db8::ffff:ffff:ffff:fffe]:65535"), "rr"),
            svc(tcp("[2001:db8:0:0:9000::]:1"), "rr"),
            svc(tcp("[2001:db8::]:1"), "rr", [dst("198.19.1.2:1", .tunnel)] + v6Servers),
            svc(tcp("198.19.255.255:1"), "rr"),
            svc(tcp("[::ffff:198.18.0.1]:1"), "rr"),
            svc(udp("198.18.0.6:1"), "rr"),
            svc(tcp("198.18.0.6:65535"), "rr"),
            svc(
                tcp("198.18.0.6:1"), "rr",
                [
                    "198.19.1.3:1", "198.19.1.3:65535", "198.19.1.200:1",
                    "198.19.1.2:8", "198.19.1.2:80",
                ].map { dst($0, .masquerade) }),
            svc(tcp("[2001:db8::7fff:ffff:0:0]:2"), "rr"),
            svc(fwm(4294967295), "rr"),
            svc(fwm(2147483647), "rr"),
            svc(fwm(2147483648), "rr"),
            svc(fwm(2147483649, v6: true), "rr"),
            svc(fwm(1), "rr"),
            svc(fwm(9), "rr"),
            svc(fwm(9, v6: true), "rr"),
        ])
        try expectFixture("sort-order") { _, _ in table }
    }

    @Test func timeoutsAndSyncDaemons() throws {
        let backup = SyncDaemonConfig(
            role: .backup, interface: "v0", syncID: 255, maxLength: 1472,
            mcastGroup: ip("224.1.2.3"), mcastPort: 1, mcastTTL: 255)
        let master = SyncDaemonConfig(role: .master, interface: "v1", syncID: 5, maxLength: 100)
        // The section index is the state of the table after the script's commands so far.
        let states: [(IPVSTimeouts, [SyncDaemonConfig])] = [
            (IPVSTimeouts(), []), (IPVSTimeouts(), []),
            (IPVSTimeouts(tcp: 100, tcpFin: 20, udp: 30), []), (IPVSTimeouts(tcp: 100, tcpFin: 20, udp: 30), []),
            (IPVSTimeouts(tcp: 100, tcpFin: 7, udp: 30), []),
            (IPVSTimeouts(tcp: 2678400, tcpFin: 2678400, udp: 2678400), []),
            (IPVSTimeouts(), [backup]),
            (IPVSTimeouts(), [backup, master]),
            (IPVSTimeouts(), [master, backup]),
            (IPVSTimeouts(), [master]),
            (IPVSTimeouts(), [SyncDaemonConfig(role: .master, interface: "v0")]),
            (IPVSTimeouts(), [SyncDaemonConfig(role: .master, interface: "v0", mcastGroup: ip("ff02::1:2"))]),
        ]
        try expectFixture("daemon-timeout") { index, _ in
            let state = index < states.count ? states[index] : (IPVSTimeouts(), [])
            return TableSnapshot(timeouts: state.0, syncDaemons: state.1)
        }
    }

    @Test func hostAndServiceNamesWithoutNumeric() throws {
        let resolver = TableResolver(
            hosts: [
                ip("198.19.1.2"): "rs-two-with-a-really-long-hostname.example.test",
                ip("198.19.1.3"): "rs3",
                ip("198.19.1.5"): "rs-five-has-a-name-so-long-it-cannot-fit-the-sixty-byte-buffer.example.test",
                ip("198.18.0.1"): "vip-one-with-a-really-long-hostname.example.test",
                ip("198.18.0.2"): "vip2",
                ip("2001:db8:1::2"): "rs6-with-a-really-long-hostname.example.test",
                ip("2001:db8::1"): "vip6",
            ],
            services: [.tcp: [80: "http", 53: "domain", 443: "https"], .udp: [53: "domain"], .sctp: [5060: "sip"]])
        let table = TableSnapshot(services: [
            svc(
                tcp("198.18.0.1:80"), "rr",
                [
                    dst("[2001:db8:1::2]:80", .tunnel), dst("198.19.1.5:80", .masquerade),
                    dst("198.19.1.4:443", .masquerade), dst("198.19.1.3:53", .masquerade),
                    dst("198.19.1.2:80", .masquerade),
                ]),
            svc(tcp("198.18.0.2:443"), "rr", [dst("198.19.1.3:5060", .masquerade)]),
            svc(udp("198.18.0.2:53"), "rr", [dst("198.19.1.3:80", .masquerade)]),
            svc(sctp("198.18.0.2:5060"), "rr", [dst("198.19.1.3:5060", .masquerade)]),
            svc(tcp("[2001:db8::1]:80"), "rr", [dst("[2001:db8:1::2]:80", .masquerade)]),
            svc(fwm(7), "rr", [dst("198.19.1.4:53", .masquerade), dst("198.19.1.3:80", .masquerade)]),
        ])
        try expectFixture("names-vm-only", resolver: resolver) { _, _ in table }
    }

    @Test func natTrafficCountersRatesAndConnections() throws {
        let connections = [
            conn(.tcp, "198.18.0.1:43466", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 87),
            conn(.tcp, "198.18.0.1:43484", "198.18.0.100:80", "198.19.0.11:80", "TIME_WAIT", expires: 90),
            conn(.tcp, "198.18.0.1:43492", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 95),
            conn(.tcp, "198.18.0.1:59070", "198.18.0.100:80", "198.19.0.11:80", "TIME_WAIT", expires: 98),
            conn(.tcp, "198.18.0.1:57958", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 116),
            conn(.tcp, "198.18.0.1:43472", "198.18.0.100:80", "198.19.0.11:80", "TIME_WAIT", expires: 88),
            conn(.tcp, "198.18.0.1:57956", "198.18.0.100:80", "198.19.0.11:80", "TIME_WAIT", expires: 112),
            conn(.tcp, "198.18.0.1:57952", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 107),
            conn(.tcp, "198.18.0.1:59090", "198.18.0.100:80", "198.19.0.11:80", "TIME_WAIT", expires: 104),
            conn(.tcp, "198.18.0.1:43480", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 88),
            conn(.tcp, "198.18.0.1:59078", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 101),
        ]
        // `-L -c` ran a moment after `-L -n -c`: two entries had ticked down a second.
        var later = connections
        later[3].expiresInMilliseconds -= 1000
        later[5].expiresInMilliseconds -= 1000
        let table = TableSnapshot(
            services: [
                svc(
                    tcp("198.18.0.100:80"), "rr", stats: counters(11, 13651, 28174, 712721, 1259925101),
                    rate: rates(0, 283, 581, 14799, 26732002),
                    [
                        dst(
                            "198.19.0.12:80", .masquerade, w: 2, inactive: 6,
                            stats: counters(6, 5560, 13613, 290278, 629909530), rate: rates(0, 142, 362, 7425, 17145485)
                        ),
                        dst(
                            "198.19.0.11:80", .masquerade, inactive: 5,
                            stats: counters(5, 8091, 14561, 422443, 630015571), rate: rates(0, 141, 220, 7374, 9586517)),
                    ])
            ], connections: connections)
        try expectFixture("traffic-nat") { _, section in
            var t = table
            if section.args == ["-L", "-c"] { t.connections = later }
            return t
        }
    }

    @Test func persistenceTemplatesAndIPv6Connections() throws {
        let client6 = "[2001:db8::abcd:ef01:2345:6789]"
        let table = TableSnapshot(
            services: [
                svc(
                    tcp("198.18.0.100:80"), "rr", persistent: 600, mask: 24, stats: counters(3, 21, 15, 1341, 1449),
                    [
                        dst(
                            "198.19.0.12:80", .masquerade, inactive: 3, persist: 1,
                            stats: counters(3, 21, 15, 1341, 1449)),
                        dst("198.19.0.11:80", .masquerade),
                    ]),
                svc(
                    tcp("[2001:db8::100]:80"), "rr", stats: counters(3, 21, 15, 1770, 1749),
                    [
                        dst("[2001:db8:1::12]:80", .masquerade, inactive: 2, stats: counters(2, 14, 10, 1180, 1166)),
                        dst("[2001:db8:1::11]:80", .masquerade, inactive: 1, stats: counters(1, 7, 5, 590, 583)),
                    ]),
                svc(
                    tcp("[2001:db8::100]:8080"), "wrr", persistent: 60, mask: 64, stats: counters(1, 7, 5, 595, 583),
                    [
                        dst(
                            "[2001:db8:1::11]:80", .masquerade, inactive: 1, persist: 1,
                            stats: counters(1, 7, 5, 595, 583))
                    ]),
            ],
            connections: [
                conn(.tcp, "198.18.0.1:39386", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 116),
                conn(
                    .tcp, "\(client6):44420", "[2001:db8::100]:8080", "[2001:db8:1::11]:80", "TIME_WAIT", expires: 116),
                conn(.tcp, "\(client6):39472", "[2001:db8::100]:80", "[2001:db8:1::12]:80", "TIME_WAIT", expires: 116),
                conn(.tcp, "198.18.0.1:39380", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 116),
                conn(.tcp, "198.18.0.1:39364", "198.18.0.100:80", "198.19.0.12:80", "TIME_WAIT", expires: 116),
                conn(.tcp, "\(client6):39460", "[2001:db8::100]:80", "[2001:db8:1::11]:80", "TIME_WAIT", expires: 116),
                conn(.tcp, "\(client6):39454", "[2001:db8::100]:80", "[2001:db8:1::12]:80", "TIME_WAIT", expires: 116),
                conn(
                    .tcp, "[2001:db8::]:0", "[2001:db8::100]:8080", "[2001:db8:1::11]:80", "ASSURED", expires: 56,
                    template: true),
                conn(
                    .tcp, "198.18.0.0:0", "198.18.0.100:80", "198.19.0.12:80", "ASSURED", expires: 596, template: true),
            ])
        try expectFixture("traffic-persist-v6") { _, _ in table }
    }
}
