import LVSCore
import LVSWire

/// Any drop the data plane counts, by the layer that named it. `index` places every reason in
/// one flat counter array: wire reasons first, then the engine's, then the director's own.
public enum DirectorDrop: Hashable, Sendable, CustomStringConvertible {
    case wire(DropReason)
    case engine(EngineDropReason)
    case director(DirectorDropReason)

    /// Every drop, in counter-index order: the one list that counters, logs and metrics read.
    public static let all: [DirectorDrop] =
        DropReason.allCases.map(DirectorDrop.wire) + EngineDropReason.allCases.map(DirectorDrop.engine)
        + DirectorDropReason.allCases.map(DirectorDrop.director)
    public static let count = all.count
    private static let engineBase = DropReason.allCases.count
    private static let directorBase = engineBase + EngineDropReason.allCases.count

    @inline(__always)
    public var index: Int {
        switch self {
        case .wire(let r): Int(r.rawValue)
        case .engine(let r): Self.engineBase + Int(r.rawValue)
        case .director(let r): Self.directorBase + Int(r.rawValue)
        }
    }

    public var label: String {
        switch self {
        case .wire(let r): r.label
        case .engine(let r): r.label
        case .director(let r): r.label
        }
    }

    public var description: String { label }
}
