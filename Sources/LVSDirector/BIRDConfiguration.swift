import LVSVocabulary

/// The BIRD 2 configuration a director with `--bgp-peer` runs: one static protocol holding a
/// /32 (/128) blackhole route per VIP to announce, exported to the one BGP peer with the
/// director's own address on the peering link as next hop. Nothing is imported and no kernel
/// protocol exists: BIRD never touches the director's routing table, it only speaks for it.
public enum BIRDConfiguration {
    /// The static protocol's name: the BGP export filter takes exactly its routes.
    public static let staticProtocol = "lvs_vips"
    public static let peerProtocol = "lvs_peer"

    /// The whole file for `settings`, announcing `addresses` (those of the peer's family; the
    /// others cannot have this session's next hop and are left out).
    public static func text(_ settings: BGPSettings, announcing addresses: [InetAddress]) -> String {
        let channel = settings.peer.family == .inet ? "ipv4" : "ipv6"
        let prefix = settings.peer.family == .inet ? 32 : 128
        let routes = Set(addresses.filter { $0.family == settings.peer.family }).map(\.description).sorted()
        var lines = [
            "# Written by lvs director (--bgp-peer) and reloaded with `birdc configure` whenever the",
            "# set of announced VIPs changes: do not edit.",
            "log stderr { info, remote, warning, error, auth, fatal, bug };",
        ]
        if let routerID = settings.routerID { lines.append("router id \(routerID);") }
        lines += [
            // The BGP protocol learns the peering link's interfaces from the device protocol.
            "protocol device {}",
            "protocol static \(staticProtocol) {",
            "    \(channel);",
        ]
        lines += routes.map { "    route \($0)/\(prefix) blackhole;" }
        lines += [
            "}",
            "protocol bgp \(peerProtocol) {",
            "    local as \(settings.localAS);",
            "    neighbor \(settings.peer) as \(settings.peerAS);",
            "    hold time \(settings.holdTimeSeconds);",
            // A router that restarts, or a director started before its router, is peered again
            // within a second or two, not BIRD's default two minutes.
            "    connect retry time 1;",
            "    error wait time 1, 5;",
            "    \(channel) {",
            "        import none;",
            "        export where proto = \"\(staticProtocol)\";",
            "        next hop self;",
            "    };",
            "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
