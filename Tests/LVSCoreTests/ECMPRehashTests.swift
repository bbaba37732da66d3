import LVSVocabulary
import Testing

@testable import LVSCore

/// Issue 13: behind a router's ECMP, a rehash moves an established connection to a director
/// that has never seen it. With the same table, a hashing scheduler (mh, sh) on that director
/// picks the same real server, and sloppy_tcp lets the mid-flow segment start a connection.
@Suite("ECMP rehash: a connection moved to another director with the same table keeps its real server")
struct ECMPRehashTests {
    typealias L = EngineLab
    static let web = ServiceKey.address(.tcp, EngineLab.vip, 80)
    static let servers = (11...18).map { (InetAddress("198.18.0.\($0)")!, UInt16(80)) }

    static func director(scheduler: String, sloppy: Bool) throws -> EngineLab {
        var sysctls = IPVSSysctls()
        sysctls.sloppyTCP = sloppy
        let lab = EngineLab(sysctls: sysctls)
        try lab.add(web, scheduler: scheduler, servers: servers, forward: .route)
        return lab
    }

    static func client(_ i: Int) -> InetAddress { InetAddress("198.19.\(i / 200).\(i % 200 + 1)")! }

    static func server(_ verdict: EngineVerdict) -> InetAddress? {
        guard case .forward(let action) = verdict else { return nil }
        return action.address
    }

    @Test("mid-flow segments on director B reach the real server director A chose", arguments: ["mh", "sh"])
    func movedConnectionKeepsItsServer(scheduler: String) throws {
        var a = try Self.director(scheduler: scheduler, sloppy: true)
        var b = try Self.director(scheduler: scheduler, sloppy: true)
        var chosen = Set<InetAddress>()
        for i in 0..<300 {
            let client = Self.client(i)
            let port = UInt16(10_000 + i)
            let onA = Self.server(a.send(.tcp(from: client, port, to: L.vip, 80, flags: .syn, length: 60)))
            _ = a.send(.tcp(from: client, port, to: L.vip, 80, flags: .ack, length: 52))
            let first = try #require(onA, "director A did not forward the SYN of client \(i)")
            chosen.insert(first)
            // The rehash: the next segments (data, then a bare ACK) arrive at B.
            let moved = Self.server(b.send(.tcp(from: client, port, to: L.vip, 80, flags: [.ack, .psh], length: 600)))
            let next = Self.server(b.send(.tcp(from: client, port, to: L.vip, 80, flags: .ack, length: 52)))
            #expect(
                moved == first,
                "client \(i): A chose \(first), B sent the moved segment to \(String(describing: moved))")
            #expect(next == first, "client \(i): B's own connection went to \(String(describing: next))")
        }
        // Spread over the servers: a scheduler that sent everything to one would pass the above.
        #expect(chosen.count == Self.servers.count, "only \(chosen.count) servers chosen")
        // B holds each moved connection as established, as the kernel's set_tcp_state makes it.
        #expect(b.connectionLines().count == 300)
        #expect(b.connectionLines().allSatisfy { $0.hasPrefix("TCP ESTABLISHED ") })
        #expect(b.server(Self.web, Self.servers[0].0, 80).map { $0.activeConnections > 0 } == true)
    }

    @Test("without sloppy_tcp director B lets the moved segment pass: the connection would break")
    func withoutSloppyTheMovedSegmentIsNotServed() throws {
        var b = try Self.director(scheduler: "mh", sloppy: false)
        let verdict = b.send(.tcp(from: Self.client(0), 10_000, to: L.vip, 80, flags: .ack, length: 52))
        #expect(verdict == .pass(.notConnectionStart))
        #expect(b.connectionLines().isEmpty)
    }

    @Test("sloppy_sctp is taken and shown like the kernel's")
    func sloppySCTPSetting() throws {
        var sysctls = IPVSSysctls()
        #expect(try sysctls.value("sloppy_sctp") == "0")
        try sysctls.set("net.ipv4.vs.sloppy_sctp", "1")
        #expect(try sysctls.value("sloppy_sctp") == "1")
        #expect(throws: IPVSSysctlError.self) { try sysctls.set("sloppy_sctp", "2") }
    }
}
