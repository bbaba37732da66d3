import LVSCore
import Prometheus

/// The director's metrics in Prometheus's text format: node_exporter's IPVS collector's
/// `node_ipvs_*` families (names, labels and help text as node_exporter 1.5 has them, so IPVS
/// dashboards and alerts work unchanged) and SwiftLVS's own `lvs_*` families (docs/metrics.md).
///
/// Each scrape renders a fresh registry from one observation: counters mirror values the
/// director already keeps, and real servers that left the table leave the output with them.
/// Families come out sorted by name, as node_exporter emits them.
public enum PrometheusExposition {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ observation: DirectorObservation) -> [UInt8] {
        var builder = PrometheusTextBuilder()
        func counter(_ name: String, _ help: String, _ labels: [(String, String)] = [], _ value: UInt64) {
            builder.counter(name, help, labels, value)
        }
        func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = [], _ value: Double) {
            builder.gauge(name, help, labels, value)
        }

        let totals = observation.totals
        counter("node_ipvs_connections_total", "The total number of connections made.", [], totals.connections)
        counter("node_ipvs_incoming_packets_total", "The total number of incoming packets.", [], totals.inPackets)
        counter("node_ipvs_outgoing_packets_total", "The total number of outgoing packets.", [], totals.outPackets)
        counter("node_ipvs_incoming_bytes_total", "The total amount of incoming data.", [], totals.inBytes)
        counter("node_ipvs_outgoing_bytes_total", "The total amount of outgoing data.", [], totals.outBytes)

        for backend in backends(observation.table) {
            gauge(
                "node_ipvs_backend_connections_active", "The current active connections by local and remote address.",
                backend.labels, Double(backend.active))
            gauge(
                "node_ipvs_backend_connections_inactive",
                "The current inactive connections by local and remote address.", backend.labels,
                Double(backend.inactive))
            gauge(
                "node_ipvs_backend_weight", "The current backend weight by local and remote address.",
                backend.labels, Double(backend.weight))
        }

        for service in observation.table.services {
            let labels = ServiceLabels(service.config.key).pairs
            let rates = service.rates
            gauge(
                "lvs_service_connections_per_second", "Connections per second (ipvsadm --rate CPS).", labels,
                Double(rates.cps))
            gauge(
                "lvs_service_incoming_packets_per_second", "Incoming packets per second (ipvsadm --rate InPPS).",
                labels, Double(rates.inPPS))
            gauge(
                "lvs_service_outgoing_packets_per_second", "Outgoing packets per second (ipvsadm --rate OutPPS).",
                labels, Double(rates.outPPS))
            gauge(
                "lvs_service_incoming_bytes_per_second", "Incoming bytes per second (ipvsadm --rate InBPS).", labels,
                Double(rates.inBPS))
            gauge(
                "lvs_service_outgoing_bytes_per_second", "Outgoing bytes per second (ipvsadm --rate OutBPS).",
                labels, Double(rates.outBPS))
        }

        if !observation.workers.isEmpty {
            for (reason, value) in observation.drops {
                counter(
                    "lvs_dropped_frames_total", "Frames the director dropped, by reason.", [("reason", reason)], value)
            }
            for (reason, value) in observation.passes {
                counter(
                    "lvs_passed_frames_total", "Frames the director left to the kernel, by reason.",
                    [("reason", reason)], value)
            }
            var connections = 0
            var limit = 0
            for (index, worker) in observation.workers.enumerated() {
                let labels = [("worker", String(index))]
                counter(
                    "lvs_worker_received_frames_total", "Frames a worker read from its rx rings.", labels,
                    worker.receivedFrames)
                counter(
                    "lvs_worker_transmitted_frames_total", "Frames a worker queued on its tx rings.", labels,
                    worker.transmittedFrames)
                counter(
                    "lvs_worker_incoming_packets_total", "Packets a worker forwarded from clients.", labels,
                    worker.traffic.inPackets)
                counter(
                    "lvs_worker_outgoing_packets_total", "Reply packets a worker forwarded to clients.", labels,
                    worker.traffic.outPackets)
                counter(
                    "lvs_worker_incoming_bytes_total", "Bytes a worker forwarded from clients.", labels,
                    worker.traffic.inBytes)
                counter(
                    "lvs_worker_outgoing_bytes_total", "Reply bytes a worker forwarded to clients.", labels,
                    worker.traffic.outBytes)
                for (ring, reason) in [("rx", "receive_ring_full"), ("tx", "transmit_ring_full")] {
                    counter(
                        "lvs_ring_dropped_frames_total",
                        "Frames lost because a packet ring was full (rx: the kernel dropped them before the worker saw them).",
                        labels + [("ring", ring)], worker.drops[reason] ?? 0)
                }
                gauge(
                    "lvs_worker_connections", "Entries in a worker's connection table.", labels,
                    Double(worker.connections))
                connections += worker.connections
                limit = limit == Int.max || worker.connectionLimit == Int.max ? Int.max : limit + worker.connectionLimit
            }
            gauge(
                "lvs_connections", "Entries (connections and persistence templates) in the connection tables.", [],
                Double(connections))
            if limit != Int.max {
                gauge(
                    "lvs_connection_limit", "The most entries the connection tables hold (--max-connections).", [],
                    Double(limit))
            }
        }
        if let answered = observation.answeredAddresses {
            for address in observation.serviceAddresses {
                gauge(
                    "lvs_virtual_address_answered",
                    "1 while the director answers and forwards a service address (0: released by its VRRP instance).",
                    [("address", address.description)], answered.contains(address) ? 1 : 0)
            }
            gauge(
                "lvs_neighbours_resolved", "Next hops (real servers, gateways) whose MAC address the director knows.",
                [], Double(observation.neighbours.count))
            gauge(
                "lvs_neighbours_unresolved",
                "Next hops the director needs whose MAC address the kernel has not resolved yet.", [],
                Double(observation.unresolvedNeighbours.count))
        }
        if let guardOn = observation.kernelGuard {
            gauge(
                "lvs_kernel_guard_enabled", "1 while the nftables guard keeps the kernel from answering the services.",
                [], guardOn ? 1 : 0)
        }
        for (name, value) in observation.syncCounters {
            counter(
                "lvs_sync_\(name)_total", "Connection-sync daemon counter (lvs sync-status).", [], value)
        }

        return builder.text()
    }

    /// A real server as node_exporter reports it: rows with the same labels are summed, as
    /// node_exporter sums them (a fwmark served over IPv4 and IPv6 to the same server).
    struct Backend {
        var labels: [(String, String)]
        var active: UInt64 = 0
        var inactive: UInt64 = 0
        var weight: Int64 = 0
    }

    static func backends(_ table: TableSnapshot) -> [Backend] {
        var order: [[String]] = []
        var byKey: [[String]: Backend] = [:]
        for service in table.services {
            let labels = ServiceLabels(service.config.key)
            for destination in service.destinations {
                let pairs = labels.backendPairs(destination.config.key)
                let key = pairs.map(\.1)
                if byKey[key] == nil {
                    order.append(key)
                    byKey[key] = Backend(labels: pairs)
                }
                byKey[key]!.active += UInt64(destination.activeConnections)
                byKey[key]!.inactive += UInt64(destination.inactiveConnections)
                byKey[key]!.weight += Int64(destination.config.weight)
            }
        }
        return order.map { byKey[$0]! }
    }
}
