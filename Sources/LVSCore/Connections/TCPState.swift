import LVSVocabulary

/// IPVS's view of a TCP connection (IP_VS_TCP_S_*). It is not the endpoints' TCP state:
/// the director sees one direction only in DR/TUN, so the tables are deliberately loose.
public enum TCPState: UInt8, CaseIterable, Hashable, Sendable, Codable {
    case none = 0
    case established, synSent, synReceived, finWait, timeWait, close, closeWait,
        lastAck, listen, synAck

    /// The name /proc/net/ip_vs_conn and `ipvsadm -L -c` print.
    public var name: String {
        switch self {
        case .none: "NONE"
        case .established: "ESTABLISHED"
        case .synSent: "SYN_SENT"
        case .synReceived: "SYN_RECV"
        case .finWait: "FIN_WAIT"
        case .timeWait: "TIME_WAIT"
        case .close: "CLOSE"
        case .closeWait: "CLOSE_WAIT"
        case .lastAck: "LAST_ACK"
        case .listen: "LISTEN"
        case .synAck: "SYNACK"
        }
    }

    /// States that count in a real server's ActiveConn (kernel tcp_state_active_table since 4.x):
    /// the handshake states count as active too, so a SYN flood shows up in the scheduler's load.
    public var isActive: Bool {
        switch self {
        case .established, .synSent, .synReceived, .synAck: true
        default: false
        }
    }

    /// Default timeout in seconds (kernel tcp_timeouts).
    public var defaultTimeoutSeconds: UInt32 {
        switch self {
        case .none: 2
        case .established: 900
        case .synSent: 120
        case .synReceived: 60
        case .finWait: 120
        case .timeWait: 120
        case .close: 10
        case .closeWait: 60
        case .lastAck: 30
        case .listen: 120
        case .synAck: 120
        }
    }
}
