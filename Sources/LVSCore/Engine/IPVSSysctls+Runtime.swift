/// Changing the settings of a running director (`lvs sysctl`) and reading them back from its
/// engines, one per worker.
extension IPVSSysctls {
    /// These settings with `changes` (name, with or without `net.ipv4.vs.`, to value) made,
    /// all or none: an unknown name, a value the kernel would refuse or a setting only read at
    /// start refuses the whole set.
    public func changed(by changes: [String: String]) throws(IPVSSysctlError) -> IPVSSysctls {
        var result = self
        // Sorted, so the same bad set always names the same culprit.
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            let key = name.hasPrefix("net.ipv4.vs.") ? String(name.dropFirst("net.ipv4.vs.".count)) : name
            if Self.startOnlyNames.contains(key) { throw .startOnly(key) }
            try result.set(key, value)
        }
        return result
    }

    /// The director's settings from its engines' (which differ only where the defence modes
    /// 1 and 2 moved on their own): a defence mode shows 2 while any engine is under pressure.
    public static func directorValues(_ engines: [IPVSSysctls]) -> [String: String] {
        guard var merged = engines.first else { return IPVSSysctls().values }
        for e in engines.dropFirst() {
            merged.dropEntry = max(merged.dropEntry, e.dropEntry)
            merged.dropPacket = max(merged.dropPacket, e.dropPacket)
            merged.secureTCP = max(merged.secureTCP, e.secureTCP)
        }
        return merged.values
    }
}
