import LVSCore
import LVSVocabulary
import LVSWire

/// A route of the kernel's main table (IPv4 or IPv6) that leaves through one of the director's
/// interfaces.
public struct DirectorRoute: Sendable, Equatable {
    public var family: InetAddress.Family
    /// The IPv4 prefix (IPv4 routes).
    public var prefix: UInt32
    /// The IPv6 prefix's two halves (IPv6 routes).
    public var prefixHigh: UInt64
    public var prefixLow: UInt64
    public var prefixLength: Int
    /// Interface slot.
    public var interface: Int
    /// The gateway, nil for a directly connected network.
    public var gateway: InetAddress?
    public var metric: UInt32

    /// An IPv4 route.
    public init(prefix: UInt32, prefixLength: Int, interface: Int, gateway: InetAddress? = nil, metric: UInt32 = 0) {
        family = .inet
        self.prefixLength = max(0, min(32, prefixLength))
        self.prefix = prefix & DirectorRoute.mask(self.prefixLength)
        prefixHigh = 0
        prefixLow = 0
        self.interface = interface
        self.gateway = gateway
        self.metric = metric
    }

    /// An IPv6 route.
    public init(
        prefix6 address: InetAddress, prefixLength: Int, interface: Int, gateway: InetAddress? = nil,
        metric: UInt32 = 0
    ) {
        family = .inet6
        self.prefixLength = max(0, min(128, prefixLength))
        prefix = 0
        let (mh, ml) = DirectorRoute.mask6(self.prefixLength)
        prefixHigh = address.high & mh
        prefixLow = address.low & ml
        self.interface = interface
        self.gateway = gateway
        self.metric = metric
    }

    @inline(__always)
    static func mask(_ length: Int) -> UInt32 { length <= 0 ? 0 : UInt32.max << UInt32(32 - min(32, length)) }

    @inline(__always)
    static func mask6(_ length: Int) -> (UInt64, UInt64) {
        if length <= 0 { return (0, 0) }
        if length <= 64 { return (UInt64.max << UInt64(64 - length), 0) }
        return (UInt64.max, length >= 128 ? UInt64.max : UInt64.max << UInt64(128 - length))
    }

    @inline(__always)
    func matches(_ a: InetAddress) -> Bool {
        guard a.family == family else { return false }
        if family == .inet { return a.v4 & Self.mask(prefixLength) == prefix }
        let (mh, ml) = Self.mask6(prefixLength)
        return a.high & mh == prefixHigh && a.low & ml == prefixLow
    }
}
