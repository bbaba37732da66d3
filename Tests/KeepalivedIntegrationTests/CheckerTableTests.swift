import Foundation
import LVSTestSupport
import Testing

extension KeepalivedIntegrationTests {
    /// The checkers keep the director's table in step with the servers.
    @Suite struct CheckerTable {
        @Test func startKeepsOnlyTheListeningServer() throws {
            let lab = try KeepalivedLab("start")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            let dead = try LoopbackServer.unusedPort()
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    KeepalivedConf.tcpRealServer(port: live.port), KeepalivedConf.tcpRealServer(port: dead),
                ]))
            try lab.startKeepalived()

            let expected = ExpectedTable.nat(service: KeepalivedConf.service, [(live.port, 1)])
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let (elapsed, last) = try lab.waitForTable(expected, seconds: bound)
            #expect(elapsed != nil, "after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")
            #expect(lab.log.contains("TCP_CHECK on service [127.0.0.1]:tcp:\(dead) failed."))
            #expect(lab.log.contains("Removing service [127.0.0.1]:tcp:\(dead) from VS [192.0.2.10]:tcp:80"))
        }

        @Test func stoppedServerLeavesAndReturns() throws {
            let lab = try KeepalivedLab("leave")
            defer { lab.stop() }
            let steady = try LoopbackServer(.silent)
            defer { steady.close() }
            var flaky = try LoopbackServer(.silent)
            defer { flaky.close() }
            let port = flaky.port
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    KeepalivedConf.tcpRealServer(port: steady.port), KeepalivedConf.tcpRealServer(port: port),
                ]))
            try lab.startKeepalived()
            let both = ExpectedTable.nat(service: KeepalivedConf.service, [(steady.port, 1), (port, 1)])
            let steadyOnly = ExpectedTable.nat(service: KeepalivedConf.service, [(steady.port, 1)])
            // Both are in the table from the start; wait until the flaky one's first check passed.
            let upBound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let up = lab.waitUntil(seconds: upBound) { lab.log.contains("TCP connection to [127.0.0.1]:tcp:\(port)") }
            #expect(up != nil, "no first success within \(upBound) s\n\(lab.log)")
            #expect(try lab.table() == both)

            flaky.close()
            let leaveBound = KeepalivedConf.failureBound + KeepalivedConf.slack
            let left = try lab.waitForTable(steadyOnly, seconds: leaveBound)
            let leftAfter = try #require(left.elapsed, "still there after \(leaveBound) s:\n\(left.last)\n\(lab.log)")
            print(
                "stopped server left the table after \(String(format: "%.2f", leftAfter)) s"
                    + " (keepalived's bound \(KeepalivedConf.failureBound) s)")
            #expect(leftAfter <= KeepalivedConf.failureBound + 1.0)

            flaky = try LoopbackServer(port: port, .silent)
            let returnBound = KeepalivedConf.delayLoop + KeepalivedConf.connectTimeout + KeepalivedConf.slack
            let back = try lab.waitForTable(both, seconds: returnBound)
            let backAfter = try #require(back.elapsed, "not back after \(returnBound) s:\n\(back.last)\n\(lab.log)")
            print("restarted server returned after \(String(format: "%.2f", backAfter)) s")
        }

        @Test func inhibitOnFailureKeepsTheServerAtWeightZero() throws {
            let lab = try KeepalivedLab("inhibit")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            let dead = try LoopbackServer.unusedPort()
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    KeepalivedConf.tcpRealServer(port: live.port, weight: 2),
                    KeepalivedConf.tcpRealServer(port: dead, weight: 3, options: "        inhibit_on_failure"),
                ]))
            try lab.startKeepalived()
            let expected = ExpectedTable.nat(service: KeepalivedConf.service, [(live.port, 2), (dead, 0)])
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let (elapsed, last) = try lab.waitForTable(expected, seconds: bound)
            #expect(elapsed != nil, "after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")
            let status = try lab.status().output
            #expect(
                status.contains("  RS [127.0.0.1]:tcp:\(dead): down (inhibited, weight 0), weight 3\n"), "\(status)")
        }

        @Test func miscDynamicExitCodeSetsTheWeight() throws {
            let lab = try KeepalivedLab("misc")
            defer { lab.stop() }
            let port = try LoopbackServer.unusedPort()
            let codeFile = lab.path("exit-code")
            let script = lab.path("misc-check.sh")
            try "12\n".write(toFile: codeFile, atomically: true, encoding: .utf8)
            try "#!/bin/sh\nexit $(cat \(codeFile))\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    """
                        real_server 127.0.0.1 \(port) {
                            weight 3
                            MISC_CHECK {
                                misc_path "\(script)"
                                misc_timeout 5
                                misc_dynamic
                            }
                        }
                    """
                ]))
            try lab.startKeepalived()
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            func expectWeight(_ weight: Int?, after change: String) throws {
                let rows: [(port: UInt16, weight: Int)] = weight.map { [(port, $0)] } ?? []
                let expected = ExpectedTable.nat(service: KeepalivedConf.service, rows)
                let (elapsed, last) = try lab.waitForTable(expected, seconds: bound)
                #expect(elapsed != nil, "\(change): after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")
            }
            try expectWeight(10, after: "exit 12")
            try "0\n".write(toFile: codeFile, atomically: true, encoding: .utf8)
            try expectWeight(3, after: "exit 0")
            try "7\n".write(toFile: codeFile, atomically: true, encoding: .utf8)
            try expectWeight(5, after: "exit 7")
            try "1\n".write(toFile: codeFile, atomically: true, encoding: .utf8)
            try expectWeight(nil, after: "exit 1")
        }

        @Test func hangingServerDoesNotHoldBackTheOthers() throws {
            let lab = try KeepalivedLab("hang")
            defer { lab.stop() }
            let hanging = try LoopbackServer(.silent)
            defer { hanging.close() }
            let healthy = try LoopbackServer(.http)
            defer { healthy.close() }
            func httpServer(_ port: UInt16) -> String {
                """
                    real_server 127.0.0.1 \(port) {
                        weight 1
                        alpha
                        HTTP_GET {
                            url {
                                path /
                                status_code 200
                            }
                            connect_timeout 2
                            retry 0
                        }
                    }
                """
            }
            try lab.writeConfig(KeepalivedConf.virtualServer([httpServer(hanging.port), httpServer(healthy.port)]))
            try lab.startKeepalived()
            // alpha: both start down; the healthy one joins at its first check, within delay_loop.
            let expected = ExpectedTable.nat(service: KeepalivedConf.service, [(healthy.port, 1)])
            let bound = KeepalivedConf.delayLoop + KeepalivedConf.slack
            let (elapsed, last) = try lab.waitForTable(expected, seconds: bound)
            #expect(elapsed != nil, "after \(bound) s the table is\n\(last)\nlog:\n\(lab.log)")

            // Each check of the hanging server takes connect_timeout (2 s); the healthy one's
            // checks keep their delay_loop of 1 s meanwhile.
            let before = healthy.requestsAnswered
            let window = 6.0
            Thread.sleep(forTimeInterval: window)
            let checks = healthy.requestsAnswered - before
            print("healthy server: \(checks) checks in \(window) s at delay_loop 1 beside a hanging one")
            #expect(checks >= 4, "the healthy server was checked \(checks) times in \(window) s")
            let status = try lab.status().output
            #expect(
                status.contains(
                    "  RS [127.0.0.1]:tcp:\(hanging.port): down, weight 1\n"
                        + "    HTTP_GET #1 failed: /: timeout after 2.0 s\n"), "\(status)")
        }

        @Test func miscTimeoutKillsTheScriptAndNothingOutlivesTheDaemon() throws {
            let lab = try KeepalivedLab("misc-timeout")
            defer { lab.stop() }
            let port = try LoopbackServer.unusedPort()
            // A sleep only this test runs, to find its processes by.
            let marker = "sleep \(50_000 + Int(port) % 10_000)"
            let script = lab.path("slow-check.sh")
            try "#!/bin/sh\n\(marker)\n".write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    """
                        real_server 127.0.0.1 \(port) {
                            weight 1
                            MISC_CHECK {
                                misc_path "\(script)"
                                misc_timeout 1
                            }
                        }
                    """
                ]))
            try lab.startKeepalived()
            let down =
                "  RS [127.0.0.1]:tcp:\(port): down, weight 1\n"
                + "    MISC_CHECK #1 failed: killed after misc_timeout 1 s\n"
            var last = ""
            let bound = KeepalivedConf.delayLoop + 1 + KeepalivedConf.slack
            let failed = try lab.waitUntil(seconds: bound) {
                last = try lab.status().output
                return last.contains(down)
            }
            #expect(failed != nil, "--status printed\n\(last)\nlog:\n\(lab.log)")
            #expect(try lab.table() == ExpectedTable.nat(service: KeepalivedConf.service, []))

            #expect(lab.terminateKeepalived() == 0)
            let gone = lab.waitUntil(seconds: 3) { processes(matching: marker) == 0 }
            #expect(gone != nil, "\(processes(matching: marker)) check scripts outlived lvs keepalived")
        }
    }
}

/// How many processes run a command line containing `text` (from /proc/PID/cmdline).
private func processes(matching text: String) -> Int {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { entry in
        guard Int(entry) != nil,
            let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
        else { return false }
        let commandLine = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return commandLine.contains(text)
    }.count
}
