import LVSVocabulary

/// What `ipvsadm -a/-e` sets on a real server.
public struct DestinationConfig: Hashable, Sendable, Codable {
    public var key: DestinationKey
    public var forward: ForwardMethod
    public var weight: Int32
    public var upperThreshold: UInt32  // 0 = none
    public var lowerThreshold: UInt32  // 0 = none
    public var tunnelType: TunnelType
    public var tunnelPort: UInt16
    public var tunnelFlags: TunnelFlags

    public init(
        key: DestinationKey, forward: ForwardMethod = .route, weight: Int32 = 1,
        upperThreshold: UInt32 = 0, lowerThreshold: UInt32 = 0,
        tunnelType: TunnelType = .ipip, tunnelPort: UInt16 = 0, tunnelFlags: TunnelFlags = []
    ) {
        self.key = key
        self.forward = forward
        self.weight = weight
        self.upperThreshold = upperThreshold
        self.lowerThreshold = lowerThreshold
        self.tunnelType = tunnelType
        self.tunnelPort = tunnelPort
        self.tunnelFlags = tunnelFlags
    }
}
