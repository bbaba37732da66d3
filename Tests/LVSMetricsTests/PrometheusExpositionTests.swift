import LVSCore
import LVSMetrics
import LVSVocabulary
import Testing

/// node_exporter 1.5's fixture table (collector/fixtures/proc/net/ip_vs and ip_vs_stats) as a
/// director snapshot, and the node_ipvs_* lines node_exporter prints for it
/// (collector/fixtures/e2e-output.txt, Apache-2.0, The Prometheus Authors).
@Suite struct PrometheusExpositionTests {
    static func address(_ text: String) -> InetAddress { InetAddress(text)! }

    static func service(_ key: ServiceKey, _ servers: [(String, Int32, UInt32, UInt32)]) -> ServiceSnapshot {
        ServiceSnapshot(
            config: ServiceConfig(key: key),
            destinations: servers.map { server in
                DestinationSnapshot(
                    config: DestinationConfig(
                        key: DestinationKey(address: address(server.0), port: 3306), forward: .tunnel,
                        weight: server.1),
                    activeConnections: server.2, inactiveConnections: server.3)
            })
    }

    static let fixtureTable = TableSnapshot(services: [
        service(
            .address(.tcp, address("192.168.0.22"), 3306),
            [("192.168.82.22", 100, 248, 2), ("192.168.83.24", 100, 248, 2), ("192.168.83.21", 100, 248, 1)]),
        service(
            .address(.tcp, address("192.168.0.57"), 3306),
            [("192.168.84.22", 0, 0, 0), ("192.168.82.21", 100, 1499, 0), ("192.168.50.21", 100, 1498, 0)]),
        service(
            .address(.tcp, address("192.168.0.55"), 3306), [("192.168.50.26", 0, 0, 0), ("192.168.49.32", 100, 0, 0)]),
        service(.fwmark(0x1000_1000, .inet), [("192.168.50.26", 20, 64, 1), ("192.168.49.32", 100, 321, 5)]),
    ])

    static var fixtureTotals: TrafficCounters {
        var totals = TrafficCounters()
        totals.connections = 23_765_872
        totals.inPackets = 3_811_989_221
        totals.inBytes = 89_991_519_156_915
        return totals
    }

    static let nodeExporterOutput = #"""
        # HELP node_ipvs_backend_connections_active The current active connections by local and remote address.
        # TYPE node_ipvs_backend_connections_active gauge
        node_ipvs_backend_connections_active{local_address="",local_mark="10001000",local_port="0",proto="FWM",remote_address="192.168.49.32",remote_port="3306"} 321
        node_ipvs_backend_connections_active{local_address="",local_mark="10001000",local_port="0",proto="FWM",remote_address="192.168.50.26",remote_port="3306"} 64
        node_ipvs_backend_connections_active{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.82.22",remote_port="3306"} 248
        node_ipvs_backend_connections_active{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.83.21",remote_port="3306"} 248
        node_ipvs_backend_connections_active{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.83.24",remote_port="3306"} 248
        node_ipvs_backend_connections_active{local_address="192.168.0.55",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.49.32",remote_port="3306"} 0
        node_ipvs_backend_connections_active{local_address="192.168.0.55",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.50.26",remote_port="3306"} 0
        node_ipvs_backend_connections_active{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.50.21",remote_port="3306"} 1498
        node_ipvs_backend_connections_active{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.82.21",remote_port="3306"} 1499
        node_ipvs_backend_connections_active{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.84.22",remote_port="3306"} 0
        # HELP node_ipvs_backend_connections_inactive The current inactive connections by local and remote address.
        # TYPE node_ipvs_backend_connections_inactive gauge
        node_ipvs_backend_connections_inactive{local_address="",local_mark="10001000",local_port="0",proto="FWM",remote_address="192.168.49.32",remote_port="3306"} 5
        node_ipvs_backend_connections_inactive{local_address="",local_mark="10001000",local_port="0",proto="FWM",remote_address="192.168.50.26",remote_port="3306"} 1
        node_ipvs_backend_connections_inactive{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.82.22",remote_port="3306"} 2
        node_ipvs_backend_connections_inactive{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.83.21",remote_port="3306"} 1
        node_ipvs_backend_connections_inactive{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.83.24",remote_port="3306"} 2
        node_ipvs_backend_connections_inactive{local_address="192.168.0.55",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.49.32",remote_port="3306"} 0
        node_ipvs_backend_connections_inactive{local_address="192.168.0.55",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.50.26",remote_port="3306"} 0
        node_ipvs_backend_connections_inactive{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.50.21",remote_port="3306"} 0
        node_ipvs_backend_connections_inactive{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.82.21",remote_port="3306"} 0
        node_ipvs_backend_connections_inactive{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.84.22",remote_port="3306"} 0
        # HELP node_ipvs_backend_weight The current backend weight by local and remote address.
        # TYPE node_ipvs_backend_weight gauge
        node_ipvs_backend_weight{local_address="",local_mark="10001000",local_port="0",proto="FWM",remote_address="192.168.49.32",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="",local_mark="10001000",local_port="0",proto="FWM",remote_address="192.168.50.26",remote_port="3306"} 20
        node_ipvs_backend_weight{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.82.22",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.83.21",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.83.24",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="192.168.0.55",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.49.32",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="192.168.0.55",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.50.26",remote_port="3306"} 0
        node_ipvs_backend_weight{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.50.21",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.82.21",remote_port="3306"} 100
        node_ipvs_backend_weight{local_address="192.168.0.57",local_mark="",local_port="3306",proto="TCP",remote_address="192.168.84.22",remote_port="3306"} 0
        # HELP node_ipvs_connections_total The total number of connections made.
        # TYPE node_ipvs_connections_total counter
        node_ipvs_connections_total 2.3765872e+07
        # HELP node_ipvs_incoming_bytes_total The total amount of incoming data.
        # TYPE node_ipvs_incoming_bytes_total counter
        node_ipvs_incoming_bytes_total 8.9991519156915e+13
        # HELP node_ipvs_incoming_packets_total The total number of incoming packets.
        # TYPE node_ipvs_incoming_packets_total counter
        node_ipvs_incoming_packets_total 3.811989221e+09
        # HELP node_ipvs_outgoing_bytes_total The total amount of outgoing data.
        # TYPE node_ipvs_outgoing_bytes_total counter
        node_ipvs_outgoing_bytes_total 0
        # HELP node_ipvs_outgoing_packets_total The total number of outgoing packets.
        # TYPE node_ipvs_outgoing_packets_total counter
        node_ipvs_outgoing_packets_total 0
        """#

    static func nodeIPVS(_ text: String) -> ExpositionText {
        ExpositionText(text).filtered { $0.hasPrefix("node_ipvs_") }
    }

    /// Every series, HELP and TYPE line of node_exporter's output is ours byte for byte; the
    /// values are equal numbers (Go prints 2.3765872e+07 and 248 where swift-prometheus prints
    /// 23765872 and 248.0: the same sample to Prometheus).
    @Test func nodeExporterFixtureGivesNodeExportersSeries() {
        let ours = Self.nodeIPVS(
            String(
                decoding: PrometheusExposition.render(
                    DirectorObservation(table: Self.fixtureTable, totals: Self.fixtureTotals)), as: UTF8.self))
        let theirs = Self.nodeIPVS(Self.nodeExporterOutput)
        #expect(ours.comments == theirs.comments)
        #expect(ours.samples.keys.sorted() == theirs.samples.keys.sorted())
        for (series, value) in theirs.samples {
            #expect(ours.samples[series] == value, "\(series)")
        }
        #expect(theirs.samples.count == 35)
    }

    @Test func ipv6ServiceLabelsAreCompressedAsNodeExporterPrintsThem() {
        let table = TableSnapshot(services: [
            ServiceSnapshot(
                config: ServiceConfig(key: .address(.udp, Self.address("2001:db8::10"), 53)),
                destinations: [
                    DestinationSnapshot(
                        config: DestinationConfig(
                            key: DestinationKey(address: Self.address("2001:db8:0:1::2"), port: 5353), weight: 3),
                        activeConnections: 7)
                ])
        ])
        let text = String(
            decoding: PrometheusExposition.render(DirectorObservation(table: table, totals: TrafficCounters())),
            as: UTF8.self)
        #expect(
            text.contains(
                #"node_ipvs_backend_connections_active{local_address="2001:db8::10",local_mark="",local_port="53",proto="UDP",remote_address="2001:db8:0:1::2",remote_port="5353"} 7.0"#
            ))
        #expect(!text.contains("lvs_dropped_frames_total"), "a table-only director has no workers")
    }

    @Test func directorFamiliesCarryDropsWorkersAndRates() {
        var service = Self.fixtureTable.services[0]
        service.rates.cps = 12
        service.rates.inBPS = 3400
        var traffic = TrafficCounters()
        traffic.inPackets = 10
        traffic.outBytes = 900
        let observation = DirectorObservation(
            table: TableSnapshot(services: [service]), totals: traffic,
            workers: [
                WorkerObservation(
                    receivedFrames: 5, transmittedFrames: 4, traffic: traffic, connections: 3, connectionLimit: 100,
                    drops: ["no_service": 2, "receive_ring_full": 1], passes: ["not_ours": 6]),
                WorkerObservation(connections: 1, connectionLimit: 100, drops: ["no_service": 1]),
            ],
            kernelGuard: true, syncCounters: ["sent_messages": 9], answeredAddresses: [],
            neighbours: [
                ResolvedNeighbour(address: Self.address("192.168.82.22"), mac: "02:00:00:00:00:01", interface: "eth0")
            ])
        let text = String(decoding: PrometheusExposition.render(observation), as: UTF8.self)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"lvs_dropped_frames_total{reason="no_service"} 3"#,
            #"lvs_dropped_frames_total{reason="receive_ring_full"} 1"#,
            #"lvs_passed_frames_total{reason="not_ours"} 6"#,
            #"lvs_worker_received_frames_total{worker="0"} 5"#,
            #"lvs_worker_incoming_packets_total{worker="0"} 10"#,
            #"lvs_worker_outgoing_bytes_total{worker="0"} 900"#,
            #"lvs_ring_dropped_frames_total{worker="0",ring="rx"} 1"#,
            #"lvs_ring_dropped_frames_total{worker="1",ring="tx"} 0"#,
            "lvs_connections 4.0", "lvs_connection_limit 200.0", "lvs_kernel_guard_enabled 1.0",
            "lvs_sync_sent_messages_total 9", #"lvs_virtual_address_answered{address="192.168.0.22"} 0.0"#,
            "lvs_neighbours_resolved 1.0",
            #"lvs_service_connections_per_second{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP"} 12.0"#,
            #"lvs_service_incoming_bytes_per_second{local_address="192.168.0.22",local_mark="",local_port="3306",proto="TCP"} 3400.0"#,
            "# TYPE lvs_dropped_frames_total counter", "# TYPE lvs_connections gauge",
        ] {
            #expect(lines.contains(expected), "\(expected)\n\(text)")
        }
    }

    /// A big table spreads a family over several registries; it still comes out as one family.
    @Test func aLargeFamilyHasOneHelpAndTypeLineAndEverySeries() {
        let services = (0..<700).map { i in
            Self.service(
                .address(.tcp, Self.address("198.19.\(i / 250).\(i % 250 + 1)"), 80), [("198.18.0.11", 1, 0, 0)])
        }
        let text = String(
            decoding: PrometheusExposition.render(
                DirectorObservation(table: TableSnapshot(services: services), totals: TrafficCounters())),
            as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.filter { $0 == "# TYPE node_ipvs_backend_weight gauge" }.count == 1)
        #expect(lines.filter { $0.hasPrefix("# HELP node_ipvs_backend_weight ") }.count == 1)
        #expect(lines.filter { $0.hasPrefix("node_ipvs_backend_weight{") }.count == 700)
        let parsed = ExpositionText(text)
        #expect(parsed.samples.count == lines.filter { !$0.hasPrefix("#") }.count, "no series twice")
        #expect(
            parsed.samples[
                #"node_ipvs_backend_weight{local_address="198.19.2.200",local_mark="",local_port="80",proto="TCP",remote_address="198.18.0.11",remote_port="3306"}"#
            ] == 1)
        // One family's lines together: the TYPE line of the next family follows its last sample.
        let firstWeight = lines.firstIndex { $0.hasPrefix("node_ipvs_backend_weight{") }!
        let lastWeight = lines.lastIndex { $0.hasPrefix("node_ipvs_backend_weight{") }!
        #expect(lastWeight - firstWeight == 699)
    }

    @Test func familiesComeOutSortedByName() {
        let text = String(
            decoding: PrometheusExposition.render(
                DirectorObservation(
                    table: Self.fixtureTable, totals: Self.fixtureTotals, workers: [WorkerObservation()])),
            as: UTF8.self)
        let names = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(names == names.sorted())
        #expect(names.count == Set(names).count)
    }
}
