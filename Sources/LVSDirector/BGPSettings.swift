import LVSVocabulary

/// `lvs director --bgp-peer ADDR --bgp-local-as N --bgp-peer-as M`: the one BGP session over
/// which the director announces its healthy VIPs to the router that spreads flows over all
/// directors (ECMP). The session is BIRD's (`BIRDConfiguration`); this is what it is built from.
public struct BGPSettings: Sendable, Hashable {
    /// The router's address on the peering link. Its family is the family of the VIPs announced.
    public var peer: InetAddress
    public var localAS: UInt32
    public var peerAS: UInt32
    /// BIRD's router id (an IPv4 address); nil lets BIRD take the lowest IPv4 address of the
    /// namespace's interfaces.
    public var routerID: InetAddress?
    /// The BGP hold time: a director that dies is taken out of the router's ECMP set at most
    /// this long after (BIRD dies with it, so the session times out at the router).
    public var holdTimeSeconds: Int

    /// Short, for the lab and for fast failover; RFC 4271 allows nothing below 3 but 0.
    public static let defaultHoldTimeSeconds = 3

    public init(
        peer: InetAddress, localAS: UInt32, peerAS: UInt32, routerID: InetAddress? = nil,
        holdTimeSeconds: Int = defaultHoldTimeSeconds
    ) {
        self.peer = peer
        self.localAS = localAS
        self.peerAS = peerAS
        self.routerID = routerID
        self.holdTimeSeconds = holdTimeSeconds
    }

    /// Why these settings cannot make a session, or nil.
    public var problem: String? {
        if localAS == 0 || peerAS == 0 { return "AS numbers must be between 1 and 4294967295" }
        if holdTimeSeconds < 3 || holdTimeSeconds > 65_535 {
            return "the hold time must be between 3 and 65535 seconds (RFC 4271)"
        }
        if let routerID, routerID.family != .inet { return "the router id must be an IPv4 address" }
        return nil
    }
}
