import LVSVocabulary

/// Why the engine dropped a packet.
public enum EngineDropReason: UInt8, FrameReason {
    /// Its connection's real server was deleted (expire_nodest_conn=0 keeps the connection).
    case destinationUnavailable
    /// Source and destination of different address families, or similar nonsense.
    case malformed
    /// A new connection found the table at --max-connections (and drop_entry found no
    /// embryonic entry to make room).
    case connectionLimit
    /// drop_packet took this new connection's packet (kernel ip_vs_todrop).
    case defenceDropPacket

    public var label: String {
        switch self {
        case .destinationUnavailable: "destination_unavailable"
        case .malformed: "engine_malformed"
        case .connectionLimit: "connection_limit"
        case .defenceDropPacket: "drop_packet"
        }
    }
}
