import LVSCore
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Synchronization
import Testing

@testable import LVSRealServer

#if canImport(Glibc)
import Glibc
#endif

private let arpSysctls = ARPSuppression.settings.map(\.name)

private func readSysctls() throws -> [String] { try arpSysctls.map { try Sysctl.read($0) } }

@Suite(
    "lvs realserver in a network namespace", .serialized,
    Root.required(for: "network namespaces, raw sockets, TUN", to: "exercise lvs realserver"),
    requireTool("ip", package: "iproute2"))
struct RealServerNamespaceTests {
    static let vip = InetAddress(LabTopology.virtualAddress)!
    static let vip6 = InetAddress(LabTopology.virtualAddress6)!

    /// rs1 of the flat lab, with a non-default lo.arp_announce that stop must bring back, and
    /// strict reverse-path filtering that the TUN device must get past.
    static func realServerSpec() -> LabHostSpec {
        var rs = LabTopology.flat()[2]
        rs.sysctls = ["net.ipv4.conf.lo.arp_announce": "1", "net.ipv4.conf.all.rp_filter": "1"]
        return rs
    }

    @Test("start sets the ARP sysctls and puts the VIP on lo; again changes nothing; stop restores exactly")
    func startStopRestore() throws {
        let outside = try readSysctls()
        let lab = try Lab.create(name: "rs-setup", hosts: [Self.realServerSpec()])
        defer { lab.destroy() }
        let dir = temporaryStateDirectory("setup")
        defer { removeStateDirectory(dir) }
        try lab["rs1"].run {
            let setup = RealServerSetup(host: LinuxRealServerHost(), stateDirectory: dir)
            let config = RealServerConfiguration(virtualAddresses: [Self.vip, Self.vip6])
            let before = try readSysctls()
            let loBefore = try NetworkCommand.ip("addr", "show", "dev", "lo")
            #expect(before[3] == "1")

            let first = try setup.start(config)
            #expect(first.changed)
            #expect(try readSysctls() == ["1", "2", "1", "2"])
            let lo = try NetworkCommand.ip("addr", "show", "dev", "lo")
            #expect(lo.contains("inet 198.18.0.50/32 scope global lo"))
            #expect(lo.contains("inet6 2001:db8::50/128 scope global"))
            #expect(setup.status(nil).isComplete)

            let second = try setup.start(config)
            #expect(!second.changed)
            #expect(second.lines == ["real server already set up for 198.18.0.50, 2001:db8::50; nothing changed"])
            #expect(try NetworkCommand.ip("addr", "show", "dev", "lo") == lo)
            #expect(try readSysctls() == ["1", "2", "1", "2"])

            let stop = try setup.stop(nil)
            #expect(stop.lines.contains("198.18.0.50: removed 198.18.0.50/32 from lo"))
            #expect(stop.lines.contains("net.ipv4.conf.lo.arp_announce: 2 -> 1 (restored)"))
            #expect(try readSysctls() == before)
            #expect(try NetworkCommand.ip("addr", "show", "dev", "lo") == loBefore)
            #expect(TextFile.names(in: dir).isEmpty)
            #expect(!setup.status([Self.vip]).isComplete)
            #expect(!(try setup.stop([Self.vip])).changed)
        }
        #expect(try readSysctls() == outside, "the test's own namespace is untouched")
    }

    struct TunnelCase: CustomTestStringConvertible, Sendable {
        let tunnel: TunnelKind
        let ipv6: Bool
        var testDescription: String { "\(tunnel) over IPv\(ipv6 ? 6 : 4)" }
    }

    @Test(
        "a tunnelled UDP datagram reaches a socket on VIP:port and the reply goes straight to the client",
        arguments: [
            TunnelCase(tunnel: .ipip, ipv6: false), TunnelCase(tunnel: .gue(port: 6080), ipv6: false),
            TunnelCase(tunnel: .ipip, ipv6: true), TunnelCase(tunnel: .gue(port: 6080), ipv6: true),
        ])
    func decapsulation(_ c: TunnelCase) throws {
        let flat = LabTopology.flat()
        let lab = try Lab.create(name: "rs-decap", hosts: [flat[0], flat[1], Self.realServerSpec()])
        defer { lab.destroy() }
        let dir = temporaryStateDirectory("decap")
        defer { removeStateDirectory(dir) }
        let (client, director, rs) = (lab["client"], lab["director"], lab["rs1"])
        let family: InetAddress.Family = c.ipv6 ? .inet6 : .inet
        let vip = c.ipv6 ? Self.vip6 : Self.vip
        let clientAddress = InetAddress(c.ipv6 ? client.primary.ipv6! : client.primary.ipv4!)!
        let rsAddress = InetAddress(c.ipv6 ? rs.primary.ipv6! : rs.primary.ipv4!)!
        let setup = RealServerSetup(host: LinuxRealServerHost(), stateDirectory: dir)

        let (decapsulator, server) = try rs.run {
            _ = try setup.start(RealServerConfiguration(virtualAddresses: [vip], tunnel: c.tunnel))
            return (
                try TunnelDecapsulator(tunnel: c.tunnel, virtualAddresses: [vip]),
                try IPDatagramSocket.udp(family: family, port: 5353, address: vip)
            )
        }
        let clientSocket = try client.run {
            try IPDatagramSocket.udp(family: family, port: 40000, address: clientAddress)
        }
        let stop = try WakePipe()
        let counters = Mutex(DecapsulationCounters())
        let worker = try WorkerThread(name: "lvs-test-decap") {
            let result = decapsulator.run(until: stop)
            counters.withLock { $0 = result }
        }
        defer {
            stop.wake()
            worker.join()
        }

        let inner = PacketBuilder.ip(
            source: clientAddress, destination: vip, protocol: IPProtocolNumber.udp,
            payload: PacketBuilder.udp(
                source: clientAddress, destination: vip, sourcePort: 40000,
                destinationPort: 5353, payload: Array("ping".utf8)))
        try director.run {
            switch c.tunnel {
            case .ipip:
                let raw = try IPDatagramSocket.raw(
                    family: family, protocolNumber: c.ipv6 ? IPProtocolNumber.ipv6 : IPProtocolNumber.ipip)
                try raw.send(inner, to: rsAddress)
            case .gue(let port):
                let udp = try IPDatagramSocket.udp(family: family, port: 0)
                try udp.send(
                    PacketBuilder.gue(protocol: c.ipv6 ? IPProtocolNumber.ipv6 : IPProtocolNumber.ipip) + inner,
                    to: rsAddress, port: port)
            }
        }

        let request = try receiveDatagram(server)
        #expect(request?.payload == Array("ping".utf8))
        #expect(request?.from == clientAddress)
        #expect(request?.port == 40000)
        try server.send(Array("pong".utf8), to: clientAddress, port: 40000)
        let reply = try receiveDatagram(clientSocket)
        #expect(reply?.payload == Array("pong".utf8))
        #expect(reply?.from == vip, "the reply comes from the VIP, straight from the real server")
        #expect(reply?.port == 5353)

        stop.wake()
        worker.join()
        let done = counters.withLock { $0 }
        #expect(done.delivered == 1)
        #expect(done.drops.isEmpty)
        try rs.run { _ = try setup.stop(nil) }
    }

    @Test(
        "lvs realserver start --tunnel ipip runs in the foreground; stop ends it and undoes everything",
        .enabled(if: LVSBinary.url != nil, "the lvs executable was not built"))
    func commandLine() throws {
        let lvs = try #require(LVSBinary.path)
        let flat = LabTopology.flat()
        let lab = try Lab.create(name: "rs-cli", hosts: [flat[0], flat[1], Self.realServerSpec()])
        defer { lab.destroy() }
        let dir = temporaryStateDirectory("cli")
        defer { removeStateDirectory(dir) }
        let (client, director, rs) = (lab["client"], lab["director"], lab["rs1"])
        let before = try rs.run { try readSysctls() }

        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let child = try rs.start(
            [lvs, "realserver", "start", "--vip", "198.18.0.50", "--tunnel", "ipip", "--state-dir", dir],
            stdout: fds[1], stderr: fds[1])
        close(fds[1])
        defer {
            close(fds[0])
            child.terminate()
        }
        var output = ""
        func readOutput(until marker: String) {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while !output.contains(marker), waitReadable(fds[0], milliseconds: 10_000) {
                let n = chunk.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
                if n <= 0 { break }
                output += String(decoding: chunk[0..<n], as: UTF8.self)
            }
        }
        readOutput(until: "decapsulating")
        #expect(output.contains("198.18.0.50: added 198.18.0.50/32 on lo"))
        #expect(output.contains("decapsulating ipip for 198.18.0.50 into lvsrs0 (pid \(child.pid))"))

        let status = try rs.exec([lvs, "realserver", "status", "--state-dir", dir])
        #expect(status.status == 0)
        #expect(status.stdout.contains("  tunnel: ipip, decapsulator pid \(child.pid) running, device lvsrs0 present"))
        let again = try rs.exec([
            lvs, "realserver", "start", "--vip", "198.18.0.50", "--tunnel", "ipip", "--state-dir", dir,
        ])
        #expect(again.status == 0)
        #expect(again.stdout == "198.18.0.50: decapsulator pid \(child.pid) already running; nothing changed\n")

        let clientSocket = try client.run {
            try IPDatagramSocket.udp(family: .inet, port: 40000, address: InetAddress("198.18.0.100")!)
        }
        let server = try rs.run { try IPDatagramSocket.udp(family: .inet, port: 5353, address: Self.vip) }
        let clientAddress = InetAddress("198.18.0.100")!
        let inner = PacketBuilder.ip(
            source: clientAddress, destination: Self.vip, protocol: IPProtocolNumber.udp,
            payload: PacketBuilder.udp(
                source: clientAddress, destination: Self.vip, sourcePort: 40000,
                destinationPort: 5353, payload: Array("hello".utf8)))
        try director.run {
            try IPDatagramSocket.raw(family: .inet, protocolNumber: IPProtocolNumber.ipip).send(
                inner, to: InetAddress("198.18.0.11")!)
        }
        #expect(try receiveDatagram(server)?.payload == Array("hello".utf8))
        try server.send(Array("world".utf8), to: clientAddress, port: 40000)
        #expect(try receiveDatagram(clientSocket)?.from == Self.vip)

        let stop = try rs.exec([lvs, "realserver", "stop", "--state-dir", dir])
        #expect(stop.status == 0)
        #expect(stop.stdout == "stopped decapsulator pid \(child.pid)\n")
        #expect(child.wait() == 0)
        readOutput(until: "(restored)")
        #expect(output.contains("decapsulator: received 1, delivered 1\n"))
        #expect(output.contains("198.18.0.50: removed 198.18.0.50/32 from lo\n198.18.0.50: stopped\n"))
        let after = try rs.exec([lvs, "realserver", "status", "--state-dir", dir])
        #expect(after.status == 3)
        #expect(after.stdout == "no real-server setup recorded in \(dir)\nrealserver: incomplete: nothing started\n")
        #expect(try rs.run { try readSysctls() } == before)
        #expect(!(try rs.ip("addr", "show", "dev", "lo")).contains("198.18.0.50"))
        let idle = try rs.exec([lvs, "realserver", "stop", "--vip", "198.18.0.50", "--state-dir", dir])
        #expect(idle.status == 0)
        #expect(idle.stdout == "198.18.0.50: not started; nothing to stop\n")
    }
}

@Suite(
    "lvs realserver --method arptables in a network namespace", .serialized,
    Root.required(for: "network namespaces, raw sockets, TUN", to: "exercise lvs realserver"),
    requireTool("ip", package: "iproute2"))
struct RealServerARPTablesTests {
    @Test(
        "start inserts the seeds' two rules, start again adds nothing, stop deletes them",
        requireTool("arptables", package: "arptables"))
    func arptablesRules() throws {
        let lab = try Lab.create(name: "rs-arpt", hosts: [RealServerNamespaceTests.realServerSpec()])
        defer { lab.destroy() }
        let rs = lab["rs1"]
        try requireWorkingArptables(in: rs)
        let dir = temporaryStateDirectory("arpt")
        defer { removeStateDirectory(dir) }
        try rs.run {
            let setup = RealServerSetup(host: LinuxRealServerHost(), stateDirectory: dir)
            let config = RealServerConfiguration(virtualAddresses: [RealServerNamespaceTests.vip], method: .arptables)
            let sysctls = try readSysctls()
            let empty = try NetworkCommand.run(["arptables", "-L", "-n"])
            let first = try setup.start(config)
            #expect(
                first.lines.contains(
                    "198.18.0.50: arptables -I OUTPUT -s 198.18.0.50 -j mangle --mangle-ip-s 198.18.0.11"))
            let listed = try NetworkCommand.run(["arptables", "-L", "-n"])
            #expect(listed.contains("-d 198.18.0.50"))
            #expect(listed.contains("--mangle-ip-s 198.18.0.11"))
            #expect(!(try setup.start(config)).changed)
            #expect(try NetworkCommand.run(["arptables", "-L", "-n"]) == listed)
            #expect(try readSysctls() == sysctls, "the arptables method leaves the sysctls alone")
            _ = try setup.stop(nil)
            #expect(try NetworkCommand.run(["arptables", "-L", "-n"]) == empty)
        }
    }
}
