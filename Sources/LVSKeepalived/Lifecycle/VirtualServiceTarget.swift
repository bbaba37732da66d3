import LVSCore
import LVSVocabulary

/// One kernel service a virtual server stands for (a group expands into many), and the port its
/// non-NAT real servers get: keepalived gives DR and TUN servers the service's port (0 for
/// firewall marks), NAT servers keep their own.
struct VirtualServiceTarget: Hashable, Sendable {
    var key: ServiceKey
    var routedDestinationPort: UInt16

    /// The services of a virtual server, in the order keepalived talks to them (ipvs_group_cmd:
    /// address ranges address by address, then firewall marks).
    static func targets(of server: VirtualServer, groups: [VirtualServerGroup]) -> [VirtualServiceTarget] {
        let proto = server.transportProtocol ?? .tcp
        switch server.address {
        case .address(let address, let port):
            return [VirtualServiceTarget(key: .address(proto, address, port), routedDestinationPort: port)]
        case .fwmark(let mark):
            return [VirtualServiceTarget(key: .fwmark(mark, server.family ?? .inet), routedDestinationPort: 0)]
        case .group(let name):
            return groupEntries(of: name, in: groups).flatMap { targets(of: $0, server: server) }
        }
    }

    /// A group's entries in the order keepalived keeps them: address ranges, then firewall marks.
    static func groupEntries(of name: String, in groups: [VirtualServerGroup]) -> [VirtualServerGroupEntry] {
        guard let group = groups.first(where: { $0.name == name }) else { return [] }
        return group.addressRanges + group.fwmarks
    }

    /// The services one group entry stands for.
    static func targets(of entry: VirtualServerGroupEntry, server: VirtualServer) -> [VirtualServiceTarget] {
        switch entry {
        case .addressRange(let first, let last, let port):
            let proto = server.transportProtocol ?? .tcp
            return addresses(from: first, to: last).map {
                VirtualServiceTarget(key: .address(proto, $0, port), routedDestinationPort: port)
            }
        case .fwmark(let mark, let family):
            let key = ServiceKey.fwmark(mark, family ?? server.family ?? .inet)
            return [VirtualServiceTarget(key: key, routedDestinationPort: 0)]
        }
    }

    /// keepalived's vsge_iseq: ranges by both ends and port, marks by the mark alone.
    static func sameEntry(_ a: VirtualServerGroupEntry, _ b: VirtualServerGroupEntry) -> Bool {
        switch (a, b) {
        case (.fwmark(let x, _), .fwmark(let y, _)): x == y
        case (.addressRange, .addressRange): a == b
        default: false
        }
    }

    /// How keepalived names a group entry in its reload messages (ipwrapper.c clear_diff_vsge,
    /// sync_service_vsg_entry): `[ADDR]:proto:PORT`, `[ADDR]:proto:PORT-LAST`, or the mark.
    static func entryName(_ entry: VirtualServerGroupEntry, server: VirtualServer, fwmarkPrefix: String) -> String {
        switch entry {
        case .fwmark(let mark, _):
            return "\(fwmarkPrefix)\(mark)"
        case .addressRange(let first, let last, let port):
            let trio = "[\(first)]:\(VirtualServer.protocolWord(server.transportProtocol)):\(port)"
            return first == last ? trio : "\(trio)-\(last)"
        }
    }

    /// The most services one range expands into. keepalived would go on (an IPv4 `/8` is 16M
    /// services); the cut keeps a mistyped range from exhausting memory. IPv6 ranges are never larger.
    static let rangeLimit: UInt32 = 65536

    /// keepalived steps IPv4 ranges over the whole address and IPv6 ranges over the last 16 bits.
    /// A range that ends before it starts is taken as its first address (keepalived would wrap).
    static func addresses(from first: InetAddress, to last: InetAddress) -> [InetAddress] {
        guard first.family == last.family else { return [first] }
        if first.isV4 {
            guard first.v4 <= last.v4 else { return [first] }
            let end = first.v4 + min(last.v4 - first.v4, rangeLimit - 1)
            return (first.v4...end).map { InetAddress(v4: $0) }
        }
        let start = first.low & 0xFFFF
        let end = last.low & 0xFFFF
        guard start <= end else { return [first] }
        return (start...end).map { InetAddress(v6High: first.high, low: first.low & ~0xFFFF | $0) }
    }

    /// The service settings keepalived sends (ipvs_set_srule): persistence only with a timeout.
    static func serviceConfig(_ key: ServiceKey, of server: VirtualServer) -> ServiceConfig {
        var flags = server.flags
        var prefix: Int? = nil
        var engine = ""
        if server.persistenceTimeout != 0 {
            flags.insert(.persistent)
            engine = server.persistenceEngine ?? ""
            switch server.persistenceGranularity {
            case .netmask(let mask): prefix = mask.v4.nonzeroBitCount
            case .prefixLength(let length): prefix = Int(length)
            case nil: break
            }
        }
        return ServiceConfig(
            key: key, scheduler: server.scheduler, flags: flags, timeout: server.persistenceTimeout,
            netmaskPrefix: prefix, persistenceEngine: engine)
    }
}
