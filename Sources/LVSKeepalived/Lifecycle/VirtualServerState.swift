import LVSCore

/// A virtual server as keepalived tracks it (virtual_server_t).
struct VirtualServerState: Hashable, Sendable {
    var key: VirtualServerKey
    var server: VirtualServer
    /// As keepalived names it in messages (format_vs).
    var name: String
    var targets: [VirtualServiceTarget]
    /// Its services were added to the kernel.
    var alive = false
    var quorumUp = false
    var reloaded = false
    /// The group's entries (empty for other virtual servers).
    var groupEntries: [VirtualServerGroupEntry] = []
    /// Group entries that were already there before a reload, and their services.
    var reloadedEntries: [VirtualServerGroupEntry] = []
    var reloadedTargets: Set<ServiceKey> = []
    var realServers: [RealServerState]
    var sorryServer: RealServerState?
    /// The sorry server is also one of the real servers (s_svr_duplicates_rs): it then shares
    /// the real server's inhibit_on_failure, and is not added or removed on its own at start and stop.
    var sorryServerDuplicatesRealServer = false

    init(key: VirtualServerKey, server: VirtualServer, groups: [VirtualServerGroup]) {
        self.key = key
        self.server = server
        self.targets = VirtualServiceTarget.targets(of: server, groups: groups)
        if case .group(let name) = server.address {
            groupEntries = VirtualServiceTarget.groupEntries(of: name, in: groups)
        }
        switch key {
        case .group(let group, let member): name = "[\(group)]:\(member)"
        default: name = server.displayName
        }
        realServers = server.realServers.map {
            RealServerState(key: RealServerKey(virtualServer: key, address: $0.address, port: $0.port), server: $0)
        }
        sorryServer = server.sorryServer.map {
            RealServerState(key: RealServerKey(virtualServer: key, address: $0.address, port: $0.port), sorry: $0)
        }
        if let sorry = sorryServer,
            let twin = realServers.last(where: { $0.address == sorry.address && $0.port == sorry.port })
        {
            sorryServer?.inhibit = twin.inhibit
            sorryServerDuplicatesRealServer = true
        }
    }

    var isGroup: Bool {
        if case .group = key { true } else { false }
    }

    /// How keepalived names a real server of this virtual server (format_rs).
    func name(of server: RealServerState) -> String {
        "[\(server.address)]:\(VirtualServer.protocolWord(self.server.transportProtocol)):\(server.port)"
    }

    /// The sum of the live real servers' weights (weigh_live_realservers).
    var liveWeight: Int64 {
        realServers.filter(\.alive).reduce(0) { $0 + Int64(RealServerState.kernelWeight($1.effectiveWeight)) }
    }

    /// The virtual servers of a configuration with their reload identities, in file order.
    static func states(of configuration: KeepalivedConfiguration) -> [VirtualServerState] {
        var members: [String: Int] = [:]
        return configuration.virtualServers.map { server in
            let key: VirtualServerKey
            switch server.address {
            case .address(let address, let port):
                key = .address(server.transportProtocol, address, port: port)
            case .fwmark(let mark):
                key = .fwmark(mark, server.family ?? .inet)
            case .group(let name):
                let member = members[name, default: 0]
                members[name] = member + 1
                key = .group(name, member: member)
            }
            return VirtualServerState(key: key, server: server, groups: configuration.virtualServerGroups)
        }
    }
}
