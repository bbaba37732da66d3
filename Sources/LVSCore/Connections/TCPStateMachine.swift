import LVSVocabulary

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
        if flags.contains(.rst) {
            event = 3
        } else if flags.contains(.syn) {
            event = 0
        } else if flags.contains(.fin) {
            event = 1
        } else if flags.contains(.ack) {
            event = 2
        } else {
            return .close
        }
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
