import LVSVocabulary

/// Sync daemon settings (`--start-daemon`).
public struct SyncDaemonConfig: Hashable, Sendable, Codable {
    public enum Role: String, Hashable, Sendable, Codable { case master, backup }
    public var role: Role
    public var interface: String
    public var syncID: UInt8
    public var maxLength: UInt16  // 0 = default
    public var mcastGroup: InetAddress?
    public var mcastPort: UInt16  // 0 = default 8848
    public var mcastTTL: UInt8  // 0 = default 1
    public init(
        role: Role, interface: String, syncID: UInt8 = 0, maxLength: UInt16 = 0,
        mcastGroup: InetAddress? = nil, mcastPort: UInt16 = 0, mcastTTL: UInt8 = 0
    ) {
        self.role = role
        self.interface = interface
        self.syncID = syncID
        self.maxLength = maxLength
        self.mcastGroup = mcastGroup
        self.mcastPort = mcastPort
        self.mcastTTL = mcastTTL
    }
}
