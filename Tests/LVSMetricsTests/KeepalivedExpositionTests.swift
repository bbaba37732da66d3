import LVSKeepalived
import LVSMetrics
import LVSVRRP
import LVSVocabulary
import Testing

/// `lvs keepalived --metrics-listen`: VRRP under the keepalived exporter's names, labels and
/// state numbers, the checkers' view under lvs_keepalived_*, and the status page.
@Suite struct KeepalivedExpositionTests {
    static var observation: KeepalivedObservation {
        var status = VRRPInstanceStatus(
            name: "VI_1", state: .master, priority: 150, virtualRouterID: 51, interface: "eth0")
        status.advertisementsSent = 40
        status.advertisementsReceived = 7
        status.becameMaster = 2
        status.releasedMaster = 1
        status.priorityZeroReceived = 1
        status.drops = [.badPassword: 3, .truncatedVRRP: 1, .addressCountMismatch: 2, .badHopLimit: 5]
        var configuration = VRRPInstanceConfiguration(name: "VI_1")
        configuration.interface = "eth0"
        configuration.virtualIPAddresses = [
            VRRPVirtualAddress(address: InetAddress("198.18.0.100")!),
            VRRPVirtualAddress(address: InetAddress("2001:db8::100")!, device: "eth1"),
        ]
        let vs = VirtualServerKey.address(.tcp, InetAddress("198.18.0.100")!, port: 80)
        let web1 = RealServerKey(virtualServer: vs, address: InetAddress("198.18.1.1")!, port: 80)
        let web2 = RealServerKey(virtualServer: vs, address: InetAddress("198.18.1.2")!, port: 80)
        let checkers = KeepalivedStatus(virtualServers: [
            VirtualServerStatus(
                key: vs, name: "198.18.0.100:80", quorumUp: true, liveWeight: 3, quorum: 1, hysteresis: 0,
                sorryServerInUse: false,
                realServers: [
                    RealServerStatus(
                        key: web1, name: "198.18.1.1:80", alive: true, inTable: true, weight: 3,
                        checkers: [
                            CheckerStatus(
                                key: CheckerKey(realServer: web1, index: 0), keyword: "HTTP_GET", isUp: true,
                                hasRun: true)
                        ]),
                    RealServerStatus(
                        key: web2, name: "198.18.1.2:80", alive: false, inTable: false, weight: 1,
                        checkers: [
                            CheckerStatus(
                                key: CheckerKey(realServer: web2, index: 0), keyword: "TCP_CHECK", isUp: false,
                                hasRun: true, lastFailureReason: "connection refused <x>")
                        ]),
                ])
        ])
        return KeepalivedObservation(
            instances: [VRRPInstanceObservation(status: status, configuration: configuration)], checkers: checkers)
    }

    static var text: String { String(decoding: KeepalivedExposition.render(observation), as: UTF8.self) }

    @Test func vrrpStateUnderTheExportersNamesPerClaimedAddress() {
        let text = Self.text
        #expect(text.contains("# TYPE keepalived_vrrp_state gauge\n"))
        #expect(
            text.contains(
                "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"198.18.0.100\"} 2.0\n"),
            "\(text)")
        #expect(
            text.contains(
                "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth1\",vrid=\"51\",ip_address=\"2001:db8::100\"} 2.0\n"))
        #expect(text.contains("keepalived_up 1.0\n"))
    }

    @Test func countersCarryTheExportersLabelsAndOurReceiveChecks() {
        let text = Self.text
        let labels = "{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"}"
        for (name, value) in [
            ("keepalived_advertisements_sent_total", 40), ("keepalived_advertisements_received_total", 7),
            ("keepalived_become_master_total", 2), ("keepalived_release_master_total", 1),
            ("keepalived_priority_zero_received_total", 1), ("keepalived_priority_zero_sent_total", 0),
            ("keepalived_authentication_failure_total", 3), ("keepalived_packet_length_errors_total", 3),
            ("keepalived_ip_ttl_errors_total", 5), ("keepalived_gratuitous_arp_delay_total", 5),
        ] {
            #expect(text.contains("\(name)\(labels) \(value)\n"), "\(name) in \(text)")
            #expect(text.contains("# TYPE \(name) counter\n"))
        }
    }

    @Test func checkerStatePerRealServer() {
        let text = Self.text
        let web2 = "virtual_server=\"198.18.0.100:80\",real_server=\"198.18.1.2:80\""
        #expect(text.contains("lvs_keepalived_real_server_up{\(web2)} 0.0\n"), "\(text)")
        #expect(text.contains("lvs_keepalived_real_server_weight{\(web2)} 1.0\n"))
        #expect(text.contains("lvs_keepalived_checker_up{\(web2),checker=\"TCP_CHECK #1\"} 0.0\n"))
        #expect(
            text.contains(
                "lvs_keepalived_real_server_up{virtual_server=\"198.18.0.100:80\",real_server=\"198.18.1.1:80\"} 1.0\n")
        )
        #expect(text.contains("lvs_keepalived_virtual_server_quorum_up{virtual_server=\"198.18.0.100:80\"} 1.0\n"))
    }

    @Test func familiesAreSortedByName() {
        let families = Self.text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map {
            String($0.split(separator: " ")[2])
        }
        #expect(families == families.sorted())
        #expect(families.count == 22)
    }

    @Test func statusPageShowsTheInstanceAndTheFailedChecker() {
        let page = KeepalivedStatusPage.render(Self.observation)
        #expect(page.contains("<tr data-instance=\"VI_1\"><td>VI_1</td><td class=\"state\">MASTER</td><td>150</td>"))
        #expect(page.contains("198.18.0.100 dev eth0, 2001:db8::100 dev eth1"))
        #expect(page.contains("TCP_CHECK #1: connection refused &lt;x&gt;"))
        #expect(!page.contains("<script"))
        let idle = KeepalivedStatusPage.render(KeepalivedObservation())
        #expect(idle.contains("<td colspan=\"11\">none</td>"))
        #expect(idle.contains("Checkers not running."))
    }
}
