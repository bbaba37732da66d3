import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

@Suite("TCP segmentation of super-frames")
struct TCPSegmenterTests {
    @Test("a 4000-byte GSO frame becomes three MTU-sized segments with kernel-style headers")
    func segments() throws {
        let payload = (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let l4 = B.tcp(
            source: World.vip, destination: World.client, sourcePort: 80, destinationPort: 40000,
            flags: [.ack, .psh, .fin], sequence: 1000, payload: payload, checksum: .partial)
        var big = B.ethernet(
            destination: World.clientMAC, source: World.eth0MAC, etherType: EtherType.ipv4,
            payload: B.ipv4(
                source: World.vip, destination: World.client, protocol: IPProtocolNumber.tcp,
                payload: l4, identification: 500))
        var segments: [[UInt8]] = []
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
        defer { scratch.deallocate() }
        let n = big.withUnsafeMutableBytes { raw in
            TCPSegmenter.segment(FrameBuffer(raw), mtu: 1500, scratch: scratch) {
                segments.append($0.bytes)
                return true
            }
        }
        #expect(n == 3)
        let sizes = segments.map(\.count)
        #expect(sizes == [1514, 1514, 14 + 40 + 4000 - 2 * 1460])
        var joined: [UInt8] = []
        for (i, seg) in segments.enumerated() {
            #expect(checksumFailures(seg) == [])
            let s = try #require(frameSummary(seg))
            #expect(s.tcpFlags == (i == 2 ? [.ack, .psh, .fin] : [.ack]))
            let sequence = UInt32(seg[38]) << 24 | UInt32(seg[39]) << 16 | UInt32(seg[40]) << 8 | UInt32(seg[41])
            #expect(sequence == 1000 + UInt32(i * 1460))
            #expect(UInt16(seg[18]) << 8 | UInt16(seg[19]) == 500 + UInt16(i))
            joined += seg[s.payloadOffset...]
        }
        #expect(joined == payload)
    }

    @Test("frames that are not TCP with a payload are not segmented")
    func refuses() {
        var udp = B.udpFrame(
            destinationMAC: World.clientMAC, sourceMAC: World.eth0MAC, source: World.vip,
            destination: World.client, sourcePort: 53, destinationPort: 5000, payload: [1, 2, 3])
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 2048, alignment: 16)
        defer { scratch.deallocate() }
        let n = udp.withUnsafeMutableBytes {
            TCPSegmenter.segment(FrameBuffer($0), mtu: 1500, scratch: scratch) { _ in true }
        }
        #expect(n == nil)
    }
}
