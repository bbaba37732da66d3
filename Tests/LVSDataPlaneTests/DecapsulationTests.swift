import LVSCore
import LVSTestSupport
import LVSWire
import Testing

@testable import LVSDataPlane

/// Real-server side: frames a director sent, and where their inner packet is.
let decapsulationCases: [(String, [UInt8], UInt16?, DecapsulationResult)] = {
    let c4 = TestAddresses.client4
    let v4 = TestAddresses.vip4
    let d4 = TestAddresses.director4
    let r4 = TestAddresses.rip4
    let inner4 = ipPacket(tcp(fromRouter, c4, 40000, v4, 80, payload: Array("hi".utf8)))
    let inner6 = ipPacket(tcp(fromRouter, TestAddresses.client6, 40000, TestAddresses.vip6, 80))
    let toRS = toRealServer
    func outer4(_ proto: UInt8, _ payload: [UInt8]) -> [UInt8] {
        eth(toRS, B.ipv4(source: d4, destination: r4, protocol: proto, payload: payload))
    }
    func gue(_ header: [UInt8], _ inner: [UInt8], port: UInt16 = guePort) -> [UInt8] {
        outer4(
            17,
            B.udp(
                source: d4, destination: r4, sourcePort: 50000, destinationPort: port,
                payload: header + inner))
    }
    let at4 = 14 + 20
    let atGUE = 14 + 20 + 8 + 4
    return [
        ("IPIP v4", outer4(4, inner4), nil, .inner(InnerPacket(offset: at4, length: inner4.count, family: .inet))),
        ("IPIP v6 in v4 (41)", outer4(41, inner6), nil, .inner(InnerPacket(offset: at4, length: 60, family: .inet6))),
        (
            "IPIP over v6",
            eth(
                toRS,
                B.ipv6(
                    source: TestAddresses.director6, destination: TestAddresses.rip6, nextHeader: 4,
                    payload: inner4)),
            nil,
            .inner(InnerPacket(offset: 54, length: inner4.count, family: .inet))
        ),
        (
            "GUE v4", gue([0, 4, 0, 0], inner4), guePort,
            .inner(InnerPacket(offset: atGUE, length: inner4.count, family: .inet))
        ),
        (
            "GUE v6", gue([0, 41, 0, 0], inner6), guePort,
            .inner(InnerPacket(offset: atGUE, length: 60, family: .inet6))
        ),
        (
            "GUE with an optional-field word", gue([1, 4, 0, 0, 0xAA, 0xBB, 0xCC, 0xDD], inner4), guePort,
            .inner(InnerPacket(offset: atGUE + 4, length: inner4.count, family: .inet))
        ),
        (
            "GUE version 1 (direct IP)", gue([], inner4), guePort,
            .inner(InnerPacket(offset: atGUE - 4, length: inner4.count, family: .inet))
        ),
        ("GUE control message", gue([0x20, 0, 0, 0], inner4), guePort, .drop(.unsupportedGUEProtocol)),
        ("GUE carrying TCP", gue([0, 6, 0, 0], inner4), guePort, .drop(.unsupportedGUEProtocol)),
        ("GUE version 2", gue([0x80, 4, 0, 0], inner4), guePort, .drop(.badGUEVersion)),
        ("GUE header cut", gue([0, 4], []), guePort, .drop(.truncatedGUE)),
        ("GUE optional fields past the datagram", gue([3, 4, 0, 0, 1, 2], []), guePort, .drop(.truncatedGUE)),
        ("UDP to another port", gue([0, 4, 0, 0], inner4, port: 53), guePort, .drop(.notTunnelled)),
        ("GUE not expected", gue([0, 4, 0, 0], inner4), nil, .drop(.notTunnelled)),
        ("plain TCP", tcp(toRS, c4, 1, r4, 80), guePort, .drop(.notTunnelled)),
        (
            "GRE v4", outer4(47, B.gre(protocolType: 0x0800, payload: inner4)), nil,
            .inner(InnerPacket(offset: at4 + 4, length: inner4.count, family: .inet))
        ),
        (
            "GRE v6 with checksum", outer4(47, B.gre(protocolType: 0x86DD, checksum: true, payload: inner6)), nil,
            .inner(InnerPacket(offset: at4 + 8, length: 60, family: .inet6))
        ),
        (
            "GRE with key and sequence", outer4(47, [0x30, 0, 0x08, 0, 0, 0, 0, 7, 0, 0, 0, 1] + inner4), nil,
            .inner(InnerPacket(offset: at4 + 12, length: inner4.count, family: .inet))
        ),
        (
            "GRE with a bad checksum", outer4(47, [0x80, 0, 0x08, 0, 0x12, 0x34, 0, 0] + inner4), nil,
            .drop(.badGREChecksum)
        ),
        ("GRE version 1 (PPTP)", outer4(47, [0, 1, 0x88, 0x0B] + inner4), nil, .drop(.unsupportedGRE)),
        (
            "GRE carrying Ethernet", outer4(47, B.gre(protocolType: 0x6558, payload: inner4)), nil,
            .drop(.unsupportedGRE)
        ),
        ("GRE header cut", outer4(47, [0, 0]), nil, .drop(.truncatedGRE)),
        ("GRE key past the packet", outer4(47, [0x20, 0, 0x08, 0, 0]), nil, .drop(.truncatedGRE)),
        ("IPIP with a cut inner header", outer4(4, Array(inner4.prefix(19))), nil, .drop(.truncatedInnerIP)),
        ("IPIP inner longer than outer", outer4(4, Array(inner4.dropLast(1))), nil, .drop(.truncatedInnerIP)),
        ("IPIP inner version 6 under protocol 4", outer4(4, inner6), nil, .drop(.truncatedInnerIP)),
    ]
}()

@Suite struct DecapsulationTests {
    @Test(arguments: decapsulationCases)
    func innerPacket(description: String, frame: [UInt8], guePort: UInt16?, expected: DecapsulationResult) {
        let got = withFrame(frame) { f in
            Decapsulator.innerPacket(f, FrameParser().parse(f).ipSummary!, guePort: guePort)
        }
        #expect(got == expected, "\(description)")
    }

    /// Encapsulating and decapsulating gives back the client's frame, MACs aside.
    @Test(arguments: [TunnelParameters.Encapsulation.ipip, .gue(port: guePort), .gre], [false, true])
    func roundTrip(encapsulation: TunnelParameters.Encapsulation, v6: Bool) {
        let original =
            v6
            ? tcp(fromRouter, TestAddresses.client6, 40000, TestAddresses.vip6, 80, payload: [1, 2, 3])
            : tcp(fromRouter, TestAddresses.client4, 40000, TestAddresses.vip4, 80, payload: [1, 2, 3])
        let params = tunnel(encapsulation, v6: v6)
        withFrame(original) { frame in
            let s = FrameParser().parse(frame).ipSummary!
            #expect(TunnelEncapsulator.encapsulate(&frame, s, params) == .forward)
            let outer = FrameParser().parse(frame).ipSummary!
            let result = Decapsulator.decapsulate(&frame, outer, guePort: guePort)
            #expect(result == .inner(InnerPacket(offset: 14, length: s.ipPacketLength, family: s.family)))
            #expect(frame.bytes == eth(toRealServer, ipPacket(original)))
        }
    }
}
