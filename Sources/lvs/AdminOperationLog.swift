import LVSCore
import LVSVocabulary
import Logging

/// One log line per table change an applied batch made ("service added", "real server
/// changed" with its weight...), for an operator's log collector. A big batch (an `-R` of
/// thousands of lines) gets one summary line instead, so a restore cannot flood the log.
enum AdminOperationLog {
    /// Batches with more operations than this are summarised.
    static let detailedUpTo = 32

    static func log(_ operations: [AdminOperation], to logger: Logger) {
        guard operations.count <= detailedUpTo else {
            var kinds: [String: Int] = [:]
            for op in operations { kinds[describe(op).message, default: 0] += 1 }
            logger.notice(
                "table changed by a batch",
                metadata: [
                    "operations": "\(operations.count)",
                    "kinds":
                        "\(kinds.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))",
                ])
            return
        }
        for op in operations {
            let (message, metadata) = describe(op)
            logger.notice("\(message)", metadata: metadata)
        }
    }

    static func describe(_ op: AdminOperation) -> (message: String, metadata: Logger.Metadata) {
        switch op {
        case .addService(let c): ("service added", service(c))
        case .editService(let c): ("service changed", service(c))
        case .deleteService(let k): ("service deleted", ["service": "\(name(k))"])
        case .clear: ("all services deleted", [:])
        case .addDestination(let k, let d): ("real server added", server(k, d))
        case .editDestination(let k, let d): ("real server changed", server(k, d))
        case .deleteDestination(let k, let d):
            ("real server deleted", ["service": "\(name(k))", "server": "\(endpoint(d.address, d.port))"])
        case .zero(let k): ("counters zeroed", k.map { ["service": "\(name($0))"] } ?? [:])
        case .setTimeouts(let t): ("timeouts set", ["tcp": "\(t.tcp)", "tcpfin": "\(t.tcpFin)", "udp": "\(t.udp)"])
        case .startSyncDaemon(let c): ("sync daemon started", ["role": "\(c.role)", "syncid": "\(c.syncID)"])
        case .stopSyncDaemon(let r): ("sync daemon stopped", ["role": "\(r)"])
        }
    }

    private static func service(_ c: ServiceConfig) -> Logger.Metadata {
        ["service": "\(name(c.key))", "scheduler": "\(c.scheduler)"]
    }

    private static func server(_ k: ServiceKey, _ d: DestinationConfig) -> Logger.Metadata {
        [
            "service": "\(name(k))", "server": "\(endpoint(d.key.address, d.key.port))",
            "forward": "\(d.forward.ipvsadmName)", "weight": "\(d.weight)",
        ]
    }

    /// As ipvsadm -L -n names it: `TCP 198.18.0.50:80`, `FWM 7`.
    static func name(_ k: ServiceKey) -> String {
        switch k {
        case .address(let proto, let address, let port): "\(proto.ipvsadmName) \(endpoint(address, port))"
        case .fwmark(let mark, _): "FWM \(mark)"
        }
    }

    private static func endpoint(_ address: InetAddress, _ port: UInt16) -> String {
        address.isV4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
