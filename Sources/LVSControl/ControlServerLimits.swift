import NIOCore

/// What one control socket lets its clients hold: connections at once, time without a
/// complete request, and the longest request line (a privileged peer's `ipvsadm -R` batch can
/// be large; nobody else sends more than a listing request).
public struct ControlServerLimits: Sendable {
    /// Per class of peer: privileged ones and the others (see `ControlConnectionCounter`).
    public var maximumConnections: Int
    public var idleTimeout: TimeAmount
    public var maximumPrivilegedLine: Int
    public var maximumUnprivilegedLine: Int
    /// How long accepting pauses when the process is out of descriptors (EMFILE/ENFILE).
    public var acceptBackoff: TimeAmount
    /// 64 MiB: enough for an `ipvsadm -R` batch of about 300,000 services.
    public static let defaultMaximumLine = 64 << 20

    public init(
        maximumConnections: Int = 256, idleTimeout: TimeAmount = .seconds(10),
        maximumPrivilegedLine: Int = ControlServerLimits.defaultMaximumLine, maximumUnprivilegedLine: Int = 64 << 10,
        acceptBackoff: TimeAmount = .milliseconds(200)
    ) {
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.maximumPrivilegedLine = maximumPrivilegedLine
        self.maximumUnprivilegedLine = maximumUnprivilegedLine
        self.acceptBackoff = acceptBackoff
    }
}
