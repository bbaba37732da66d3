import LVSCore

/// Merges the table snapshots of per-worker engines into the one `ipvsadm` shows: the workers
/// hold the same services and real servers (every admin operation goes to all of them), so
/// the merge adds up what is per worker: traffic counters and rates; connection lists are
/// concatenated. Active/inactive/persistent counts are shared by the workers' copies of a
/// server (`RealServer.sharesCounts`), so the first worker's are already everyone's.
public enum TableSnapshotMerge {
    public static func merge(_ parts: [TableSnapshot]) -> TableSnapshot {
        guard var merged = parts.first else { return TableSnapshot() }
        for part in parts.dropFirst() {
            for i in merged.services.indices where i < part.services.count {
                let other = part.services[i]
                // Same operations in the same order give the same services in the same order;
                // anything else is a bug, and the first worker's view is shown as is.
                guard other.config.key == merged.services[i].config.key else { continue }
                merged.services[i].counters += other.counters
                merged.services[i].rates += other.rates
                for j in merged.services[i].destinations.indices where j < other.destinations.count {
                    let d = other.destinations[j]
                    guard d.config.key == merged.services[i].destinations[j].config.key else { continue }
                    merged.services[i].destinations[j].counters += d.counters
                    merged.services[i].destinations[j].rates += d.rates
                }
            }
            merged.connections += part.connections
        }
        return merged
    }
}

extension TrafficRates {
    static func += (a: inout TrafficRates, b: TrafficRates) {
        a.cps &+= b.cps
        a.inPPS &+= b.inPPS
        a.outPPS &+= b.outPPS
        a.inBPS &+= b.inBPS
        a.outBPS &+= b.outBPS
    }
}
