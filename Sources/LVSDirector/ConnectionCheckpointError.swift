/// Why a connection checkpoint file cannot be read back.
public enum ConnectionCheckpointError: Error, Equatable, CustomStringConvertible {
    /// It does not start with `ConnectionCheckpoint.magic`.
    case notACheckpoint
    /// It ends inside the message at `offset` (a file cut short).
    case truncated(offset: Int)
    /// The message at `offset` fails the sync protocol's checks.
    case badMessage(offset: Int, reason: String)

    public var description: String {
        switch self {
        case .notACheckpoint: "not a connection checkpoint (no header line)"
        case .truncated(let offset): "cut short in the message at byte \(offset)"
        case .badMessage(let offset, let reason): "the message at byte \(offset) is refused: \(reason)"
        }
    }
}
