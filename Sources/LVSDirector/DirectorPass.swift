import LVSCore

/// Any frame the data plane left to the kernel, by the layer that decided. `index` places every
/// reason in one flat counter array: the engine's first, then the director's own.
public enum DirectorPass: Hashable, Sendable, CustomStringConvertible {
    case engine(PassReason)
    case director(DirectorPassReason)

    /// Every pass, in counter-index order.
    public static let all: [DirectorPass] =
        PassReason.allCases.map(DirectorPass.engine) + DirectorPassReason.allCases.map(DirectorPass.director)
    public static let count = all.count
    private static let directorBase = PassReason.allCases.count

    @inline(__always)
    public var index: Int {
        switch self {
        case .engine(let r): Int(r.rawValue)
        case .director(let r): Self.directorBase + Int(r.rawValue)
        }
    }

    public var label: String {
        switch self {
        case .engine(let r): r.label
        case .director(let r): r.label
        }
    }

    public var description: String { label }
}
