import Foundation
import IPVSAdm
import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

/// One oracle capture: `Fixtures/oracle/cli-list/NAME.out`, cut into the sections the scripts
/// start with `== ipvsadm ARGS`.
struct OracleSection {
    var args: [String]
    var body: String
    var title: String { (["ipvsadm"] + args).joined(separator: " ") }
}

enum OracleFixture {
    static let directory = RepositoryPaths.oracleFixtures.appendingPathComponent("cli-list")

    static func sections(_ name: String) throws -> [OracleSection] {
        let text = try String(contentsOf: directory.appendingPathComponent("\(name).out"), encoding: .utf8)
        var sections: [OracleSection] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line == "== ipvsadm" || line.hasPrefix("== ipvsadm ") {
                let args = line.dropFirst("== ipvsadm".count).split(separator: " ").map(String.init)
                sections.append(OracleSection(args: args, body: ""))
            } else if !sections.isEmpty {
                sections[sections.count - 1].body += line + "\n"
            }
        }
        // `echo rc=$?` lines belong to the script, not to ipvsadm's output.
        for i in sections.indices {
            var lines = sections[i].body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            while let last = lines.last, last.hasPrefix("rc="), Int(last.dropFirst(3)) != nil { lines.removeLast() }
            sections[i].body = lines.map { $0 + "\n" }.joined()
        }
        return sections
    }
}

/// What an `ipvsadm` list/save command line of a fixture asks the formatter for.
enum FixtureInvocation {
    case list(ListOptions)
    case save(numeric: Bool, service: ServiceKey?)

    /// Reads the few argument forms the fixtures use (no bundled short options).
    init(_ args: [String], resolver: any NameResolver) throws {
        var options = ListOptions()
        var save = false
        var i = 0
        var fwmark: UInt32? = nil
        var fwmarkV6 = false
        func next() throws -> String {
            i += 1
            return try #require(i < args.count ? args[i] : nil, "missing value after \(args[i - 1])")
        }
        while i < args.count {
            switch args[i] {
            case "-L", "-l", "--list": break
            case "-S", "--save": save = true
            case "-n", "--numeric": options.numeric = true
            case "-c", "--connection": options.connections = true
            case "--stats": options.stats = true
            case "--rate": options.rate = true
            case "--exact": options.exact = true
            case "--thresholds": options.thresholds = true
            case "--persistent-conn": options.persistentConnections = true
            case "--tun-info": options.tunnelInfo = true
            case "--nosort": options.noSort = true
            case "--timeout": options.timeout = true
            case "--daemon": options.daemon = true
            case "-6": fwmarkV6 = true
            case "-f":
                let text = try next()
                fwmark = try #require(UInt32(text) as UInt32?, "fwmark \(text)")
            case "-t": options.service = try Self.service(.tcp, try next(), resolver)
            case "-u": options.service = try Self.service(.udp, try next(), resolver)
            case "--sctp-service": options.service = try Self.service(.sctp, try next(), resolver)
            default: Issue.record("fixture argument not understood: \(args[i])")
            }
            i += 1
        }
        if let fwmark { options.service = .fwmark(fwmark, fwmarkV6 ? .inet6 : .inet) }
        self = save ? .save(numeric: options.numeric, service: options.service) : .list(options)
    }

    private static func service(
        _ proto: TransportProtocol, _ text: String, _ resolver: any NameResolver
    ) throws -> ServiceKey {
        let (host, port) = try splitEndpoint(text)
        let address = try #require(InetAddress(host) ?? resolver.address(forHost: host, family: nil), "host \(host)")
        let number = try #require(UInt16(port) ?? resolver.port(forService: port, proto: proto), "port \(port)")
        return .address(proto, address, number)
    }

    static func splitEndpoint(_ text: String) throws -> (String, String) {
        if text.hasPrefix("[") {
            let close = try #require(text.firstIndex(of: "]"), "no ] in \(text)")
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            return (host, rest.hasPrefix(":") ? String(rest.dropFirst()) : "0")
        }
        let colon = try #require(text.lastIndex(of: ":"), "no port in \(text)")
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// What ipvsadm prints on stdout, plus "No such service" (its stderr) for a missing service.
    func output(_ snapshot: TableSnapshot, resolver: any NameResolver) -> String {
        switch self {
        case .list(let options):
            if let key = options.service, !options.connections, !IPVSAdmFormatter.hasService(snapshot, key) {
                return "No such service\n"
            }
            return IPVSAdmFormatter.list(snapshot, options: options, resolver: resolver)
        case .save(let numeric, let service):
            return IPVSAdmFormatter.save(snapshot, numeric: numeric, service: service, resolver: resolver)
        }
    }
}

/// Asserts every section of a fixture byte for byte. `snapshotFor` gives the table the
/// section was printed from (most fixtures use one table throughout).
func expectFixture(
    _ name: String, resolver: any NameResolver = NumericOnlyResolver(),
    sourceLocation: SourceLocation = #_sourceLocation,
    snapshotFor: (_ index: Int, _ section: OracleSection) -> TableSnapshot
) throws {
    let sections = try OracleFixture.sections(name)
    #expect(!sections.isEmpty, "no sections in \(name).out", sourceLocation: sourceLocation)
    for (index, section) in sections.enumerated() {
        let invocation = try FixtureInvocation(section.args, resolver: resolver)
        let actual = invocation.output(snapshotFor(index, section), resolver: resolver)
        #expect(
            actual == section.body, "\(name).out: \(section.title)\n\(firstDifference(section.body, actual))",
            sourceLocation: sourceLocation)
    }
}

func firstDifference(_ expected: String, _ actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? String(e[i]) : "<none>"
        let al = i < a.count ? String(a[i]) : "<none>"
        if el != al { return "line \(i + 1):\n  expected: [\(el)]\n  actual:   [\(al)]" }
    }
    return "(identical)"
}

// MARK: Building snapshots

func ip(_ text: String) -> InetAddress {
    if let address = InetAddress(text) { return address }
    Issue.record("bad address in test: \(text)")
    return InetAddress(v4: 0)
}

private func endpoint(_ text: String) -> (InetAddress, UInt16) {
    guard let (host, port) = try? FixtureInvocation.splitEndpoint(text), let number = UInt16(port) else {
        Issue.record("bad endpoint in test: \(text)")
        return (InetAddress(v4: 0), 0)
    }
    return (ip(host), number)
}

func tcp(_ text: String) -> ServiceKey {
    let (a, p) = endpoint(text)
    return .address(.tcp, a, p)
}
func udp(_ text: String) -> ServiceKey {
    let (a, p) = endpoint(text)
    return .address(.udp, a, p)
}
func sctp(_ text: String) -> ServiceKey {
    let (a, p) = endpoint(text)
    return .address(.sctp, a, p)
}
func fwm(_ mark: UInt32, v6: Bool = false) -> ServiceKey { .fwmark(mark, v6 ? .inet6 : .inet) }

func counters(
    _ conns: UInt64, _ inPkts: UInt64, _ outPkts: UInt64, _ inBytes: UInt64, _ outBytes: UInt64
) -> TrafficCounters {
    var c = TrafficCounters()
    c.connections = conns
    c.inPackets = inPkts
    c.outPackets = outPkts
    c.inBytes = inBytes
    c.outBytes = outBytes
    return c
}

func rates(_ cps: UInt32, _ inPPS: UInt32, _ outPPS: UInt32, _ inBPS: UInt32, _ outBPS: UInt32) -> TrafficRates {
    var r = TrafficRates()
    r.cps = cps
    r.inPPS = inPPS
    r.outPPS = outPPS
    r.inBPS = inBPS
    r.outBPS = outBPS
    return r
}

/// A virtual service; `persistent` is the timeout in seconds, `mask` the persistence prefix.
func svc(
    _ key: ServiceKey, _ scheduler: String, flags: ServiceFlags = [], persistent: UInt32? = nil,
    mask: Int? = nil, pe: String = "", stats: TrafficCounters = TrafficCounters(),
    rate: TrafficRates = TrafficRates(), _ destinations: [DestinationSnapshot] = []
) -> ServiceSnapshot {
    var f = flags
    if persistent != nil { f.insert(.persistent) }
    let config = ServiceConfig(
        key: key, scheduler: scheduler, flags: f, timeout: persistent ?? 0,
        netmaskPrefix: mask, persistenceEngine: pe)
    return ServiceSnapshot(config: config, counters: stats, rates: rate, destinations: destinations)
}

/// A real server as ipvsadm shows it: `address:port`, forwarding method, weight and so on.
func dst(
    _ text: String, _ forward: ForwardMethod, w: Int32 = 1, x: UInt32 = 0, y: UInt32 = 0,
    tun: TunnelType = .ipip, tport: UInt16 = 0, tflags: TunnelFlags = [],
    active: UInt32 = 0, inactive: UInt32 = 0, persist: UInt32 = 0,
    stats: TrafficCounters = TrafficCounters(), rate: TrafficRates = TrafficRates()
) -> DestinationSnapshot {
    let (a, p) = endpoint(text)
    let config = DestinationConfig(
        key: DestinationKey(address: a, port: p), forward: forward, weight: w,
        upperThreshold: x, lowerThreshold: y, tunnelType: tun, tunnelPort: tport,
        tunnelFlags: tflags)
    return DestinationSnapshot(
        config: config, activeConnections: active, inactiveConnections: inactive,
        persistentConnections: persist, counters: stats, rates: rate)
}

/// A connection entry; `expires` in seconds as ipvsadm shows it (mm:ss).
func conn(
    _ proto: TransportProtocol?, _ client: String, _ virtual: String, _ destination: String,
    _ state: String, expires: Int64, template: Bool = false
) -> ConnectionSnapshot {
    let (ca, cp) = endpoint(client)
    let (va, vp) = endpoint(virtual)
    let (da, dp) = endpoint(destination)
    return ConnectionSnapshot(
        proto: proto, clientAddress: ca, clientPort: cp, virtualAddress: va, virtualPort: vp,
        destinationAddress: da, destinationPort: dp, stateName: state,
        expiresInMilliseconds: expires * 1000 + 400, isTemplate: template)
}

/// Names from fixed tables, as /etc/hosts and /etc/services give them in the names fixture.
struct TableResolver: NameResolver {
    var hosts: [InetAddress: String]
    var services: [TransportProtocol: [UInt16: String]]
    func hostName(for address: InetAddress) -> String? { hosts[address] }
    func serviceName(for port: UInt16, proto: TransportProtocol) -> String? { services[proto]?[port] }
    func address(forHost name: String, family: InetAddress.Family?) -> InetAddress? {
        hosts.first { $0.value == name }?.key
    }
    func port(forService name: String, proto: TransportProtocol) -> UInt16? {
        services[proto]?.first { $0.value == name }?.key
    }
}
