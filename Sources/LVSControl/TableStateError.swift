import LVSCore

/// Why a state file cannot be restored. The director refuses to start on any of these (unless
/// told `--fresh`) rather than serve an empty or partial table.
public enum TableStateError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case malformed(String)
    case unsupportedVersion(Int, supported: Int)
    /// The operations do not apply as one batch to an empty table (ipvsadm's checks).
    case refused(IPVSTable.BatchError)

    public var description: String {
        switch self {
        case .empty: "the file is empty"
        case .malformed(let why): "not a director state file: \(why)"
        case .unsupportedVersion(let v, let supported):
            "format version \(v) is not supported (this lvs reads version \(supported))"
        case .refused(let e):
            "operation \(e.index + 1) of the table is refused: \(e.error) (\(e.operation))"
        }
    }
}
