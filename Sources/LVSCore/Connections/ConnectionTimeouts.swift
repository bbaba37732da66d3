/// Per-state connection timeouts in milliseconds, derived from the table's `--set` values:
/// `--set` changes only TCP ESTABLISHED, TCP FIN_WAIT and UDP (kernel ip_vs_set_timeout).
public struct ConnectionTimeouts: Hashable, Sendable {
    private var tcp: [Int64]
    public var udp: Int64

    public init(_ t: IPVSTimeouts = IPVSTimeouts()) {
        tcp = TCPState.allCases.map { Int64($0.defaultTimeoutSeconds) * 1000 }
        tcp[Int(TCPState.established.rawValue)] = Int64(t.tcp) * 1000
        tcp[Int(TCPState.finWait.rawValue)] = Int64(t.tcpFin) * 1000
        udp = Int64(t.udp) * 1000
    }

    public func tcp(_ state: TCPState) -> Int64 { tcp[Int(state.rawValue)] }

    /// A fresh connection's timeout before its first state transition (ip_vs_conn_new: 3 s).
    public static let initial: Int64 = 3000
    /// How long a template that still controls connections waits before trying again.
    public static let controllingRetry: Int64 = 60_000
}
