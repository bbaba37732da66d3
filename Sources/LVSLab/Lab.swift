import LVSLinux
import LVSVocabulary
import LVSWire
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A lab of network namespaces: one per host, plus a "switch" namespace holding one bridge per
/// segment. Hosts plug into bridges with veth pairs. Nothing is created in the caller's own
/// namespace, so the machine's interfaces and routes are never touched.
///
/// Call `destroy()` when done (it is also called on deinit). Crashes and signals are covered by
/// `LabJanitor`: a signal handler unmounts the namespaces, and the next lab created removes
/// leftovers of dead processes.
public final class Lab: Sendable {
    public let name: String
    /// Every namespace of this lab starts with it: `<base>-<pid>-<name>-`.
    public let prefix: String
    /// Holds the bridges (`br-<segment>`, truncated to 15 characters).
    public let switchNamespace: NetworkNamespace
    public let hosts: [LabHost]
    public let segments: [String]
    private let destroyed = Mutex(false)

    public subscript(host: String) -> LabHost {
        guard let h = hosts.first(where: { $0.name == host }) else {
            preconditionFailure("no host \(host) in lab \(name)")
        }
        return h
    }

    /// The bridge name of a segment inside `switchNamespace`.
    public func bridge(for segment: String) -> String? {
        segments.firstIndex(of: segment).map { "br\($0)" }
    }

    /// Builds the lab. On failure everything created so far is removed before the error is thrown.
    public static func create(
        name: String, hosts specs: [LabHostSpec], base: String = LabJanitor.defaultBase
    ) throws -> Lab {
        try validate(name: name, specs)
        LabJanitor.removeLeftovers(base: base)
        let prefix = LabJanitor.prefix(base: base, lab: name)
        LabJanitor.removeAll(prefix: prefix)
        var segments: [String] = []
        for s in specs.flatMap(\.interfaces).map(\.segment) where !segments.contains(s) { segments.append(s) }
        do {
            let sw = try makeNamespace(prefix + "switch")
            try NetworkCommand.ip("-n", sw.name, "link", "set", "lo", "up")
            try sw.run(makePlainSwitch)
            for (i, _) in segments.enumerated() {
                try NetworkCommand.ip("-n", sw.name, "link", "add", "br\(i)", "type", "bridge")
                try NetworkCommand.ip("-n", sw.name, "link", "set", "br\(i)", "up")
            }
            var hosts: [LabHost] = []
            for (h, spec) in specs.enumerated() {
                hosts.append(try makeHost(spec, index: h, prefix: prefix, switchNamespace: sw, segments: segments))
            }
            return Lab(name: name, prefix: prefix, switchNamespace: sw, hosts: hosts, segments: segments)
        } catch {
            LabJanitor.removeAll(prefix: prefix)
            throw error
        }
    }

    private init(name: String, prefix: String, switchNamespace: NetworkNamespace, hosts: [LabHost], segments: [String])
    {
        self.name = name
        self.prefix = prefix
        self.switchNamespace = switchNamespace
        self.hosts = hosts
        self.segments = segments
    }

    /// Kills processes left in the lab's namespaces and deletes the namespaces (which takes the
    /// veths and bridges with them). Idempotent. Returns the namespaces it could not remove.
    @discardableResult
    public func destroy() -> [String] {
        let first = destroyed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return [] }
        return LabJanitor.removeAll(prefix: prefix)
    }

    deinit { destroy() }

    // MARK: building

    private static func validate(name: String, _ specs: [LabHostSpec]) throws {
        func bad(_ why: String) -> LabError { LabError(message: why) }
        guard !name.isEmpty, !name.contains("/"), !name.contains(" ") else { throw bad("bad lab name '\(name)'") }
        var seen = Set<String>()
        for s in specs {
            guard !s.name.isEmpty, !s.name.contains("/"), s.name != "switch" else {
                throw bad("bad host name '\(s.name)'")
            }
            guard seen.insert(s.name).inserted else { throw bad("duplicate host '\(s.name)'") }
            guard !s.interfaces.isEmpty else { throw bad("host '\(s.name)' has no interface") }
            for i in s.interfaces where i.name.isEmpty || i.name.utf8.count > 15 {
                throw bad("bad interface name '\(i.name)' on host '\(s.name)'")
            }
        }
    }

    /// With br_netfilter in the kernel, bridged IPv4/IPv6/ARP frames go through the switch
    /// namespace's netfilter hooks, which validate IP headers and drop malformed ones. The lab's
    /// switch must be a plain wire (tests send deliberately odd frames), so turn that off.
    /// Absent sysctls (no br_netfilter) are fine.
    private static func makePlainSwitch() throws {
        for table in ["iptables", "ip6tables", "arptables"] {
            let name = "net.bridge.bridge-nf-call-" + table
            guard (try? Sysctl.read(name)) != nil else { continue }
            try Sysctl.write(name, "0")
        }
    }

    private static func makeNamespace(_ name: String) throws -> NetworkNamespace {
        let ns = try NetworkNamespace.create(name)
        ns.removeOnFatalSignal()
        return ns
    }

    private static func makeHost(
        _ spec: LabHostSpec, index h: Int, prefix: String, switchNamespace sw: NetworkNamespace,
        segments: [String]
    ) throws -> LabHost {
        let ns = try makeNamespace(prefix + spec.name)
        try NetworkCommand.ip("-n", ns.name, "link", "set", "lo", "up")
        // No duplicate address detection on the lab's links: while an interface's link-local
        // address is tentative (a second or two, longer on a loaded machine) the kernel sends
        // no neighbour solicitation at all, so the first IPv6 packets to a new neighbour were
        // lost. Set before the interfaces exist, so they start with it.
        try ns.run {
            for key in ["net.ipv6.conf.default.accept_dad", "net.ipv6.conf.all.accept_dad"]
            where (try? Sysctl.read(key)) != nil {
                try Sysctl.write(key, "0")
            }
        }
        var macs: [MACAddress] = []
        for (k, iface) in spec.interfaces.enumerated() {
            // The switch-side name only has to be unique in the switch namespace.
            let port = "h\(h)p\(k)"
            let mac = iface.mac ?? "02:1b:00:00:\(hex(h + 1)):\(hex(k + 1))"
            guard let seg = segments.firstIndex(of: iface.segment), let parsed = MACAddress(mac) else {
                throw LabError(message: "bad MAC '\(mac)' on \(spec.name)/\(iface.name)")
            }
            try NetworkCommand.ip(
                "-n", sw.name, "link", "add", port, "type", "veth",
                "peer", "name", iface.name, "netns", ns.name)
            try NetworkCommand.ip("-n", sw.name, "link", "set", port, "master", "br\(seg)", "up")
            try NetworkCommand.ip("-n", ns.name, "link", "set", iface.name, "address", mac)
            try NetworkCommand.ip("-n", ns.name, "link", "set", iface.name, "up")
            for a in iface.addresses {
                try NetworkCommand.ip(
                    ["-n", ns.name, "addr", "add", a, "dev", iface.name] + (a.contains(":") ? ["nodad"] : []))
            }
            macs.append(parsed)
        }
        for r in spec.routes {
            let family = r.first.map { $0 == "-6" || $0 == "-4" } == true ? [r[0]] : []
            try NetworkCommand.ip(["-n", ns.name] + family + ["route", "add"] + r.dropFirst(family.count))
        }
        let names = spec.interfaces.map(\.name)
        let offload: [Bool?] = try ns.run {
            for (key, value) in spec.sysctls { try Sysctl.write(key, value) }
            return try names.map { name in
                if let want = spec.transmitChecksumOffload {
                    try Ethtool.setTransmitChecksumOffload(interface: name, enabled: want)
                }
                return try? Ethtool.transmitChecksumOffload(interface: name)
            }
        }
        let interfaces = spec.interfaces.enumerated().map { k, i in
            LabInterface(
                name: i.name, segment: i.segment, addresses: i.addresses, mac: macs[k],
                transmitChecksumOffload: offload[k])
        }
        return LabHost(name: spec.name, namespace: ns, interfaces: interfaces)
    }

    private static func hex(_ v: Int) -> String {
        let s = String(v & 0xff, radix: 16)
        return s.count == 1 ? "0" + s : s
    }
}
