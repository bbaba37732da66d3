import LVSCore
import LVSMetrics
import LVSVocabulary
import Testing

@Suite struct StatusPageTests {
    @Test func showsServicesServersAndDropsWithEveryTextEscaped() {
        var server = DestinationSnapshot(
            config: DestinationConfig(
                key: DestinationKey(address: InetAddress("198.18.1.2")!, port: 8080), forward: .masquerade, weight: 5),
            activeConnections: 4, inactiveConnections: 9)
        server.counters.connections = 77
        server.rates.cps = 3
        let table = TableSnapshot(services: [
            ServiceSnapshot(
                config: ServiceConfig(key: .address(.tcp, InetAddress("198.18.0.10")!, 80), scheduler: "<wrr&>"),
                destinations: [server]),
            ServiceSnapshot(config: ServiceConfig(key: .fwmark(7, .inet6))),
        ])
        let page = StatusPage.render(
            DirectorObservation(
                table: table, totals: TrafficCounters(),
                workers: [WorkerObservation(drops: ["odd<reason>\"&'": 2, "no_service": 5])], kernelGuard: true))
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
        #expect(page.contains("TCP 198.18.0.10:80 &lt;wrr&amp;&gt;"))
        #expect(!page.contains("<wrr"))
        #expect(page.contains("FWM 7 IPv6"))
        #expect(
            page.contains(
                "<tr class=\"server\" data-server=\"198.18.1.2:8080\"><td class=\"name\">&rarr; 198.18.1.2:8080</td><td>Masq</td><td class=\"weight\">5</td><td class=\"active\">4</td><td class=\"inactive\">9</td><td class=\"conns\" data-server=\"198.18.1.2:8080\">77</td><td>3</td>"
            ))
        #expect(page.contains("<td class=\"name\">odd&lt;reason&gt;&quot;&amp;&#39;</td><td>2</td>"))
        #expect(page.contains("<td class=\"name\">no_service</td><td>5</td>"))
        #expect(page.contains("kernel guard on"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("Virtual addresses"), "no forwarding, no addresses section")
    }

    @Test func showsWhichVirtualAddressesAreAnsweredAndTheNeighbours() {
        let vips = ["198.18.0.10", "198.18.0.20"].map { InetAddress($0)! }
        let table = TableSnapshot(
            services: vips.map { ServiceSnapshot(config: ServiceConfig(key: .address(.tcp, $0, 80))) })
        let page = StatusPage.render(
            DirectorObservation(
                table: table, totals: TrafficCounters(), workers: [WorkerObservation()],
                answeredAddresses: [vips[0]],
                neighbours: [
                    ResolvedNeighbour(
                        address: InetAddress("198.18.0.11")!, mac: "02:00:00:00:00:0b", interface: "eth<0>")
                ],
                unresolvedNeighbours: [
                    UnresolvedNeighbour(
                        address: InetAddress("198.18.0.12")!, interface: "eth0", missingForMilliseconds: 2_345)
                ]))
        #expect(
            page.contains(
                "<tr data-address=\"198.18.0.10\"><td class=\"name\">198.18.0.10</td><td class=\"name\">answered</td></tr>"
            ))
        #expect(page.contains("<td class=\"name\">198.18.0.20</td><td class=\"name\">released (VRRP backup)</td>"))
        #expect(
            page.contains(
                "<td class=\"name\">198.18.0.11</td><td class=\"name\">02:00:00:00:00:0b</td><td class=\"name\">eth&lt;0&gt;</td>"
            ))
        #expect(
            page.contains(
                "<tr class=\"unresolved\"><td class=\"name\">198.18.0.12</td><td class=\"name\">resolving for 2.3 s</td><td class=\"name\">eth0</td></tr>"
            ), "\(page)")
        let metrics = String(
            decoding: PrometheusExposition.render(
                DirectorObservation(
                    table: table, totals: TrafficCounters(), workers: [WorkerObservation()], answeredAddresses: [],
                    unresolvedNeighbours: [
                        UnresolvedNeighbour(
                            address: InetAddress("198.18.0.12")!, interface: "eth0", missingForMilliseconds: 1)
                    ])), as: UTF8.self)
        #expect(metrics.contains("lvs_neighbours_unresolved 1.0\n"), "\(metrics)")
    }

    @Test func tableOnlyDirectorHasNoDropsSection() {
        let page = StatusPage.render(DirectorObservation(table: TableSnapshot(), totals: TrafficCounters()))
        #expect(!page.contains("Drops by reason"))
        #expect(page.contains("<table id=\"services\">"))
    }
}
