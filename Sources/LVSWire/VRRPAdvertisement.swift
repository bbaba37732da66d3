import LVSVocabulary

/// The fields of a VRRP ADVERTISEMENT (RFC 3768 section 5.3, RFC 5798 section 5.2), the same for
/// sending and for what was received. Addresses are an array: VRRP is control plane (one advert
/// per second per instance), not the per-packet path.
public struct VRRPAdvertisement: Sendable, Hashable {
    public var version: VRRPVersion
    public var virtualRouterID: UInt8
    /// 255: the address owner; 0: the master is leaving.
    public var priority: UInt8
    /// In centiseconds for both versions (v2 sends whole seconds: a multiple of 100).
    public var advertisementInterval: Int
    /// The virtual addresses, all of one family (IPv4 for v2).
    public var addresses: [InetAddress]
    /// v2 only; v3 adverts have none.
    public var authentication: VRRPAuthentication

    public init(
        version: VRRPVersion, virtualRouterID: UInt8, priority: UInt8, advertisementInterval: Int,
        addresses: [InetAddress], authentication: VRRPAuthentication = .none
    ) {
        self.version = version
        self.virtualRouterID = virtualRouterID
        self.priority = priority
        self.advertisementInterval = advertisementInterval
        self.addresses = addresses
        self.authentication = authentication
    }
}
