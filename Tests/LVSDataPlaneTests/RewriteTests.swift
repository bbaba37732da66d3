import LVSCore
import LVSTestSupport
import LVSWire
import Testing

@testable import LVSDataPlane

@Suite struct RewriteTests {
    /// Applies the row's operation to its input and compares verdict and bytes; then recomputes
    /// every checksum of the output from scratch, which proves the incremental updates.
    @Test(arguments: rewriteFixtures)
    func fixture(_ row: RewriteFixture) {
        withFrame(row.input, headroom: row.headroom) { frame in
            let verdict: RewriteVerdict
            switch FrameParser().parse(frame) {
            case .drop(let reason):
                Issue.record("input does not parse: \(reason)")
                return
            case .arp(let arp):
                guard case .arpReply(let mac) = row.operation else {
                    Issue.record("ARP input for \(row.operation)")
                    return
                }
                verdict = ARPResponder.reply(frame, arp, ownedMAC: mac)
            case .ip(let s):
                switch row.operation {
                case .directRouting(let l2, let partial):
                    verdict = DirectRouting.forward(frame, s, l2: l2, checksumPartial: partial)
                case .natIn(let a, let p, let l2, let partial):
                    verdict = NATRewriter.rewriteDestination(
                        frame, s, address: a, port: p, l2: l2, checksumPartial: partial)
                case .natOut(let a, let p, let l2, let partial):
                    verdict = NATRewriter.rewriteSource(frame, s, address: a, port: p, l2: l2, checksumPartial: partial)
                case .tunnel(let params, let partial):
                    verdict = TunnelEncapsulator.encapsulate(&frame, s, params, checksumPartial: partial)
                case .icmpTowardRealServer(let a, let p, let l2):
                    verdict = ICMPErrorNAT.rewriteTowardRealServer(frame, s, address: a, port: p, l2: l2)
                case .icmpTowardClient(let a, let p, let l2):
                    verdict = ICMPErrorNAT.rewriteTowardClient(frame, s, address: a, port: p, l2: l2)
                case .decrementHopLimit:
                    verdict = decrementHopLimit(&frame, s)
                case .arpReply:
                    Issue.record("IP input for an ARP row")
                    return
                }
            }
            #expect(verdict == row.verdict)
            let out = frame.bytes
            if case .drop = verdict {
                #expect(out == row.input, "a dropped frame must come out untouched")
                return
            }
            if let expected = row.expected {
                #expect(out == expected)
                if out != expected { Issue.record("diff at \(firstDifference(out, expected))") }
            }
            #expect(ChecksumAudit.failures(frame, guePort: row.guePort) == [])
        }
    }

    @Test func gratuitousARP() {
        var storage = [UInt8](repeating: 0xEE, count: 128)
        storage.withUnsafeMutableBytes { raw in
            var frame = FrameBuffer(raw, start: 0, count: 0)
            let directorMAC = TestAddresses.directorMAC
            let vip4 = TestAddresses.vip4
            #expect(ARPResponder.writeGratuitous(&frame, mac: directorMAC, address: vip4) == .forward)
            #expect(
                frame.bytes
                    == B.arpFrame(
                        destinationMAC: .broadcast, sourceMAC: directorMAC,
                        operation: ARPPacket.request, senderMAC: directorMAC,
                        senderAddress: vip4, targetMAC: .zero, targetAddress: vip4))
            guard case .arp(let a) = FrameParser().parse(frame) else {
                Issue.record("not ARP")
                return
            }
            #expect(a.isGratuitous)

            var tagged = FrameBuffer(raw, start: 0, count: 0)
            #expect(
                ARPResponder.writeGratuitous(
                    &tagged, mac: directorMAC, address: vip4, vlanTCI: 42,
                    operation: ARPPacket.reply) == .forward)
            guard case .arp(let t) = FrameParser().parse(tagged) else {
                Issue.record("not ARP")
                return
            }
            #expect(t.vlanTCI == 42 && t.operation == 2 && t.targetMAC == .broadcast && t.isGratuitous)
            #expect(
                ARPResponder.writeGratuitous(&tagged, mac: directorMAC, address: TestAddresses.vip6)
                    == .drop(.addressFamilyMismatch))
        }
        var tiny = [UInt8](repeating: 0, count: 30)
        tiny.withUnsafeMutableBytes { raw in
            var frame = FrameBuffer(raw, start: 0, count: 0)
            #expect(
                ARPResponder.writeGratuitous(&frame, mac: TestAddresses.directorMAC, address: TestAddresses.vip4)
                    == .drop(.insufficientHeadroom))
        }
    }

    @Test func icmpQuoteTupleMatchesTheConnection() throws {
        // The engine matches a client-side error by the quoted reply's tuple reversed.
        let vip4 = TestAddresses.vip4
        let client4 = TestAddresses.client4
        let quote = B.ipv4(
            source: vip4, destination: client4, protocol: 17,
            payload: B.udp(source: vip4, destination: client4, sourcePort: 53, destinationPort: 5353))
        let frame = eth(
            fromRouter,
            B.ipv4(
                source: TestAddresses.router4, destination: vip4, protocol: 1,
                payload: B.icmp(type: 11, code: 0, payload: quote)))
        let q = try #require(frameSummary(frame)?.icmp?.quote)
        #expect(
            (q.ipProtocol, q.destination, q.destinationPort, q.source, q.sourcePort)
                == (17, client4, 5353, vip4, 53))
    }
}

func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
    if a.count != b.count { return "length \(a.count) vs \(b.count)" }
    for i in 0..<a.count where a[i] != b[i] { return "byte \(i): \(a[i]) vs \(b[i])" }
    return "none"
}
