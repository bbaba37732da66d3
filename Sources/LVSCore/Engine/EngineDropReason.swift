import LVSVocabulary

/// Why the engine dropped a packet.
public enum EngineDropReason: UInt8, FrameReason {
    /// Its connection's real server was deleted (expire_nodest_conn=0 keeps the connection).
    case destinationUnavailable
    /// Source and destination of different address families, or similar nonsense.
    case malformed

    public var label: String {
        switch self {
        case .destinationUnavailable: "destination_unavailable"
        case .malformed: "engine_malformed"
        }
    }
}
