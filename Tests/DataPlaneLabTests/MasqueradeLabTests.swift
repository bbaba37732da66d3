import LVSControlTestSupport
import LVSCore
import LVSDirector
import LVSLab
import LVSLabTestSupport
import LVSLinux
import Testing

extension DirectorLabTests {
    /// The NAT lab with real servers that compute their own checksums and segment themselves:
    /// with offload on, a local TCP sender hands veth 64 KiB GSO frames the director cannot
    /// transmit as one frame. The client keeps offload on, so its frames arrive CHECKSUM_PARTIAL.
    static func natLab(_ name: String) throws -> DirectorLab {
        let lab = try DirectorLab(name: name, hosts: LabTopology.nat())
        do {
            for rs in ["rs1", "rs2"] {
                try lab[rs].run { try Ethtool.setTransmitChecksumOffload(interface: "eth0", enabled: false) }
            }
        } catch {
            lab.close()
            throw error
        }
        return lab
    }

    @Test(
        "NAT: port-mapped HTTP and UDP answered by both real servers in turn, replies rewritten back to the VIP",
        arguments: [1, 2])
    func masquerade(workers: Int) throws {
        let lab = try Self.natLab("nat\(workers)")
        defer { lab.close() }
        let client = lab["client"]
        #expect(client.primary.transmitChecksumOffload == true)
        try lab.startServers(port: 8080, probeFrom: lab["director"]) { _, name in
            [Programs.http(name: name, port: 8080), Programs.udpEcho(name: name, port: 5353)]
        }
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0", "eth1"], workers: workers)
        ipvsadm.addService("-t \(Self.vip):80", servers: ["198.18.1.11:8080", "198.18.1.12:8080"], forward: "-m")
        ipvsadm.addService("-u \(Self.vip):53", servers: ["198.18.1.11:5353", "198.18.1.12:5353"], forward: "-m")

        let answers = try client.lines(Programs.httpGets("http://\(Self.vip)/", count: 4))
        let udp = try client.lines(Programs.udpQueries(Self.vip, 53, count: 4))
        #expect(Set(answers) == ["rs1", "rs2"])
        #expect(Set(udp) == ["rs1", "rs2"])
        // rr state is per worker, but one client's connections all reach one worker (the
        // fanout steers by client address), so they alternate strictly with any worker count.
        #expect(answers.count == 4 && alternates(answers), "\(answers)")
        #expect(udp.count == 4 && alternates(udp), "\(udp)")

        let stats = ipvsadm("-L -n --stats")
        let inPackets = ["198.18.1.11:8080", "198.18.1.12:8080"].map {
            Int(serverColumns(stats, $0).dropFirst().first ?? "") ?? 0
        }
        let outPackets = ["198.18.1.11:8080", "198.18.1.12:8080"].map {
            Int(serverColumns(stats, $0).dropFirst(2).first ?? "") ?? 0
        }
        #expect(inPackets.allSatisfy { $0 >= 5 })
        // In NAT the replies pass the director and count (SYN-ACK, data, FIN, ACKs).
        #expect(outPackets.allSatisfy { $0 >= 3 })
        // Conns, InPkts, OutPkts per UDP server: one query and one answer per connection.
        let udpStats = ["198.18.1.11:5353", "198.18.1.12:5353"].map {
            serverColumns(stats, $0).prefix(3).map { Int($0) ?? -1 }
        }
        #expect(udpStats == [[2, 2, 2], [2, 2, 2]])
        let counters = director.counters()
        #expect(counters.dropped(.director(.frameTooLarge)) == 0)
        #expect(counters.passed(.engine(.noConnection)) == 0)
        // Replies reached the worker that holds their connection: none was handed over.
        #expect(counters.deferredFound == 0)

        // Persistence: a new service with -p sends every connection of the client to one
        // server, whichever worker the connections reach.
        ipvsadm.addService(
            "-t \(Self.vip):8080", options: "-s rr -p 60",
            servers: ["198.18.1.11:8080", "198.18.1.12:8080"], forward: "-m")
        let sticky = try client.lines(Programs.httpGets("http://\(Self.vip):8080/", count: 6))
        #expect(sticky.count == 6 && Set(sticky).count == 1, "\(sticky) \(ipvsadm("-L -n -c"))")

        // A UDP service whose real server has nothing on the port: the server's "port
        // unreachable" reaches the client rewritten (from the VIP, quoting VIP:54), so the
        // client's connected socket fails at once instead of waiting.
        ipvsadm("-A -u \(Self.vip):54 -s rr")
        ipvsadm("-a -u \(Self.vip):54 -r 198.18.1.11:5454 -m")
        let refused = try client.exec([
            "python3", "-c",
            """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
            s.connect(('\(Self.vip)', 54)); s.send(b'anyone?')
            try:
                s.recv(100); print('answered')
            except ConnectionRefusedError:
                print('refused')
            except socket.timeout:
                print('timeout')
            """,
        ])
        #expect(refused.stdout.split(separator: "\n") == ["refused"], "\(refused)")
    }
}

extension DirectorLabTests {
    @Test("NAT: large responses from real servers with segmentation offload on arrive whole (super-frames segmented)")
    func masqueradeLargeResponses() throws {
        let lab = try DirectorLab(name: "natbig", hosts: LabTopology.nat())
        defer { lab.close() }
        let client = lab["client"]
        #expect(lab["rs1"].primary.transmitChecksumOffload == true)
        try lab.startServers(port: 8080, probeFrom: lab["director"]) { _, name in
            [Programs.http(name: name, port: 8080, repeat: 100_000)]
        }
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0", "eth1"], workers: 2)
        ipvsadm.addService("-t \(Self.vip):80", servers: ["198.18.1.11:8080", "198.18.1.12:8080"], forward: "-m")
        let answers = try client.lines(Programs.httpSizes("http://\(Self.vip)/", count: 4))
        #expect(answers.count == 4)
        #expect(answers.allSatisfy { $0 == "300001 rs1" || $0 == "300001 rs2" }, "\(answers)")
        let counters = director.counters()
        #expect(counters.dropped(.director(.frameTooLarge)) == 0)
        #expect(counters.segmented > 0)
    }
}

extension DirectorLabTests {
    @Test(
        "NAT with 3 workers and a real-server port above the client's: mis-steered replies are handed over, none lost")
    func masqueradeHandOver() throws {
        let lab = try Self.natLab("nathand")
        defer { lab.close() }
        let client = lab["client"]
        try lab.startServers(port: 65000, probeFrom: lab["director"]) { _, name in
            [Programs.http(name: name, port: 65000)]
        }
        let (director, ipvsadm) = try lab.startDirector(interfaces: ["eth0", "eth1"], workers: 3)
        ipvsadm.addService("-t \(Self.vip):80", servers: ["198.18.1.11:65000", "198.18.1.12:65000"], forward: "-m")
        // Replies come from port 65000, above the client's: the steering takes the real server
        // for the client, so (for these addresses) they reach a worker without the connection.
        let answers = try client.lines(Programs.httpGets("http://\(Self.vip)/", count: 6))
        #expect(answers.count == 6 && Set(answers) == ["rs1", "rs2"], "\(answers)")
        let counters = director.counters()
        #expect(counters.deferredFound > 0)
        #expect(counters.passed(.engine(.noConnection)) == 0)
    }
}
