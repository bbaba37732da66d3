import Foundation
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSCore

/// Replays what the real kernel did in Fixtures/oracle/traffic/<scheduler>.out (a DR lab with
/// three real servers, connections one after the other) against our table and schedulers, and
/// expects the same server for every connection and the same counters in every listing.
@Suite struct SchedulerFidelityTests {
    @Test(arguments: ["rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "dh", "sh", "mh", "lblc", "lblcr"])
    func kernelPicks(_ scheduler: String) throws {
        let transcript = try OracleTranscript(fixture: scheduler)
        let replay = OracleReplay()
        try replay.run(transcript)
        #expect(replay.connections > 8, "the fixture should exercise the scheduler")
        #expect(replay.mismatches == [], "picks that differ from the kernel's")
        #expect(replay.counterMismatches == [], "listed counters that differ from the kernel's")
        #expect(replay.listings > 0)
    }

    /// The kernel links a new real server at the head of its service's list: `--nosort` lists the
    /// last added first, and rr starts from the head.
    @Test func newServersGoToTheListHead() throws {
        let transcript = try OracleTranscript(fixture: "rr")
        let listing = try #require(transcript.listings.first)
        let order = try #require(listing.services.first).servers.map(\.address)
        #expect(order.map(\.description) == ["198.18.0.13", "198.18.0.12", "198.18.0.11"])
        #expect(transcript.connections.first?.answer == "r3")
    }

    /// sh-port and mh-port hash the client port too: every connection the kernel listed at the
    /// end (client address and port -> real server) must hash to the same server here.
    @Test(arguments: ["sh", "mh"])
    func portHashing(_ scheduler: String) throws {
        let transcript = try OracleTranscript(fixture: scheduler)
        let replay = OracleReplay()
        try replay.run(transcript)
        let portService = ServiceKey.address(.tcp, InetAddress("198.18.0.101")!, 80)
        let svc = try #require(replay.table.service(portService))
        #expect(svc.flags.contains(scheduler == "sh" ? .shPort : .mhPort))
        let entries = transcript.connectionEntries.filter { $0.virtual == InetAddress("198.18.0.101")! }
        #expect(entries.count == 32)
        var servers = Set<InetAddress>()
        for e in entries {
            let request = ScheduleRequest(
                proto: .tcp, clientAddress: e.client, clientPort: e.clientPort,
                virtualAddress: e.virtual, virtualPort: 80)
            let picked = svc.scheduler.schedule(in: svc, request: request, now: .zero)
            #expect(picked?.address == e.destination, "\(e.client):\(e.clientPort)")
            servers.insert(e.destination)
        }
        #expect(servers.count == 3, "the port must spread one client over several servers")
    }
}

// MARK: - What the oracle printed

/// One oracle run, parsed: ipvsadm commands, connections and their answers, listings.
struct OracleTranscript {
    enum Kind: String { case get, from, short, hold }
    struct Connection {
        var kind: Kind
        var source: InetAddress?
        var virtual: InetAddress
        /// "r1".."r3", or "none" when no server answered.
        var answer: String
        /// The client reused the port of a connection the kernel still had (the real server
        /// closed first), so the kernel sent it to that connection's server without scheduling.
        var reused = false
    }
    struct ListedServer {
        var address: InetAddress
        var port: UInt16
        var weight: Int32
        var active: Int32
        var inactive: Int32
    }
    struct ListedService {
        var key: ServiceKey
        var servers: [ListedServer]
    }
    struct Listing { var services: [ListedService] }
    struct ConnectionEntry {
        var client: InetAddress
        var clientPort: UInt16
        var virtual: InetAddress
        var destination: InetAddress
    }
    enum Step {
        case command([String])
        case connection(Connection)
        case listing(Listing)
    }

    var steps: [Step] = []
    var connectionEntries: [ConnectionEntry] = []
    var connections: [Connection] { steps.compactMap { if case .connection(let c) = $0 { c } else { nil } } }
    var listings: [Listing] { steps.compactMap { if case .listing(let l) = $0 { l } else { nil } } }

    static func fixtureURL(_ name: String) -> URL {
        RepositoryPaths.oracleFixtures.appendingPathComponent("traffic/\(name).out")
    }

    init(fixture name: String) throws {
        let text = try String(contentsOf: Self.fixtureURL(name), encoding: .utf8)
        try self.init(text: text)
    }

    init(text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        var pending: [String]?
        func flush() {
            if let p = pending { steps.append(.command(p)) }
            pending = nil
        }
        while let line = lines.popFirst() {
            if line.hasPrefix("+ ipvsadm ") {
                flush()
                pending = line.split(separator: " ").dropFirst(2).map(String.init)
            } else if line.hasPrefix("rc=") {
                pending = nil  // ipvsadm refused it: the kernel table did not change
            } else if let arrow = line.range(of: " -> "), !line.hasPrefix(" ") {
                flush()
                let words = line[..<arrow.lowerBound].split(separator: " ").map(String.init)
                var answer = String(line[arrow.upperBound...])
                let reused = answer.hasSuffix(" (reused)")
                if reused { answer.removeLast(" (reused)".count) }
                guard let kind = Kind(rawValue: words[0]) else { throw ParseError(line: line) }
                if kind == .from {
                    steps.append(
                        .connection(
                            .init(
                                kind: kind, source: try Self.address(words[1]),
                                virtual: try Self.address(words[3]), answer: answer, reused: reused)))
                } else {
                    steps.append(
                        .connection(
                            .init(
                                kind: kind, source: nil, virtual: try Self.address(words[1]),
                                answer: answer, reused: reused)))
                }
            } else if line.hasPrefix("IP Virtual Server version") {
                flush()
                var services: [ListedService] = []
                _ = lines.popFirst()
                _ = lines.popFirst()  // the two header lines
                while let next = lines.first, next.hasPrefix("TCP  ") || next.hasPrefix("  -> ") {
                    lines.removeFirst()
                    let f = next.split(separator: " ").map(String.init)
                    if next.hasPrefix("TCP") {
                        let (a, p) = try Self.endpoint(f[1])
                        services.append(.init(key: .address(.tcp, a, p), servers: []))
                    } else {
                        let (a, p) = try Self.endpoint(f[1])
                        services[services.count - 1].servers.append(
                            .init(
                                address: a, port: p, weight: Int32(f[3])!, active: Int32(f[4])!, inactive: Int32(f[5])!)
                        )
                    }
                }
                steps.append(.listing(.init(services: services)))
            } else if line.hasPrefix("TCP ") {
                let f = line.split(separator: " ").map(String.init)
                let (c, cp) = try Self.endpoint(f[3])
                let (v, _) = try Self.endpoint(f[4])
                let (d, _) = try Self.endpoint(f[5])
                connectionEntries.append(.init(client: c, clientPort: cp, virtual: v, destination: d))
            }
        }
        flush()
    }

    struct ParseError: Error { var line: String }

    static func address(_ s: String) throws -> InetAddress {
        let bare = s.hasPrefix("[") ? String(s.dropFirst().dropLast()) : s
        guard let a = InetAddress(bare) else { throw ParseError(line: s) }
        return a
    }

    /// "198.18.0.1:80" or "[2001:db8::1]:80"; no port = 0.
    static func endpoint(_ s: String) throws -> (InetAddress, UInt16) {
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]") else { throw ParseError(line: s) }
            let a = try address(String(s[s.index(after: s.startIndex)..<close]))
            let rest = s[s.index(after: close)...]
            return (a, rest.hasPrefix(":") ? UInt16(rest.dropFirst()) ?? 0 : 0)
        }
        let parts = s.split(separator: ":")
        return (try address(String(parts[0])), parts.count > 1 ? UInt16(parts[1]) ?? 0 : 0)
    }
}

// MARK: - Replaying it

/// Drives an IPVSTable through a transcript. What each finished connection leaves behind is
/// modelled minimally: in DR the director sees only the client's packets, so a connection that
/// ended sits in FIN_WAIT (an inactive connection) for the rest of the run, and one held open is
/// ESTABLISHED (active). The listings the oracle printed check that model.
final class OracleReplay {
    let table = IPVSTable()
    var now = Instant.seconds(1000)
    var connections = 0
    var listings = 0
    var mismatches: [String] = []
    var counterMismatches: [String] = []
    let client = InetAddress("198.18.0.1")!

    func run(_ t: OracleTranscript) throws {
        for step in t.steps {
            now = now + 100
            switch step {
            case .command(let words): try table.apply(Self.operation(words), now: now)
            case .connection(let c): connect(c)
            case .listing(let l): compare(l)
            }
        }
    }

    func connect(_ c: OracleTranscript.Connection) {
        connections += 1
        // A reused connection was not scheduled and its server's counters did not move.
        if c.reused { return }
        let port: UInt16 = c.kind == .short || c.kind == .hold ? 81 : 80
        guard let svc = table.service(.address(.tcp, c.virtual, port)) else {
            mismatches.append("no service for \(c.virtual)")
            return
        }
        // The client port matters only with sh-port/mh-port, checked against the kernel's
        // connection list instead (portHashing).
        let portHashed = svc.flags.contains(.shPort) && ["sh", "mh"].contains(svc.config.scheduler)
        let request = ScheduleRequest(
            proto: .tcp, clientAddress: c.source ?? client, clientPort: 40000,
            virtualAddress: c.virtual, virtualPort: port)
        let picked = svc.scheduler.schedule(in: svc, request: request, now: now)
        let ours = picked.map(Self.name(of:)) ?? "none"
        if ours != c.answer && !portHashed {
            mismatches.append(
                "#\(connections) \(c.kind) \(c.source.map { "\($0) " } ?? "")\(c.virtual): kernel \(c.answer), ours \(ours)"
            )
        }
        // Follow the kernel's pick so one difference does not cascade.
        guard let server = svc.destinations.first(where: { Self.name(of: $0) == c.answer }) else { return }
        if c.kind == .hold { server.activeConnections += 1 } else { server.inactiveConnections += 1 }
        server.updateOverload()
    }

    func compare(_ l: OracleTranscript.Listing) {
        listings += 1
        for listed in l.services {
            guard let svc = table.service(listed.key) else {
                counterMismatches.append("missing \(listed.key)")
                continue
            }
            let ours = Dictionary(uniqueKeysWithValues: svc.destinations.map { ($0.address, $0) })
            if ours.count != listed.servers.count { counterMismatches.append("\(listed.key): server count") }
            for s in listed.servers {
                guard let o = ours[s.address] else {
                    counterMismatches.append("missing \(s.address)")
                    continue
                }
                if (o.weight, o.activeConnections, o.inactiveConnections) != (s.weight, s.active, s.inactive) {
                    counterMismatches.append(
                        "listing \(listings) \(listed.key) \(s.address): kernel w\(s.weight) \(s.active)/\(s.inactive), ours w\(o.weight) \(o.activeConnections)/\(o.inactiveConnections)"
                    )
                }
            }
        }
    }

    /// rN for 198.18.0.1N and 2001:db8::1N.
    static func name(of server: RealServer) -> String {
        let last = server.address.isV4 ? UInt64(server.address.v4 & 0xff) : server.address.low & 0xffff
        return "r\(last - (server.address.isV4 ? 10 : 0x10))"
    }

    /// The few ipvsadm forms the fixtures use: -A/-a/-e/-d with -t, -s, -b, -r, -g, -w, -x.
    static func operation(_ w: [String]) throws -> AdminOperation {
        var service: ServiceKey?
        var server: DestinationKey?
        var scheduler = "wlc"
        var flags: ServiceFlags = []
        var weight: Int32 = 1
        var upper: UInt32 = 0
        var i = 1
        while i < w.count {
            let value = i + 1 < w.count ? w[i + 1] : ""
            switch w[i] {
            case "-t":
                let (a, p) = try OracleTranscript.endpoint(value)
                service = .address(.tcp, a, p)
                i += 1
            case "-s":
                scheduler = value
                i += 1
            case "-b":
                for f in value.split(separator: ",") {
                    switch f {
                    case "sh-fallback", "mh-fallback": flags.insert(.schedFlag1)
                    case "sh-port", "mh-port": flags.insert(.schedFlag2)
                    default: throw OracleTranscript.ParseError(line: w.joined(separator: " "))
                    }
                }
                i += 1
            case "-r":
                let (a, p) = try OracleTranscript.endpoint(value)
                server = DestinationKey(address: a, port: p)
                i += 1
            case "-w":
                weight = Int32(value)!
                i += 1
            case "-x":
                upper = UInt32(value)!
                i += 1
            case "-g": break
            default: throw OracleTranscript.ParseError(line: w.joined(separator: " "))
            }
            i += 1
        }
        guard let service else { throw OracleTranscript.ParseError(line: w.joined(separator: " ")) }
        if var s = server, s.port == 0, case .address(_, _, let p) = service {
            s.port = p
            server = s
        }
        let dest = server.map { DestinationConfig(key: $0, forward: .route, weight: weight, upperThreshold: upper) }
        switch w[0] {
        case "-A": return .addService(ServiceConfig(key: service, scheduler: scheduler, flags: flags))
        case "-a": return .addDestination(service, dest!)
        case "-e": return .editDestination(service, dest!)
        case "-d": return .deleteDestination(service, server!)
        default: throw OracleTranscript.ParseError(line: w.joined(separator: " "))
        }
    }
}
