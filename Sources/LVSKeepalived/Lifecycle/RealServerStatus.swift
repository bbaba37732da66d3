/// One real server in `KeepalivedStatus`.
public struct RealServerStatus: Hashable, Sendable {
    public var key: RealServerKey
    public var name: String
    /// All its checkers pass (and it has joined the pool unless the sorry server holds it).
    public var alive: Bool
    /// In the kernel table, at weight 0 when inhibited and down.
    public var inTable: Bool
    /// The effective weight (configured, or misc_dynamic's).
    public var weight: Int32
    public var checkers: [CheckerStatus]

    public init(key: RealServerKey, name: String, alive: Bool, inTable: Bool, weight: Int32, checkers: [CheckerStatus])
    {
        self.key = key
        self.name = name
        self.alive = alive
        self.inTable = inTable
        self.weight = weight
        self.checkers = checkers
    }
    public var failedCheckers: [CheckerStatus] { checkers.filter { !$0.isUp } }
    /// The most recent reason among its failed checkers.
    public var lastFailureReason: String? { failedCheckers.compactMap(\.lastFailureReason).last }
}
