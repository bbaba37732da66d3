import LVSKeepalived
import LVSVRRP
import LVSWire

/// `lvs keepalived`'s metrics in Prometheus's text format.
///
/// VRRP under the names, labels and values of the common keepalived exporter
/// (mehdy/keepalived-exporter, formerly cafebazaar's), so its dashboards and alerts work
/// unchanged: `keepalived_vrrp_state` per claimed address (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT,
/// keepalived's numbering) and the instance counters labelled `iname`, `intf`, `vrid`, `state`.
/// That exporter has no checker metrics (it reads keepalived's VRRP data and stats files), so
/// the checkers' view uses SwiftLVS names (`lvs_keepalived_*`, docs/metrics.md).
public enum KeepalivedExposition {
    public static func render(_ observation: KeepalivedObservation) -> [UInt8] {
        var builder = PrometheusTextBuilder()
        builder.gauge("keepalived_up", "Status", [], 1)
        for instance in observation.instances {
            vrrp(instance, into: &builder)
        }
        if let checkers = observation.checkers {
            self.checkers(checkers, into: &builder)
        }
        return builder.text()
    }

    /// keepalived's VRRP_STATE_* numbers, which the exporter reports as the state's value.
    static func number(_ state: VRRPState) -> Double {
        switch state {
        case .initialize: 0
        case .backup: 1
        case .master: 2
        case .fault: 3
        }
    }

    /// The exporter's counters and which of our receive checks each one counts (keepalived's
    /// vrrp_check_packet increments the same statistics for the same faults).
    static let counters: [(name: String, help: String, value: @Sendable (VRRPInstanceObservation) -> Int)] = [
        ("keepalived_advertisements_received_total", "Advertisements received", { $0.status.advertisementsReceived }),
        ("keepalived_advertisements_sent_total", "Advertisements sent", { $0.status.advertisementsSent }),
        ("keepalived_become_master_total", "Became master", { $0.status.becameMaster }),
        ("keepalived_release_master_total", "Released master", { $0.status.releasedMaster }),
        (
            "keepalived_packet_length_errors_total", "Packet length errors",
            { drops($0, .truncatedVRRP, .truncatedAddresses, .addressCountMismatch) }
        ),
        (
            "keepalived_advertisements_interval_errors_total", "Advertisement interval errors",
            { drops($0, .badInterval) }
        ),
        ("keepalived_ip_ttl_errors_total", "TTL errors", { drops($0, .badHopLimit) }),
        ("keepalived_invalid_type_received_total", "Invalid type errors", { drops($0, .badType) }),
        ("keepalived_address_list_errors_total", "Address list errors", { _ in 0 }),
        ("keepalived_authentication_invalid_total", "Authentication invalid", { drops($0, .unsupportedAuthType) }),
        ("keepalived_authentication_mismatch_total", "Authentication mismatch", { drops($0, .authTypeMismatch) }),
        ("keepalived_authentication_failure_total", "Authentication failure", { drops($0, .badPassword) }),
        ("keepalived_priority_zero_received_total", "Priority zero received", { $0.status.priorityZeroReceived }),
        ("keepalived_priority_zero_sent_total", "Priority zero sent", { $0.status.priorityZeroSent }),
        ("keepalived_gratuitous_arp_delay_total", "Gratuitous ARP delay", { Int($0.gratuitousDelaySeconds) }),
    ]

    static func drops(_ instance: VRRPInstanceObservation, _ reasons: VRRPDropReason...) -> Int {
        reasons.reduce(0) { $0 + (instance.status.drops[$1] ?? 0) }
    }

    static func vrrp(_ instance: VRRPInstanceObservation, into builder: inout PrometheusTextBuilder) {
        let status = instance.status
        let vrid = String(status.virtualRouterID)
        let labels = [
            ("iname", status.name), ("intf", status.interface), ("vrid", vrid), ("state", status.state.rawValue),
        ]
        for counter in counters {
            builder.counter(counter.name, counter.help, labels, UInt64(clamping: counter.value(instance)))
        }
        for address in instance.addresses {
            builder.gauge(
                "keepalived_vrrp_state", "State of vrrp",
                [
                    ("iname", status.name), ("intf", address.interface), ("vrid", vrid),
                    ("ip_address", address.address.description),
                ], number(status.state))
        }
    }

    static func checkers(_ status: KeepalivedStatus, into builder: inout PrometheusTextBuilder) {
        for vs in status.virtualServers {
            let service = [("virtual_server", vs.name)]
            builder.gauge(
                "lvs_keepalived_virtual_server_quorum_up",
                "1 while the virtual server's live weight meets its quorum (else the sorry server or nothing).",
                service, vs.quorumUp ? 1 : 0)
            builder.gauge(
                "lvs_keepalived_virtual_server_live_weight", "Sum of the weights of the real servers that are up.",
                service, Double(vs.liveWeight))
            for rs in vs.realServers {
                let server = service + [("real_server", rs.name)]
                builder.gauge(
                    "lvs_keepalived_real_server_up", "1 while every checker of the real server succeeds.", server,
                    rs.alive ? 1 : 0)
                builder.gauge(
                    "lvs_keepalived_real_server_weight", "The weight the checkers give the real server.", server,
                    Double(rs.weight))
                for checker in rs.checkers {
                    builder.gauge(
                        "lvs_keepalived_checker_up", "1 while the checker's last verdict is success.",
                        server + [("checker", "\(checker.keyword) #\(checker.key.index + 1)")], checker.isUp ? 1 : 0)
                }
            }
        }
    }
}
