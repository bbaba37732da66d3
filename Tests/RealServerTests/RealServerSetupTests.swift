import LVSCore
import LVSVocabulary
import Testing

@testable import LVSRealServer

@Suite("Real-server setup bookkeeping")
struct RealServerSetupTests {
    let vip = InetAddress("198.18.0.50")!
    let vip2 = InetAddress("198.18.0.51")!
    let dir = "/state"

    func setup(_ host: FakeHost) -> RealServerSetup { RealServerSetup(host: host, stateDirectory: dir) }

    @Test("start suppresses ARP before the VIP appears on lo, and says what it changed")
    func start() throws {
        let host = FakeHost()
        host.sysctls["net.ipv4.conf.lo.arp_announce"] = "1"
        let report = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        #expect(report.changed)
        #expect(
            report.lines == [
                "net.ipv4.conf.all.arp_ignore: 0 -> 1",
                "net.ipv4.conf.all.arp_announce: 0 -> 2",
                "net.ipv4.conf.lo.arp_ignore: 0 -> 1",
                "net.ipv4.conf.lo.arp_announce: 1 -> 2",
                "198.18.0.50: added 198.18.0.50/32 on lo",
            ])
        #expect(host.log.last == "add 198.18.0.50 lo")
        #expect(
            host.log.firstIndex(of: "add 198.18.0.50 lo")! > host.log.firstIndex(
                of: "sysctl net.ipv4.conf.all.arp_ignore=1")!)
        #expect(
            host.files["/state/realserver-arp.state"] == """
                # lvs realserver: ARP sysctls as they were before `start`; restored by the last `stop`
                net.ipv4.conf.all.arp_ignore=0
                net.ipv4.conf.all.arp_announce=0
                net.ipv4.conf.lo.arp_ignore=0
                net.ipv4.conf.lo.arp_announce=1

                """)
        #expect(
            host.files["/state/realserver-198.18.0.50.state"] == """
                # lvs realserver: what `start` changed for this VIP; `stop` undoes it
                address=198.18.0.50
                method=sysctl
                added-to-lo=yes

                """)
    }

    @Test("start twice changes nothing the second time")
    func startIsIdempotent() throws {
        let host = FakeHost()
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        let (sysctls, addresses, files, log) = (host.sysctls, host.addresses, host.files, host.log)
        let again = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        #expect(!again.changed)
        #expect(again.lines == ["real server already set up for 198.18.0.50; nothing changed"])
        #expect(host.sysctls == sysctls && host.addresses == addresses && host.files == files && host.log == log)
    }

    @Test("stop restores the recorded values exactly and removes the VIP and the records")
    func stopRestores() throws {
        let host = FakeHost()
        host.sysctls["net.ipv4.conf.lo.arp_announce"] = "1"
        host.sysctls["net.ipv4.conf.all.arp_ignore"] = "1"
        let before = (host.sysctls, host.addresses)
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        let report = try setup(host).stop([vip])
        #expect(
            report.lines == [
                "198.18.0.50: removed 198.18.0.50/32 from lo",
                "198.18.0.50: stopped",
                "net.ipv4.conf.all.arp_announce: 2 -> 0 (restored)",
                "net.ipv4.conf.lo.arp_ignore: 1 -> 0 (restored)",
                "net.ipv4.conf.lo.arp_announce: 2 -> 1 (restored)",
            ])
        #expect(host.sysctls == before.0)
        #expect(host.addresses == before.1)
        #expect(host.files.isEmpty)
    }

    @Test("stop when not started is a no-op that says so")
    func stopWhenNotStarted() throws {
        let host = FakeHost()
        let report = try setup(host).stop([vip])
        #expect(report == SetupReport(lines: ["198.18.0.50: not started; nothing to stop"], changed: false))
        let all = try setup(host).stop(nil)
        #expect(all.lines == ["no real-server setup recorded in /state"])
        #expect(host.log.isEmpty)
    }

    @Test("the ARP sysctls stay until the last IPv4 VIP stops")
    func sharedSysctls() throws {
        let host = FakeHost()
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        let second = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip2]))
        #expect(second.lines == ["198.18.0.51: added 198.18.0.51/32 on lo"])
        let first = try setup(host).stop([vip])
        #expect(first.lines == ["198.18.0.50: removed 198.18.0.50/32 from lo", "198.18.0.50: stopped"])
        #expect(host.sysctls["net.ipv4.conf.all.arp_ignore"] == "1")
        let last = try setup(host).stop(nil)
        #expect(last.lines.contains("net.ipv4.conf.all.arp_ignore: 1 -> 0 (restored)"))
        #expect(host.sysctls.values.allSatisfy { $0 == "0" })
        #expect(host.loopback == [InetAddress("127.0.0.1")!])
    }

    @Test("a VIP already on lo before start stays there after stop")
    func preexistingAddress() throws {
        let host = FakeHost()
        host.addresses.append(InterfaceAddress(interface: "lo", address: vip, prefixLength: 32, scope: "global"))
        let report = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        #expect(report.lines.last == "198.18.0.50: already on lo; left there on stop")
        _ = try setup(host).stop([vip])
        #expect(host.loopback.contains(vip))
    }

    @Test("a VIP also on eth0 is reported: that host would answer ARP for it")
    func vipOnOtherInterface() throws {
        let host = FakeHost()
        host.addresses.append(InterfaceAddress(interface: "eth0", address: vip, prefixLength: 24, scope: "global"))
        let report = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        #expect(
            report.lines.last
                == "198.18.0.50: warning: also on eth0, where this host answers ARP/ND for it; remove it there")
        #expect(!setup(host).status([vip]).isComplete)
    }

    @Test("an IPv6 VIP goes on lo as /128 and leaves the ARP sysctls alone")
    func ipv6() throws {
        let host = FakeHost()
        let v6 = InetAddress("2001:db8::50")!
        let report = try setup(host).start(RealServerConfiguration(virtualAddresses: [v6]))
        #expect(
            report.lines == [
                "2001:db8::50: added 2001:db8::50/128 on lo",
                "2001:db8::50: IPv6 needs no ARP suppression (neighbour discovery ignores addresses on lo)",
            ])
        #expect(host.sysctls.values.allSatisfy { $0 == "0" })
        _ = try setup(host).stop(nil)
        #expect(!host.loopback.contains(v6))
    }

    @Test("arptables: refused without the program; otherwise the seeds' two rules, deleted by stop")
    func arptables() throws {
        let host = FakeHost()
        let config = RealServerConfiguration(virtualAddresses: [vip], method: .arptables)
        #expect(throws: RealServerError("arptables is not installed; use --method sysctl (the default)")) {
            try setup(host).start(config)
        }
        #expect(host.files.isEmpty && host.log.isEmpty)
        host.arptablesPath = "/usr/sbin/arptables"
        let report = try setup(host).start(config)
        #expect(
            report.lines == [
                "198.18.0.50: added 198.18.0.50/32 on lo",
                "198.18.0.50: arptables -I INPUT -d 198.18.0.50 -j DROP",
                "198.18.0.50: arptables -I OUTPUT -s 198.18.0.50 -j mangle --mangle-ip-s 198.18.0.11",
            ])
        #expect(host.sysctls.values.allSatisfy { $0 == "0" })
        #expect(!(try setup(host).start(config)).changed)
        #expect(
            throws: RealServerError(
                "198.18.0.50 was started with --method arptables; run `lvs realserver stop --vip 198.18.0.50` first")
        ) {
            try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        }
        let stop = try setup(host).stop([vip])
        #expect(
            stop.lines == [
                "198.18.0.50: removed 198.18.0.50/32 from lo",
                "198.18.0.50: arptables -D INPUT -d 198.18.0.50 -j DROP",
                "198.18.0.50: arptables -D OUTPUT -s 198.18.0.50 -j mangle --mangle-ip-s 198.18.0.11",
                "198.18.0.50: stopped",
            ])
        #expect(host.arptablesRules.isEmpty)
    }

    @Test("a sysctl changed by someone else after start is left alone by stop")
    func foreignChange() throws {
        let host = FakeHost()
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        host.sysctls["net.ipv4.conf.all.arp_ignore"] = "2"
        let report = try setup(host).stop([vip])
        #expect(
            report.lines.contains(
                "net.ipv4.conf.all.arp_ignore: now 2, changed by someone else since start; left as is (was 0)"))
        #expect(host.sysctls["net.ipv4.conf.all.arp_ignore"] == "2")
    }

    @Test("stop ends a running decapsulator first, which undoes its own VIPs")
    func stopEndsDecapsulator() throws {
        let host = FakeHost()
        let daemon = DecapsulatorProcess(pid: 4242, startTime: 77)
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip], tunnel: .ipip))
        try setup(host).recordDecapsulator(for: [vip], tunnel: .ipip, process: daemon, device: "lvsrs0")
        host.running = [daemon]
        host.interfaces.insert("lvsrs0")
        // The decapsulator puts the VIP on its device too; that is no stray copy.
        host.addresses.append(InterfaceAddress(interface: "lvsrs0", address: vip, prefixLength: 32, scope: "host"))
        #expect(try setup(host).runningDecapsulator(for: [vip])?.1 == daemon)
        #expect(setup(host).status([vip]).isComplete)
        host.onTerminate = { _ in _ = try? self.setup(host).stop([self.vip]) }
        let report = try setup(host).stop([vip])
        #expect(report.lines == ["stopped decapsulator pid 4242"])
        #expect(host.files.isEmpty)
        #expect(host.sysctls.values.allSatisfy { $0 == "0" })
    }

    @Test("start without --tunnel forgets a decapsulator that died")
    func forgetDeadDecapsulator() throws {
        let host = FakeHost()
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip], tunnel: .gue(port: 6080)))
        try setup(host).recordDecapsulator(
            for: [vip], tunnel: .gue(port: 6080), process: DecapsulatorProcess(pid: 9, startTime: 9), device: "lvsrs0")
        let status = setup(host).status([vip])
        #expect(status.problems == ["decapsulator pid 9 not running", "tunnel device lvsrs0 missing"])
        let report = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        #expect(report.lines == ["198.18.0.50: forgot decapsulator pid 9, which is no longer running"])
        #expect(try setup(host).state(for: vip)?.tunnel == nil)
    }

    @Test("status lists what is in place and names what is missing")
    func status() throws {
        let host = FakeHost()
        #expect(
            setup(host).status(nil).text
                == "no real-server setup recorded in /state\nrealserver: incomplete: nothing started\n")
        _ = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        let ok = setup(host).status(nil)
        #expect(
            ok.text == """
                198.18.0.50: started (/state/realserver-198.18.0.50.state)
                  lo: 198.18.0.50/32 present
                  arp: sysctl
                    net.ipv4.conf.all.arp_ignore = 1
                    net.ipv4.conf.all.arp_announce = 2
                    net.ipv4.conf.lo.arp_ignore = 1
                    net.ipv4.conf.lo.arp_announce = 2
                  tunnel: none
                realserver: complete

                """)
        host.sysctls["net.ipv4.conf.all.arp_announce"] = "0"
        try host.removeFromLoopback(vip)
        let broken = setup(host).status([vip])
        #expect(broken.problems == ["198.18.0.50 not on lo", "net.ipv4.conf.all.arp_announce is 0, not 2"])
        #expect(
            broken.text.hasSuffix(
                "realserver: incomplete: 198.18.0.50 not on lo; net.ipv4.conf.all.arp_announce is 0, not 2\n"))
        // start repairs what went missing
        let repair = try setup(host).start(RealServerConfiguration(virtualAddresses: [vip]))
        #expect(
            repair.lines == [
                "net.ipv4.conf.all.arp_announce: 0 -> 2",
                "198.18.0.50: added 198.18.0.50/32 on lo again (it had been removed)",
            ])
        #expect(setup(host).status([vip]).isComplete)
        let stop = try setup(host).stop(nil)
        #expect(stop.lines.contains("net.ipv4.conf.all.arp_announce: 2 -> 0 (restored)"))
    }

    @Test("state files round-trip and junk is not a state")
    func stateText() {
        let s = VirtualAddressState(
            address: InetAddress("2001:db8::50")!, method: .arptables, addedToLoopback: true,
            arptablesRules: [["INPUT", "-d", "198.18.0.50", "-j", "DROP"]], tunnel: .gue(port: 6080),
            decapsulator: DecapsulatorProcess(pid: 12, startTime: 34), tunnelDevice: "lvsrs0")
        #expect(VirtualAddressState(text: s.text) == s)
        #expect(VirtualAddressState(text: "garbage\n=\naddress=1.2.3\n") == nil)
        #expect(TunnelKind(stateText: "gue:0") == nil)
        #expect(TunnelKind(stateText: "gue:70000") == nil)
        let arp = ARPSysctlState(originals: [("a", "0"), ("b", "1")])
        #expect(ARPSysctlState(text: arp.text) == arp)
    }

    @Test("ip -o addr show lines parse into interface addresses")
    func parseAddresses() {
        let text = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            1: lo    inet 198.18.0.50/32 scope global lo\\       valid_lft forever preferred_lft forever
            1: lo    inet6 2001:db8::50/128 scope global \\       valid_lft forever preferred_lft forever
            2: eth0@if7    inet 198.18.0.11/24 brd 198.18.0.255 scope global eth0\\       valid_lft forever preferred_lft forever
            nonsense
            """
        #expect(
            InterfaceAddress.parse(ipOutput: text) == [
                InterfaceAddress(interface: "lo", address: InetAddress("127.0.0.1")!, prefixLength: 8, scope: "host"),
                InterfaceAddress(
                    interface: "lo", address: InetAddress("198.18.0.50")!, prefixLength: 32, scope: "global"),
                InterfaceAddress(
                    interface: "lo", address: InetAddress("2001:db8::50")!, prefixLength: 128, scope: "global"),
                InterfaceAddress(
                    interface: "eth0", address: InetAddress("198.18.0.11")!, prefixLength: 24, scope: "global"),
            ])
    }
}
