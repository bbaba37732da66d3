/// What a receiving instance requires of an advert beyond the protocol's own rules.
public struct VRRPReceivePolicy: Sendable, Hashable {
    /// nil accepts both versions (a sniffer); an instance requires its own.
    public var version: VRRPVersion?
    /// RFC: multicast adverts must arrive with TTL / hop limit 255. keepalived skips the check
    /// for unicast peers, which may be routers away.
    public var requiresHopLimit255: Bool
    /// v2: the configured authentication; nil accepts any supported type and password.
    public var authentication: VRRPAuthentication?
    /// v2: the configured interval in centiseconds; a different one is dropped, as keepalived does
    /// ("to prevent concurrent VRID running"). v3 adverts may differ (RFC 5798 follows the master).
    public var advertisementInterval: Int?
    public var checksumMode: VRRPChecksumMode
    /// The instance's VRID; nil accepts any.
    public var virtualRouterID: UInt8?
    /// true: adverts must come to a unicast address (unicast_peer configured); false: to a
    /// multicast group; nil: either.
    public var expectsUnicast: Bool?

    public init(
        version: VRRPVersion? = nil, requiresHopLimit255: Bool = true, authentication: VRRPAuthentication? = nil,
        advertisementInterval: Int? = nil, checksumMode: VRRPChecksumMode = .rfc5798,
        virtualRouterID: UInt8? = nil, expectsUnicast: Bool? = nil
    ) {
        self.virtualRouterID = virtualRouterID
        self.expectsUnicast = expectsUnicast
        self.version = version
        self.requiresHopLimit255 = requiresHopLimit255
        self.authentication = authentication
        self.advertisementInterval = advertisementInterval
        self.checksumMode = checksumMode
    }
}
