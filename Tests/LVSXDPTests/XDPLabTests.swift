import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSXDP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The program attached in native mode to a veth in a lab: a datagram of a flow in the map
/// reaches the real server by XDP alone (DR, XDP_TX back out of the director's port), counted in
/// the per-CPU map; detaching removes the program from the interface.
@Suite(
    .serialized,
    Root.required(for: "network namespaces and BPF", to: "attach the XDP program to a veth"),
    requireTool("ip", package: "iproute2"))
struct XDPLabTests {
    @Test func directRoutingThroughNativeXDPOnVeth() throws {
        let loaded = try XDPFastPathProgram(object: try XDPObjectBuild.object.get(), maxEntries: 64)
        // Senders fill in their checksums: a veth frame still CHECKSUM_PARTIAL reaches XDP as
        // bytes without the metadata that says so (a NIC's frames never are).
        let lab = try Lab.create(name: "xdp", hosts: LabTopology.flat(transmitChecksumOffload: false))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let rs1 = lab["rs1"]
        let vip = LabTopology.virtualAddress
        try rs1.ip("addr", "add", vip + "/32", "dev", "lo")
        try client.ip("route", "add", vip + "/32", "via", LabTopology.directorLAN)

        // veth delivers XDP_TX frames only to a peer whose NAPI runs, i.e. with XDP attached too:
        // another instance of the program (its own, empty map passes everything; the director's
        // map there would bounce the frame straight back) on the switch side of the director.
        let passAll = try XDPFastPathProgram(object: try XDPObjectBuild.object.get(), maxEntries: 1)
        let linkLine = try director.ip("-o", "link", "show", "dev", "eth0")
        let peerIndex = try #require(
            linkLine.split(separator: " ").lazy.compactMap { word -> Int32? in
                guard let r = word.range(of: "@if") else { return nil }
                return Int32(word[r.upperBound...].prefix { $0.isNumber })
            }.first, "no veth peer in \(linkLine)")
        let peer = try lab.switchNamespace.run { try XDPAttachment(passAll.program, interfaceIndex: peerIndex) }
        defer { withExtendedLifetime(peer) {} }
        var attachment: XDPAttachment? = try director.run {
            try XDPAttachment(loaded.program, interfaceIndex: try NetworkInterface.named("eth0").index, mode: .native)
        }
        #expect(try director.ip("-o", "link", "show", "dev", "eth0").contains(" xdp "))

        let clientAddress = try #require(InetAddress(LabTopology.client))
        let vipAddress = try #require(InetAddress(vip))
        let key = XDPFlowKey(
            ipProtocol: 17, source: clientAddress, sourcePort: 40000, destination: vipAddress, destinationPort: 7000)
        try loaded.resetCounters(slot: 1)
        try loaded.setFlow(
            key,
            XDPFlowEntry(
                method: .directRouting, destinationMAC: rs1.primary.mac, sourceMAC: director.primary.mac,
                interfaceIndex: 0, transmitOnIngress: true, counterSlot: 1))

        let server = try rs1.run { try IPDatagramSocket.udp(family: .inet, port: 7000, address: vipAddress) }
        let sender = try client.run { try IPDatagramSocket.udp(family: .inet, port: 40000) }
        let payload = Array("through xdp".utf8)
        try sender.send(payload, to: vipAddress, port: 7000)
        let arrived = try receive(server, timeoutMilliseconds: 3000)
        if arrived == nil {
            let counted = try loaded.counters(slot: 1)
            let directorLink = try director.ip("-s", "-o", "link", "show", "dev", "eth0")
            let rs1Link = try rs1.ip("-s", "-o", "link", "show", "dev", "eth0")
            let neighbours = try client.ip("neigh")
            Issue.record(
                "rs1 received nothing; XDP counters \(counted); director \(directorLink); rs1 \(rs1Link); client \(neighbours)"
            )
        }
        let received = try #require(arrived)
        #expect(received.datagram.source == clientAddress && received.datagram.sourcePort == 40000)
        #expect(received.payload == payload)
        #expect(
            try loaded.counters(slot: 1) == XDPFlowCounters(packets: 1, bytes: UInt64(20 + 8 + payload.count)),
            "the datagram must have gone through the XDP program, not the director's kernel")

        attachment = nil
        #expect(try !director.ip("-o", "link", "show", "dev", "eth0").contains(" xdp "))
        _ = attachment
    }

    @Test func genericModeAttachesAndDetaches() throws {
        let loaded = try XDPFastPathProgram(object: try XDPObjectBuild.object.get(), maxEntries: 1)
        let lab = try Lab.create(name: "xdpg", hosts: Array(LabTopology.flat().prefix(1)))
        defer { lab.destroy() }
        let host = lab["client"]
        let index = try host.run { try NetworkInterface.named("eth0").index }
        var attachment: XDPAttachment? = try host.run {
            try XDPAttachment(loaded.program, interfaceIndex: index, mode: .generic)
        }
        #expect(try host.ip("-o", "link", "show", "dev", "eth0").contains(" xdpgeneric "))
        // One program per interface and mode: a second link is refused, with the call named.
        do {
            _ = try host.run { try XDPAttachment(loaded.program, interfaceIndex: index, mode: .generic) }
            Issue.record("a second XDP link on the same interface was accepted")
        } catch {
            #expect("\(error)".contains("BPF_LINK_CREATE"), "\(error)")
        }
        attachment = nil
        #expect(try !host.ip("-o", "link", "show", "dev", "eth0").contains(" xdpgeneric "))
        _ = attachment
    }

    private func receive(
        _ socket: IPDatagramSocket, timeoutMilliseconds: Int32
    ) throws -> (datagram: ReceivedDatagram, payload: [UInt8])? {
        var p = pollfd(fd: socket.descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, timeoutMilliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let datagram = try buffer.withUnsafeMutableBytes { try socket.receive(into: $0) }
        guard let datagram else { return nil }
        return (datagram, Array(buffer.prefix(datagram.length)))
    }
}
