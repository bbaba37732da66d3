import Foundation
import LVSTestSupport
import Testing

extension KeepalivedIntegrationTests {
    /// SIGHUP (`lvs keepalived --reload`): only the differences reach the table.
    @Suite struct Reload {
        @Test func reloadAddsChangesAndRemovesRealServers() throws {
            let lab = try KeepalivedLab("reload")
            defer { lab.stop() }
            let servers = try (0..<4).map { _ in try LoopbackServer(.silent) }
            defer { servers.forEach { $0.close() } }
            let (kept, reweighted, removed, added) = (
                servers[0].port, servers[1].port, servers[2].port, servers[3].port
            )
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    KeepalivedConf.tcpRealServer(port: kept), KeepalivedConf.tcpRealServer(port: reweighted),
                    KeepalivedConf.tcpRealServer(port: removed),
                ]))
            try lab.startKeepalived()
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let keptSuccess = "TCP connection to [127.0.0.1]:tcp:\(kept) success."
            let firstChecks = lab.waitUntil(seconds: bound) {
                [kept, reweighted, removed].allSatisfy { lab.log.contains("TCP connection to [127.0.0.1]:tcp:\($0)") }
            }
            #expect(firstChecks != nil, "no first successes within \(bound) s\n\(lab.log)")
            #expect(
                try lab.table()
                    == ExpectedTable.nat(
                        service: KeepalivedConf.service,
                        [(kept, 1), (reweighted, 1), (removed, 1)]))

            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    KeepalivedConf.tcpRealServer(port: kept), KeepalivedConf.tcpRealServer(port: reweighted, weight: 5),
                    KeepalivedConf.tcpRealServer(port: added),
                ]))
            #expect(try lab.lvsCommand(["keepalived", "--reload", "-p", lab.pidPath]).status == 0)
            let expected = ExpectedTable.nat(service: KeepalivedConf.service, [(kept, 1), (reweighted, 5), (added, 1)])
            var keptLeft = false
            var last = ""
            let reloaded = try lab.waitUntil(seconds: bound) {
                last = try lab.table()
                let seen = last
                keptLeft = keptLeft || !seen.contains("127.0.0.1:\(kept) ")
                return last == expected
            }
            #expect(reloaded != nil, "after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")
            // A few more of the unchanged server's delay_loops: its checker must not start over.
            let settle = try lab.waitUntil(seconds: 2 * KeepalivedConf.delayLoop) {
                let table = try lab.table()
                keptLeft = keptLeft || !table.contains("127.0.0.1:\(kept) ")
                return false
            }
            #expect(settle == nil)
            #expect(!keptLeft, "the unchanged server left the table during the reload")
            #expect(
                lab.log.components(separatedBy: keptSuccess).count - 1 == 1,
                "the unchanged server's checker logged its first success again:\n\(lab.log)")
            #expect(lab.log.contains("TCP connection to [127.0.0.1]:tcp:\(added) success."))
        }

        @Test func brokenConfigurationIsRefusedAndTheRunningOneStays() throws {
            let lab = try KeepalivedLab("broken")
            defer { lab.stop() }
            let steady = try LoopbackServer(.silent)
            defer { steady.close() }
            let flaky = try LoopbackServer(.silent)
            defer { flaky.close() }
            let good = KeepalivedConf.virtualServer([
                KeepalivedConf.tcpRealServer(port: steady.port), KeepalivedConf.tcpRealServer(port: flaky.port),
            ])
            try lab.writeConfig(good)
            try lab.startKeepalived()
            let both = ExpectedTable.nat(service: KeepalivedConf.service, [(steady.port, 1), (flaky.port, 1)])
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let started = lab.waitUntil(seconds: bound) {
                lab.log.contains("TCP connection to [127.0.0.1]:tcp:\(flaky.port) success.")
            }
            #expect(started != nil, "no first success within \(bound) s\n\(lab.log)")

            // Line 9 of the broken file: the weight is not a number.
            let broken = good.replacingOccurrences(of: "weight 1", with: "weight one")
            try lab.writeConfig(broken)
            let brokenLine =
                broken.split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.contains("weight one") }.map { $0 + 1 } ?? 0
            #expect(try lab.lvsCommand(["keepalived", "--reload", "-p", lab.pidPath]).status == 0)
            let refused = lab.waitUntil(seconds: 5) { lab.log.contains("configuration refused") }
            #expect(refused != nil, "no refusal logged\n\(lab.log)")
            #expect(lab.log.contains("(\(lab.configPath): Line \(brokenLine))"), "\(lab.log)")
            #expect(lab.keepalivedIsRunning)
            #expect(try lab.table() == both)

            // The running configuration still checks: a server that stops leaves the table.
            flaky.close()
            let steadyOnly = ExpectedTable.nat(service: KeepalivedConf.service, [(steady.port, 1)])
            let leaveBound = KeepalivedConf.failureBound + KeepalivedConf.slack
            let (elapsed, last) = try lab.waitForTable(steadyOnly, seconds: leaveBound)
            #expect(elapsed != nil, "after \(leaveBound) s the table is\n\(last)\nlog:\n\(lab.log)")
        }

        @Test func reloadAddsAndRemovesVirtualServersAndKeepsDownServersOut() throws {
            let lab = try KeepalivedLab("reload-vs")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            let dead = try LoopbackServer.unusedPort()
            let servers = [KeepalivedConf.tcpRealServer(port: live.port), KeepalivedConf.tcpRealServer(port: dead)]
            try lab.writeConfig(KeepalivedConf.virtualServer(servers))
            try lab.startKeepalived()
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let first = try lab.waitForTable(
                ExpectedTable.nat(service: KeepalivedConf.service, [(live.port, 1)]), seconds: bound)
            #expect(first.elapsed != nil, "after \(bound) s the table is\n\(first.last)\nlog:\n\(lab.log)")

            // Another scheduler for the first virtual server, and a second one beside it.
            let second = """
                virtual_server 192.0.2.11 80 {
                    delay_loop 1
                    lb_algo wrr
                    lb_kind NAT
                    protocol TCP
                \(KeepalivedConf.tcpRealServer(port: live.port, weight: 7))
                }

                """
            let withSecond = KeepalivedConf.virtualServer(servers).replacingOccurrences(
                of: "lb_algo rr", with: "lb_algo wlc")
            try lab.writeConfig(withSecond + second)
            #expect(try lab.lvsCommand(["keepalived", "--reload", "-p", lab.pidPath]).status == 0)
            let both =
                ExpectedTable.header
                + ExpectedTable.natService(KeepalivedConf.service, scheduler: "wlc", [(live.port, 1)])
                + ExpectedTable.natService("192.0.2.11:80", scheduler: "wrr", [(live.port, 7)])
            // The down server is not put back by the reload: it stays out while its check fails.
            var deadSeen = false
            var last = ""
            let reloaded = try lab.waitUntil(seconds: bound) {
                last = try lab.table()
                deadSeen = deadSeen || last.contains(":\(dead) ")
                return last == both
            }
            #expect(reloaded != nil, "after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")

            try lab.writeConfig(withSecond)
            #expect(try lab.lvsCommand(["keepalived", "--reload", "-p", lab.pidPath]).status == 0)
            let firstOnly =
                ExpectedTable.header
                + ExpectedTable.natService(KeepalivedConf.service, scheduler: "wlc", [(live.port, 1)])
            let removed = try lab.waitUntil(seconds: bound) {
                last = try lab.table()
                deadSeen = deadSeen || last.contains(":\(dead) ")
                return last == firstOnly
            }
            #expect(removed != nil, "after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")
            #expect(!deadSeen, "the down server came back into the table on reload")
        }
    }
}
