import LVSVocabulary

@testable import LVSCore

/// A small lab in the addresses the oracle fixtures use (Fixtures/oracle/conn/*.sh).
struct EngineLab {
    static let client = InetAddress("198.18.0.1")!
    static let vip = InetAddress("198.18.0.100")!
    static let vip2 = InetAddress("198.18.0.101")!
    static let drServer1 = InetAddress("198.18.0.11")!
    static let drServer2 = InetAddress("198.18.0.12")!
    static let natServer1 = InetAddress("198.18.1.11")!
    static let natServer2 = InetAddress("198.18.1.12")!

    let engine: IPVSEngine
    var now = Instant.seconds(1000)

    init(sysctls: IPVSSysctls = IPVSSysctls()) {
        engine = IPVSEngine(sysctls: sysctls)
    }

    /// Adds a service and its servers in the order the oracle scripts add them.
    func add(
        _ key: ServiceKey, scheduler: String = "rr", flags: ServiceFlags = [], timeout: UInt32 = 0,
        netmask: Int? = nil, servers: [(InetAddress, UInt16)], forward: ForwardMethod,
        upper: UInt32 = 0, lower: UInt32 = 0
    ) throws {
        var ops: [AdminOperation] = [
            .addService(
                ServiceConfig(
                    key: key, scheduler: scheduler, flags: flags,
                    timeout: timeout, netmaskPrefix: netmask))
        ]
        for (a, p) in servers {
            ops.append(
                .addDestination(
                    key,
                    DestinationConfig(
                        key: DestinationKey(address: a, port: p),
                        forward: forward, weight: 1,
                        upperThreshold: upper, lowerThreshold: lower)))
        }
        try engine.apply(ops, now: now)
    }

    func server(_ key: ServiceKey, _ a: InetAddress, _ p: UInt16) -> RealServer? {
        engine.table.service(key)?.destination(DestinationKey(address: a, port: p))
    }

    mutating func advance(ms: Int64) {
        now = now + ms
        engine.tick(now: now)
    }

    @discardableResult
    mutating func send(_ p: PacketMeta) -> EngineVerdict {
        now = now + 1
        return engine.process(p, now: now)
    }

    func rows() -> [ConnectionSnapshot] { engine.snapshot(now: now, includeConnections: true).connections }

    /// `ipvsadm -L -n -c` rows without the live timer, sorted (the fixtures pipe through sort).
    func connectionLines() -> [String] {
        rows().map { r in
            let proto = r.proto?.ipvsadmName ?? "IP"
            return
                "\(proto) \(r.stateName) \(r.clientAddress):\(r.clientPort) \(r.virtualAddress):\(r.virtualPort) \(r.destinationAddress):\(r.destinationPort)"
        }.sorted()
    }
}

/// One HTTP/1.0 exchange as the fixtures' wget + busybox httpd produce it: 7 client segments
/// (447 bytes: SYN 60, ACK 52, the 75-byte GET in 127, four more ACKs/FIN of 52) and, when the
/// director sees replies (NAT), 5 server segments (483 bytes).
enum HTTPExchange {
    struct Step {
        var fromClient: Bool
        var flags: TCPFlags
        var length: UInt32
    }
    static let steps: [Step] = [
        Step(fromClient: true, flags: .syn, length: 60),
        Step(fromClient: false, flags: [.syn, .ack], length: 60),
        Step(fromClient: true, flags: .ack, length: 52),
        Step(fromClient: true, flags: [.psh, .ack], length: 127),
        Step(fromClient: false, flags: [.psh, .ack], length: 259),
        Step(fromClient: true, flags: .ack, length: 52),
        Step(fromClient: false, flags: [.psh, .ack], length: 60),
        Step(fromClient: true, flags: .ack, length: 52),
        Step(fromClient: false, flags: [.fin, .ack], length: 52),
        Step(fromClient: true, flags: .ack, length: 52),
        Step(fromClient: true, flags: [.fin, .ack], length: 52),
        Step(fromClient: false, flags: .ack, length: 52),
    ]
}

extension EngineLab {
    /// Replays one exchange from `clientPort`. With `replies` the real server's segments come
    /// back through the director (NAT), from wherever the SYN was forwarded.
    /// Returns the verdicts of the client's packets.
    @discardableResult
    mutating func http(
        from clientPort: UInt16, to vip: InetAddress = EngineLab.vip, vport: UInt16 = 80,
        replies: Bool = false
    ) -> [EngineVerdict] {
        var verdicts: [EngineVerdict] = []
        var server: (InetAddress, UInt16)?
        for s in HTTPExchange.steps {
            if s.fromClient {
                let v = send(.tcp(from: EngineLab.client, clientPort, to: vip, vport, flags: s.flags, length: s.length))
                if case .forward(let f) = v, server == nil { server = (f.address, f.port) }
                verdicts.append(v)
            } else if replies, let (a, p) = server {
                send(
                    .tcp(
                        from: a, p, to: EngineLab.client, clientPort, flags: s.flags, length: s.length,
                        origin: .realServer))
            }
        }
        return verdicts
    }
}
