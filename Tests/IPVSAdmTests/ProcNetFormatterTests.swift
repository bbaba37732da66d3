import Foundation
import IPVSAdm
import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

/// Our /proc/net/ip_vs* text against the kernel's for the same table:
/// Fixtures/oracle/procfs/procfs.sh built it in the oracle VM (real kernel IPVS) and
/// procfs.out holds what `cat /proc/net/ip_vs*` printed there.
@Suite("procfs formats")
struct ProcNetFormatterTests {
    /// The sections of procfs.out, cut at the script's `== NAME` lines.
    static func oracleSections() throws -> [String: String] {
        let url = RepositoryPaths.oracleFixtures.appendingPathComponent("procfs/procfs.out")
        let text = try String(contentsOf: url, encoding: .utf8)
        var sections: [String: String] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("== ") {
                current = String(line.dropFirst(3))
            } else if let current {
                sections[current, default: ""] += line + "\n"
            }
        }
        return sections
    }

    static func v4(_ text: String) -> InetAddress { InetAddress(text)! }

    static func destination(
        _ address: String, _ port: UInt16, _ forward: ForwardMethod, weight: Int32, inactive: UInt32 = 0
    ) -> DestinationSnapshot {
        DestinationSnapshot(
            config: DestinationConfig(
                key: DestinationKey(address: InetAddress(address)!, port: port), forward: forward, weight: weight),
            inactiveConnections: inactive)
    }

    /// procfs.sh's table, services and real servers in the order the kernel listed them, with
    /// the connection counts the traffic left; the first service carries all the traffic
    /// counters (ip_vs_stats shows only their sum).
    static func oracleTable() -> TableSnapshot {
        var counters = TrafficCounters()
        counters.connections = 4
        counters.inPackets = 0x1C
        counters.outPackets = 0x14
        counters.inBytes = 0x700
        counters.outBytes = 0x78C
        var rates = TrafficRates()
        rates.inPPS = 3
        rates.outPPS = 2
        rates.inBPS = 0xE0
        rates.outBPS = 0xF1
        let services = [
            ServiceSnapshot(
                config: ServiceConfig(key: .address(.tcp, v4("198.18.0.100"), 80), scheduler: "rr"),
                counters: counters, rates: rates,
                destinations: [
                    destination("198.18.1.12", 8080, .masquerade, weight: 1, inactive: 2),
                    destination("198.18.1.11", 8080, .masquerade, weight: 1, inactive: 1),
                ]),
            ServiceSnapshot(
                config: ServiceConfig(
                    key: .address(.udp, v4("198.18.0.101"), 53), scheduler: "wrr", flags: [.onePacket]),
                destinations: [destination("198.18.1.12", 53, .route, weight: 65535)]),
            ServiceSnapshot(
                config: ServiceConfig(
                    key: .address(.udp, InetAddress("2001:db8::101")!, 53), scheduler: "rr", flags: [.persistent],
                    timeout: 360)),
            ServiceSnapshot(
                config: ServiceConfig(
                    key: .address(.tcp, v4("198.18.0.102"), 443), scheduler: "sh", flags: [.persistent],
                    timeout: 300, netmaskPrefix: 24),
                destinations: [
                    destination("198.18.1.12", 443, .tunnel, weight: 0),
                    destination("198.18.1.11", 8080, .masquerade, weight: 2, inactive: 1),
                ]),
            ServiceSnapshot(
                config: ServiceConfig(key: .address(.tcp, InetAddress("2001:db8::100")!, 80), scheduler: "lc"),
                destinations: [
                    destination("2001:db8:1::ffff", 80, .route, weight: 4),
                    destination("2001:db8:1::11", 8080, .masquerade, weight: 1),
                ]),
            ServiceSnapshot(
                config: ServiceConfig(key: .fwmark(7, .inet), scheduler: "wlc"),
                destinations: [destination("198.18.1.11", 0, .route, weight: 3)]),
        ]
        return TableSnapshot(services: services)
    }

    /// The connections as `ipvsadm -L -n -c` listed them in the same run (another format: the
    /// rows below must come out of it as the kernel printed them in hex).
    static func connections(fromListing listing: String) throws -> [ConnectionSnapshot] {
        try listing.split(separator: "\n").dropFirst(2).map { line in
            let f = line.split(separator: " ")
            try #require(f.count == 6, "unexpected row \(line)")
            func endpoint(_ text: Substring) throws -> (InetAddress, UInt16) {
                let colon = try #require(text.lastIndex(of: ":"))
                return (
                    try #require(InetAddress(String(text[..<colon]))),
                    try #require(UInt16(text[text.index(after: colon)...]))
                )
            }
            let mmss = f[1].split(separator: ":").compactMap { Int64($0) }
            let (client, clientPort) = try endpoint(f[3])
            let (virtual, virtualPort) = try endpoint(f[4])
            let (destination, destinationPort) = try endpoint(f[5])
            return ConnectionSnapshot(
                proto: f[0] == "TCP" ? .tcp : .udp, clientAddress: client, clientPort: clientPort,
                virtualAddress: virtual, virtualPort: virtualPort, destinationAddress: destination,
                destinationPort: destinationPort, stateName: String(f[2]),
                expiresInMilliseconds: (mmss[0] * 60 + mmss[1]) * 1000 + 999)
        }
    }

    @Test func servicesFileIsTheKernels() throws {
        let expected = try #require(try Self.oracleSections()["ip_vs"])
        #expect(ProcNetIPVSFormatter.services(Self.oracleTable()) == expected)
    }

    @Test func statsFileIsTheKernels() throws {
        let expected = try #require(try Self.oracleSections()["ip_vs_stats"])
        #expect(ProcNetIPVSFormatter.stats(Self.oracleTable()) == expected)
    }

    @Test func connectionFileIsTheKernels() throws {
        let sections = try Self.oracleSections()
        let expected = try #require(sections["ip_vs_conn"])
        let rows = try Self.connections(fromListing: try #require(sections["ipvsadm -L -n -c"]))
        #expect(rows.count == 5)
        let ours = ProcNetIPVSFormatter.connectionHeading + ProcNetIPVSFormatter.connectionRows(rows)
        #expect(ours == expected)
    }

    @Test func ipv6ConnectionsAndFwmarkTemplates() {
        // ip_vs_conn.c: %pI6 for IPv6 addresses (all eight groups), "IP" for a fwmark template.
        let row = ConnectionSnapshot(
            proto: .tcp, clientAddress: InetAddress("2001:db8::1")!, clientPort: 40000,
            virtualAddress: InetAddress("2001:db8::100")!, virtualPort: 80,
            destinationAddress: InetAddress("2001:db8:1::11")!, destinationPort: 8080, stateName: "ESTABLISHED",
            expiresInMilliseconds: 899_500)
        #expect(
            ProcNetIPVSFormatter.connectionRows([row])
                == "TCP 2001:0db8:0000:0000:0000:0000:0000:0001 9C40 2001:0db8:0000:0000:0000:0000:0000:0100 0050 "
                + "2001:0db8:0001:0000:0000:0000:0000:0011 1F90 ESTABLISHED     899\n")
        let template = ConnectionSnapshot(
            proto: nil, clientAddress: InetAddress("198.18.0.0")!, clientPort: 0,
            virtualAddress: InetAddress("0.0.0.7")!, virtualPort: 0,
            destinationAddress: InetAddress("198.18.1.11")!, destinationPort: 0, stateName: "NONE",
            expiresInMilliseconds: -5, isTemplate: true, fwmark: 7)
        #expect(
            ProcNetIPVSFormatter.connectionRows([template])
                == "IP  C6120000 0000 00000007 0000 C612010B 0000 NONE              0\n")
    }

    @Test func largeCountersKeepAllTheirHexDigits() {
        var counters = TrafficCounters()
        counters.connections = 0x1_0000_0000
        counters.inBytes = UInt64.max
        let text = ProcNetIPVSFormatter.stats(counters, TrafficRates())
        #expect(text.split(separator: "\n")[2] == "100000000        0        0 FFFFFFFFFFFFFFFF                0")
    }
}
