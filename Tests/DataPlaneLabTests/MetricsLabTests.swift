import Foundation
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `lvs director --metrics-listen`: the Prometheus text and the status page of a forwarding
/// director under real traffic, read from the client host as a scraper or a browser would.
extension DirectorLabTests {
    static let metricsURL = "http://\(LabTopology.directorLAN):9100"

    /// A running `lvs director` with metrics on 198.18.0.2:9100, rs1 (weight 3) and rs2 behind
    /// the VIP (DR), and a fwmark service with rs1 (no traffic), for `body`.
    static func withMetricsDirector(
        name: String, extraArguments: [String] = [],
        _ body: (_ lab: DirectorLab, _ ipvsadm: (String) throws -> String) throws -> Void
    ) throws {
        let lab = try DirectorLab(name: name, hosts: LabTopology.flat())
        defer { lab.close() }
        let directorHost = lab["director"]
        let lvs = try #require(LVSBinary.path)
        try lab.startDirectRoutingServers(vip: Self.vip)
        let sandbox = try DirectorSandbox(lvs: URL(fileURLWithPath: lvs), name: "lvs-\(name)-lab-\(getpid())")
        defer { sandbox.remove() }
        let director = try directorHost.start(
            sandbox.envPrefix + [lvs] + sandbox.directorArguments + [
                "--interface", "eth0", "--workers", "2", "--fresh", "--no-kernel-guard",
                "--metrics-listen", "\(LabTopology.directorLAN):9100",
            ] + extraArguments)
        defer { director.terminate(signal: SIGKILL) }
        #expect(sandbox.waitForSocket(seconds: 10), "the director did not start")
        func ipvsadm(_ arguments: String) throws -> String {
            let argv = sandbox.envPrefix + [lvs, "ipvsadm"] + arguments.split(separator: " ").map(String.init)
            let out = try directorHost.exec(argv)
            #expect(out.status == 0, "ipvsadm \(arguments): \(out.stderr)")
            return out.stdout
        }
        for line in [
            "-A -t \(Self.vip):80 -s rr", "-a -t \(Self.vip):80 -r 198.18.0.11:80 -g -w 3",
            "-a -t \(Self.vip):80 -r 198.18.0.12:80 -g", "-A -f 5 -s wlc", "-a -f 5 -r 198.18.0.11:80 -g -w 2",
        ] {
            _ = try ipvsadm(line)
        }
        try body(lab, ipvsadm)
    }

    /// GETs `url` from the client host with python's urllib.
    static func scrape(_ client: LabHost, _ url: String) throws -> String {
        let out = try client.exec([
            "python3", "-c",
            "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('\(url)', timeout=10).read().decode())",
        ])
        #expect(out.status == 0, "GET \(url): \(out.stderr)")
        return out.stdout
    }

    /// Samples of the Prometheus text by series (name and labels as printed).
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " ") else { continue }
            out[String(line[..<space])] = Double(line[line.index(after: space)...])
        }
        return out
    }

    /// Runs HTTP GETs through the VIP until the returned closure is called.
    static func startTraffic(_ lab: DirectorLab, directory: String) throws -> () -> Void {
        let stop = directory + "/stop-\(UUID().uuidString)"
        let probe = try lab["client"].start(Self.connectProbe(Self.vip, stop: stop), stdout: nil)
        return {
            FileManager.default.createFile(atPath: stop, contents: nil)
            _ = probe.wait()
        }
    }

    @Test(
        "metrics: /metrics during traffic rises, and its node_ipvs_* values equal ipvsadm -L -n --stats --exact and -L -n",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"))
    func metricsMatchIPVSAdm() throws {
        try Self.withMetricsDirector(name: "metrics") { lab, ipvsadm in
            let client = lab["client"]
            let stopTraffic = try Self.startTraffic(lab, directory: NSTemporaryDirectory())
            usleep(1_000_000)
            let first = Self.samples(try Self.scrape(client, Self.metricsURL + "/metrics"))
            usleep(1_500_000)
            let second = Self.samples(try Self.scrape(client, Self.metricsURL + "/metrics"))
            stopTraffic()
            let during = (first["node_ipvs_connections_total"] ?? -1, second["node_ipvs_connections_total"] ?? -1)
            #expect(during.0 > 0 && during.1 > during.0, "connections during traffic: \(during)")
            #expect(
                (second["lvs_worker_received_frames_total{worker=\"0\"}"] ?? 0)
                    + (second["lvs_worker_received_frames_total{worker=\"1\"}"] ?? 0) > 0)

            // Traffic stopped; after the scrape cache's second, one table for both readers.
            usleep(1_200_000)
            let text = try Self.scrape(client, Self.metricsURL + "/metrics")
            let metrics = Self.samples(text)
            let stats = try ipvsadm("-L -n --stats --exact")
            let listing = try ipvsadm("-L -n")

            // Service rows of --stats: "TCP  VIP:80  Conns InPkts OutPkts InBytes OutBytes".
            var sums = [Double](repeating: 0, count: 5)
            for line in stats.split(separator: "\n") where line.hasPrefix("TCP") || line.hasPrefix("FWM") {
                let numbers = line.split(separator: " ").suffix(5).map { Double($0) ?? -1 }
                for i in 0..<5 { sums[i] += numbers[i] }
            }
            let totals = [
                "node_ipvs_connections_total", "node_ipvs_incoming_packets_total", "node_ipvs_outgoing_packets_total",
                "node_ipvs_incoming_bytes_total", "node_ipvs_outgoing_bytes_total",
            ].map { metrics[$0] ?? -1 }
            #expect(totals == sums, "metrics \(totals) vs ipvsadm --stats \(sums)\n\(stats)")
            #expect(sums[0] > 10 && sums[1] > 0 && sums[3] > 0, "traffic was counted: \(stats)")

            // Real servers of -L -n: "  -> 198.18.0.11:80   Route   3   ActiveConn   InActConn".
            var rows = 0
            var service = ""
            for line in listing.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if line.hasPrefix("TCP") {
                    service = #"local_address="\#(Self.vip)",local_mark="",local_port="80",proto="TCP""#
                } else if line.hasPrefix("FWM") {
                    service = #"local_address="",local_mark="00000005",local_port="0",proto="FWM""#
                }
                // The column header ("-> RemoteAddress:Port Forward Weight ...") has no numbers.
                guard fields.first == "->", fields.count == 6, Int(fields[3]) != nil,
                    let colon = fields[1].lastIndex(of: ":")
                else { continue }
                let labels =
                    "{\(service),remote_address=\"\(fields[1][..<colon])\",remote_port=\"\(fields[1][fields[1].index(after: colon)...])\"}"
                #expect(metrics["node_ipvs_backend_weight" + labels] == Double(fields[3]), "\(labels)\n\(text)")
                #expect(metrics["node_ipvs_backend_connections_active" + labels] == Double(fields[4]), "\(labels)")
                #expect(metrics["node_ipvs_backend_connections_inactive" + labels] == Double(fields[5]), "\(labels)")
                rows += 1
            }
            #expect(rows == 3, "\(listing)")
            #expect(metrics["lvs_virtual_address_answered{address=\"\(Self.vip)\"}"] == 1, "\(text)")
            #expect((metrics["lvs_neighbours_resolved"] ?? 0) >= 2, "rs1 and rs2 resolved")
            #expect(
                text.contains("# HELP node_ipvs_backend_weight The current backend weight by local and remote address.")
            )
            print(
                "metrics lab: node_ipvs_connections_total \(during.0) then \(during.1) during traffic; "
                    + "after it totals \(totals) = ipvsadm --stats sums")
        }
    }

    static let nodeExporter = "/usr/bin/prometheus-node-exporter"

    @Test(
        "metrics: every node_ipvs_* series of /metrics equals what node_exporter prints from --procfs-dir, same director",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"),
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: nodeExporter),
            "needs prometheus-node-exporter (Debian package prometheus-node-exporter)"))
    func metricsEqualNodeExporter() throws {
        let procfs = NSTemporaryDirectory() + "lvs-metrics-procfs-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: procfs) }
        try Self.withMetricsDirector(name: "nodeexp", extraArguments: ["--procfs-dir", procfs]) { lab, ipvsadm in
            let client = lab["client"]
            let directorHost = lab["director"]
            let stopTraffic = try Self.startTraffic(lab, directory: NSTemporaryDirectory())
            usleep(2_000_000)
            stopTraffic()
            // Both readers' caches (the procfs files' second, the scrape's second) past the traffic.
            usleep(2_500_000)
            let port = 20_000 + Int(getpid() % 20_000)
            let exporter = try directorHost.start([
                Self.nodeExporter, "--path.procfs=\(procfs)", "--collector.disable-defaults", "--collector.ipvs",
                "--web.listen-address=127.0.0.1:\(port)",
            ])
            defer { _ = exporter.terminate() }
            func exporterSamples() throws -> [String: Double] {
                var theirs: [String: Double] = [:]
                for _ in 0..<50 where theirs.isEmpty {
                    usleep(100_000)
                    let out = try directorHost.exec([
                        "python3", "-c",
                        "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:\(port)/metrics', timeout=5).read().decode())",
                    ])
                    theirs = Self.samples(out.stdout).filter { $0.key.hasPrefix("node_ipvs_") }
                }
                return theirs
            }
            let theirs = try exporterSamples()
            let ours = Self.samples(try Self.scrape(client, Self.metricsURL + "/metrics"))
                .filter { $0.key.hasPrefix("node_ipvs_") }
            #expect(!theirs.isEmpty, "node_exporter printed no node_ipvs_ series")
            #expect((ours["node_ipvs_connections_total"] ?? 0) > 10, "traffic was counted")
            #expect(
                ours == theirs,
                "ours \(ours.sorted { $0.key < $1.key })\nnode_exporter \(theirs.sorted { $0.key < $1.key })")
            print("metrics lab: \(ours.count) node_ipvs_* series, equal to node_exporter's from the procfs files")
            // As the kernel's ip_vs_stats, the totals keep the traffic of a deleted service.
            _ = try ipvsadm("-D -t \(Self.vip):80")
            usleep(2_500_000)
            let total = "node_ipvs_connections_total"
            let theirsAfter = try exporterSamples()
            #expect(
                theirsAfter[total] == ours[total],
                "after -D: node_exporter \(theirsAfter[total] ?? -1), before \(ours[total] ?? -1)")
            // A real server no host answers for: its next hop is listed as still resolving.
            _ = try ipvsadm("-A -t \(Self.vip):81 -s rr")
            _ = try ipvsadm("-a -t \(Self.vip):81 -r 198.18.0.99:81 -g")
            usleep(2_500_000)
            let unresolved = try Self.scrape(client, Self.metricsURL + "/metrics")
            #expect(unresolved.contains("lvs_neighbours_unresolved 1.0\n"), "\(unresolved)")
        }
    }

    @Test(
        "status page: headless Chromium loads / twice and shows rs1's connection count rising under traffic",
        .enabled(if: LVSBinary.url != nil, "needs the built lvs binary"),
        requireTool("chromium", package: "chromium"))
    func statusPageInChromium() throws {
        try Self.withMetricsDirector(name: "statuspage") { lab, _ in
            let client = lab["client"]
            let profile = NSTemporaryDirectory() + "lvs-statuspage-chromium-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: profile) }
            func load() throws -> (dom: String, rs1: Int?) {
                let out = try client.exec([
                    "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--user-data-dir=\(profile)", "--dump-dom", Self.metricsURL + "/",
                ])
                #expect(out.status == 0, "chromium: \(out.stderr)")
                let marker = "<td class=\"conns\" data-server=\"198.18.0.11:80\">"
                guard let start = out.stdout.range(of: marker)?.upperBound,
                    let end = out.stdout[start...].firstIndex(of: "<")
                else { return (out.stdout, nil) }
                return (out.stdout, Int(out.stdout[start..<end]))
            }
            let stopTraffic = try Self.startTraffic(lab, directory: NSTemporaryDirectory())
            defer { stopTraffic() }
            usleep(1_000_000)
            let before = try load()
            usleep(2_000_000)
            let after = try load()
            let counts = (try #require(before.rs1, "no rs1 row:\n\(before.dom)"), try #require(after.rs1))
            #expect(counts.0 > 0 && counts.1 > counts.0, "rs1's connections in two loads: \(counts)")
            #expect(after.dom.contains("SwiftLVS director"))
            #expect(after.dom.contains("TCP \(Self.vip):80 rr"))
            #expect(after.dom.contains("FWM 5 wlc"))
            #expect(
                after.dom.contains(
                    "<td class=\"name\">\(Self.vip)</td><td class=\"name\">answered</td>"), "the VIP is answered")
            #expect(after.dom.contains("<td class=\"name\">198.18.0.11</td>"), "rs1's MAC is resolved")
            print("status page lab: rs1 connections \(counts.0) then \(counts.1) in headless Chromium")
        }
    }
}
