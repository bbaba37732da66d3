/// A whole keepalived.conf as the LVS half sees it, with keepalived's defaults filled in and the
/// inheritance (virtual server -> real server -> checker) resolved.
public struct KeepalivedConfiguration: Hashable, Sendable {
    public var globalDefinitions: GlobalDefinitions
    public var virtualServerGroups: [VirtualServerGroup]
    public var virtualServers: [VirtualServer]
    public var ssl: SSLContext?
    /// Root blocks read elsewhere (vrrp_instance, vrrp_sync_group, vrrp_script, static_ipaddress,
    /// static_routes, track_file, bfd_instance, ...), in file order, as parsed.
    public var otherBlocks: [ConfigNode]

    public init(
        globalDefinitions: GlobalDefinitions = GlobalDefinitions(),
        virtualServerGroups: [VirtualServerGroup] = [],
        virtualServers: [VirtualServer] = [], ssl: SSLContext? = nil, otherBlocks: [ConfigNode] = []
    ) {
        self.globalDefinitions = globalDefinitions
        self.virtualServerGroups = virtualServerGroups
        self.virtualServers = virtualServers
        self.ssl = ssl
        self.otherBlocks = otherBlocks
    }

    public func virtualServerGroup(named name: String) -> VirtualServerGroup? {
        virtualServerGroups.first { $0.name == name }
    }
}
