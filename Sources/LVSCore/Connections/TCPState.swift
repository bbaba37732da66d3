import LVSVocabulary

/// IPVS's view of a TCP connection (IP_VS_TCP_S_*). It is not the endpoints' TCP state:
/// the director sees one direction only in DR/TUN, so the tables are deliberately loose.
public enum TCPState: UInt8, CaseIterable, Hashable, Sendable, Codable {
    case none = 0, established, synSent, synReceived, finWait, timeWait, close, closeWait,
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

/// Which of the kernel's three TCP tables applies to a packet.
public enum TCPTableDirection: UInt8, Hashable, Sendable {
    /// Client to server through the director (NAT connections).
    case input
    /// Server reply through the director (NAT only).
    case output
    /// Client to server when the director never sees replies (DR, TUN: IP_VS_CONN_F_NOOUTPUT).
    case inputOnly
}

/// The kernel's TCP state tables (ip_vs_proto_tcp.c tcp_states / tcp_states_dos) as a value:
/// `next(from:direction:flags:)` returns the new state and nothing else; the caller does the
/// bookkeeping (active/inactive counts, timeouts).
public struct TCPStateMachine: Hashable, Sendable {
    /// secure_tcp: the tables that wait for the full handshake before ESTABLISHED.
    public var secure: Bool
    public init(secure: Bool = false) { self.secure = secure }

    /// Event precedence is RST > SYN > FIN > ACK; a segment with none of them moves the
    /// connection to CLOSE, as the kernel does.
    public func next(from state: TCPState, direction: TCPTableDirection, flags: TCPFlags) -> TCPState {
        let event: Int
        if flags.contains(.rst) { event = 3 }
        else if flags.contains(.syn) { event = 0 }
        else if flags.contains(.fin) { event = 1 }
        else if flags.contains(.ack) { event = 2 }
        else { return .close }
        let table = secure ? TCPStateMachine.secureTable : TCPStateMachine.normalTable
        let row = Int(direction.rawValue) * 4 + event
        return table[row * 11 + Int(state.rawValue)]
    }

    // Rows: INPUT syn fin ack rst, OUTPUT syn fin ack rst, INPUT-ONLY syn fin ack rst.
    // Columns: NO ES SS SR FW TW CL CW LA LI SA.
    private static let NO = TCPState.none, ES = TCPState.established, SS = TCPState.synSent,
        SR = TCPState.synReceived, FW = TCPState.finWait, TW = TCPState.timeWait,
        CL = TCPState.close, CW = TCPState.closeWait, LA = TCPState.lastAck,
        LI = TCPState.listen, SA = TCPState.synAck

    static let normalTable: [TCPState] = [
        SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR,
        CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW,
        ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES,
        CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR,

        SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR,
        TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW,
        ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES,
        CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL,

        SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR,
        CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW,
        ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES,
        CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL,
    ]

    static let secureTable: [TCPState] = [
        SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SA,
        CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, SA,
        ES, ES, SS, SR, FW, TW, CL, CW, CL, LI, SA,
        CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL,

        SS, ES, SS, SA, SS, SS, SS, SS, SS, LI, SA,
        TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW,
        ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES,
        CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL,

        SA, ES, ES, SR, SA, SA, SA, SA, SA, SA, SA,
        CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW,
        ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES,
        CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL,
    ]
}
