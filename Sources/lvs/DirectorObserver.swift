import LVSControl
import LVSCore
import LVSDirector
import LVSMetrics

/// Reads a running director for --metrics-listen: the table with counters and rates through the
/// control service, and each worker's counters through its inbox (a job between frames, as a
/// listing is read), never on the packet path.
enum DirectorObserver {
    static func observe(_ director: Director, kernelGuard: Bool) -> DirectorObservation {
        let control = director.control
        var totals = TrafficCounters()
        var workers: [WorkerObservation] = []
        for slot in control.slots {
            let worker = slot.perform { state in
                let counters = state.counters
                return (
                    counters, state.engine.totalCounters, state.engine.connections.count,
                    state.engine.connectionLimit
                )
            }
            totals += worker.1
            workers.append(
                WorkerObservation(
                    receivedFrames: worker.0.received, transmittedFrames: worker.0.transmitted, traffic: worker.1,
                    connections: worker.2, connectionLimit: worker.3, drops: worker.0.dropsByLabel,
                    passes: worker.0.passedByLabel))
        }
        let view = director.networkView.current
        let neighbours = view.neighbours.map { key, mac in
            ResolvedNeighbour(
                address: key.address, mac: mac.description,
                interface: view.interfaces.indices.contains(key.interface) ? view.interfaces[key.interface].name : "?")
        }
        return DirectorObservation(
            table: control.snapshot(includeConnections: false), totals: totals, workers: workers,
            kernelGuard: kernelGuard, syncCounters: syncCounters(control), answeredAddresses: view.virtualAddresses,
            neighbours: neighbours.sorted { ($0.address, $0.interface) < ($1.address, $1.interface) },
            unresolvedNeighbours: director.unresolvedNeighbours().map {
                UnresolvedNeighbour(address: $0.address, interface: $0.interface, missingForMilliseconds: $0.missingFor)
            }.sorted { ($0.address, $0.interface) < ($1.address, $1.interface) })
    }

    /// The IPVS-wide counters (the kernel's ip_vs_stats): the workers' engines' totals, which
    /// keep the traffic of services since deleted.
    static func totals(_ director: Director) -> TrafficCounters {
        director.control.slots.reduce(into: TrafficCounters()) { sum, slot in
            sum += slot.perform { $0.engine.totalCounters }
        }
    }

    /// A director that only holds the table: its listing, totals summed over the services.
    static func observe(_ control: some ControlService) -> DirectorObservation {
        guard case .snapshot(let table) = control.handle(.snapshot(includeConnections: false)) else {
            return DirectorObservation(table: TableSnapshot(), totals: TrafficCounters())
        }
        return DirectorObservation(
            table: table, totals: DirectorObservation.serviceTotals(table), syncCounters: syncCounters(control))
    }

    static func syncCounters(_ control: some ControlService) -> [String: UInt64] {
        guard case .syncStatus(let status) = control.handle(.syncStatus), !status.running.isEmpty else { return [:] }
        return [
            "sent_messages": status.sent.messages, "sent_entries": status.sent.entries,
            "send_errors": status.sent.sendErrors, "outbox_drops": status.sent.outboxDrops,
            "received_messages": status.received.messages, "received_entries": status.received.entries,
            "received_unusable_entries": status.received.unusableEntries,
            "received_drops": status.received.dropTotal,
        ]
    }
}
