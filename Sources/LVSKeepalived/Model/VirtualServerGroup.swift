/// `virtual_server_group NAME { ... }`: addresses, ranges and firewall marks that
/// `virtual_server group NAME` virtual servers share one set of real servers and checkers over.
public struct VirtualServerGroup: Hashable, Sendable {
    public var name: String
    public var entries: [VirtualServerGroupEntry]
    public var location: SourceLocation

    public init(name: String, entries: [VirtualServerGroupEntry], location: SourceLocation) {
        self.name = name
        self.entries = entries
        self.location = location
    }

    public var addressRanges: [VirtualServerGroupEntry] {
        entries.filter { if case .addressRange = $0 { true } else { false } }
    }
    public var fwmarks: [VirtualServerGroupEntry] {
        entries.filter { if case .fwmark = $0 { true } else { false } }
    }
}
