import Foundation
import LVSTestSupport
import Testing

extension KeepalivedIntegrationTests {
    /// `-t`, `--status` and SIGTERM, as a user meets them.
    @Suite struct Command {
        @Test func configTestExitsAsKeepalived() throws {
            let lab = try KeepalivedLab("config-test")
            defer { lab.stop() }
            try lab.writeConfig(KeepalivedConf.virtualServer([KeepalivedConf.tcpRealServer(port: 8080)]))
            let clean = try lab.lvsCommand(["keepalived", "-t", "-f", lab.configPath])
            #expect(clean.status == 0)
            #expect(clean.errors == "")

            let deprecated = """
                virtual_server 192.0.2.10 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 127.0.0.1 8080 {
                        HTTP_GET {
                            url {
                                path /
                            }
                            nb_get_retry 3
                        }
                    }
                }

                """
            try lab.writeConfig(deprecated)
            let warned = try lab.lvsCommand(["keepalived", "-t", "-f", lab.configPath])
            #expect(warned.status == 5)
            #expect(warned.errors == "(\(lab.configPath): Line 10) nb_get_retry is deprecated - please use 'retry'\n")
        }

        @Test func configTestReportsVRRPProblemsAsKeepalived() throws {
            let lab = try KeepalivedLab("config-test-vrrp")
            defer { lab.stop() }
            try lab.writeConfig(
                """
                global_defs {
                    lvs_sync_daemon eth1 inst VI_2
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 300
                    virtual_ipaddress {
                        198.18.0.100
                    }
                }

                """)
            let checked = try lab.lvsCommand(["keepalived", "-t", "-f", lab.configPath])
            #expect(checked.status == 5)
            #expect(
                checked.errors == """
                    (\(lab.configPath): Line 6) (VI_1): VRID '300' not valid - must be between 1 & 255
                    (VI_1) the virtual router id must be set
                    Unable to find vrrp instance VI_2 for lvs_syncd - clearing lvs_syncd config

                    """)
        }

        @Test func statusShowsWhyAServerIsDown() throws {
            let lab = try KeepalivedLab("status")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            let dead = try LoopbackServer.unusedPort()
            try lab.writeConfig(
                KeepalivedConf.virtualServer([
                    KeepalivedConf.tcpRealServer(port: live.port), KeepalivedConf.tcpRealServer(port: dead),
                ]))
            try lab.startKeepalived()
            let expected = """
                VS [192.0.2.10]:tcp:80: quorum up (live weight 1, quorum 1, hysteresis 0)
                  RS [127.0.0.1]:tcp:\(live.port): up, weight 1
                  RS [127.0.0.1]:tcp:\(dead): down, weight 1
                    TCP_CHECK #1 failed: connection refused

                """
            var last = CommandResult(status: -1, output: "", errors: "")
            let bound = KeepalivedConf.firstCheckBound + KeepalivedConf.slack
            let shown = try lab.waitUntil(seconds: bound) {
                last = try lab.status()
                return last.output == expected
            }
            #expect(shown != nil, "--status printed\n\(last.output)\(last.errors)")
            #expect(last.status == 0)
        }

        @Test func sigtermRemovesItsServicesAndFiles() throws {
            let lab = try KeepalivedLab("sigterm")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            // A service keepalived does not own stays, as the kernel's would.
            try lab.lvsCommand(["ipvsadm", "-A", "-t", "192.0.2.99:80", "-s", "wlc"])
            try lab.writeConfig(KeepalivedConf.virtualServer([KeepalivedConf.tcpRealServer(port: live.port)]))
            try lab.startKeepalived()
            let running = lab.waitUntil(seconds: 10) {
                FileManager.default.fileExists(atPath: lab.statusPath)
                    && (try? lab.table())?.contains("192.0.2.10:80") == true
            }
            #expect(running != nil, "keepalived did not start\n\(lab.log)")
            #expect(FileManager.default.fileExists(atPath: lab.pidPath))

            let status = lab.terminateKeepalived()
            #expect(status == 0, "exit status \(String(describing: status))\n\(lab.log)")
            #expect(try lab.table() == ExpectedTable.header + "TCP  192.0.2.99:80 wlc\n")
            #expect(!FileManager.default.fileExists(atPath: lab.pidPath))
            #expect(!FileManager.default.fileExists(atPath: lab.statusPath))
        }

        @Test func sigtermStopsItWhileItWaitsForTheDirector() throws {
            let lab = try KeepalivedLab("no-director")
            defer { lab.stop() }
            try lab.writeConfig(KeepalivedConf.virtualServer([KeepalivedConf.tcpRealServer(port: 8080)]))
            try lab.startKeepalived(controlSocket: lab.path("no-director.sock"))
            let waiting = lab.waitUntil(seconds: 10) { lab.log.contains("waiting for the director's control socket") }
            #expect(waiting != nil, "\(lab.log)")

            let status = lab.terminateKeepalived(seconds: 5)
            #expect(status == 0, "exit status \(String(describing: status)) after SIGTERM\n\(lab.log)")
            #expect(!FileManager.default.fileExists(atPath: lab.pidPath))
        }

        @Test func reloadWhileWaitingForTheDirectorStartsTheNewConfiguration() throws {
            let lab = try KeepalivedLab("late-director")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            let socket = lab.path("late.sock")
            try lab.writeConfig(KeepalivedConf.virtualServer([KeepalivedConf.tcpRealServer(port: live.port)]))
            try lab.startKeepalived(controlSocket: socket)
            let waiting = lab.waitUntil(seconds: 10) { lab.log.contains("waiting for the director's control socket") }
            #expect(waiting != nil, "\(lab.log)")

            try lab.writeConfig(
                KeepalivedConf.virtualServer([KeepalivedConf.tcpRealServer(port: live.port, weight: 9)]))
            #expect(try lab.lvsCommand(["keepalived", "--reload", "-p", lab.pidPath]).status == 0)
            try lab.startLateDirector(socketPath: socket)
            let expected = ExpectedTable.nat(service: KeepalivedConf.service, [(live.port, 9)])
            var last = ""
            let started = try lab.waitUntil(seconds: 10) {
                last = try lab.lvsCommand(["ipvsadm", "-L", "-n"], controlSocket: socket).output
                return last == expected
            }
            #expect(started != nil, "the late director's table is\n\(last)\nlog:\n\(lab.log)")
        }

        @Test func aSecondDaemonOnTheSamePidFileLeavesTheFirstAlone() throws {
            let lab = try KeepalivedLab("second")
            defer { lab.stop() }
            let live = try LoopbackServer(.silent)
            defer { live.close() }
            try lab.writeConfig(KeepalivedConf.virtualServer([KeepalivedConf.tcpRealServer(port: live.port)]))
            try lab.startKeepalived()
            let running = lab.waitUntil(seconds: 10) { FileManager.default.fileExists(atPath: lab.statusPath) }
            #expect(running != nil, "keepalived did not start\n\(lab.log)")
            let firstPid = try String(contentsOfFile: lab.pidPath, encoding: .utf8)

            let second = try lab.lvsCommand(
                [
                    "keepalived", "-f", lab.configPath, "--control-socket", lab.sandbox.socketPath, "-p", lab.pidPath,
                    "--status-file", lab.path("second.status"),
                ], seconds: 10)
            #expect(second.status == 0)
            #expect(second.errors.contains("daemon is already running"), "\(second.errors)")
            #expect(try String(contentsOfFile: lab.pidPath, encoding: .utf8) == firstPid)
            #expect(lab.keepalivedIsRunning)
            #expect(try lab.table() == ExpectedTable.nat(service: KeepalivedConf.service, [(live.port, 1)]))
        }
    }
}
