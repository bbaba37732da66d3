import LVSCore
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `IPDatagramSocket.receive(into: DatagramBatch)` (recvmmsg) and the receive-queue options,
/// over loopback UDP in the test's own namespace (no root needed).
@Suite("Datagram batch receive")
struct DatagramBatchTests {
    static let loopback = InetAddress("127.0.0.1")!

    /// A receiver on an ephemeral loopback port and a sender; returns them and the port.
    func pair(
        family: InetAddress.Family = .inet
    ) throws -> (receiver: IPDatagramSocket, sender: IPDatagramSocket, port: UInt16) {
        let address = family == .inet ? Self.loopback : InetAddress("::1")!
        let receiver = try IPDatagramSocket.udp(family: family, port: 0, address: address)
        let sender = try IPDatagramSocket.udp(family: family, port: 0, address: address)
        return (receiver, sender, try localPort(receiver))
    }

    func localPort(_ socket: IPDatagramSocket) throws -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(socket.descriptor.rawValue, $0, &length)
            }
        }
        guard rc == 0 else { throw TestFailure("getsockname failed: errno \(errno)") }
        // sin_port and sin6_port sit at the same offset.
        return withUnsafeBytes(of: &storage) { UInt16(bigEndian: $0.loadUnaligned(fromByteOffset: 2, as: UInt16.self)) }
    }

    func payload(_ i: Int) -> [UInt8] { Array("datagram \(i)".utf8) }

    @Test("one receive returns all 10 queued datagrams, each with its bytes, length and sender")
    func tenInOneCall() throws {
        let (receiver, sender, port) = try pair()
        let senderPort = try localPort(sender)
        for i in 0..<10 { try sender.send(payload(i), to: Self.loopback, port: port) }
        #expect(waitReadable(receiver.descriptor.rawValue, milliseconds: 3000))

        let batch = DatagramBatch(capacity: 64, datagramCapacity: 2048, headroom: 48)
        #expect(try receiver.receive(into: batch) == 10)
        #expect(batch.count == 10)
        for i in 0..<10 {
            let slot = batch.slot(i)
            let length = batch.length(i)
            #expect(Array(slot[48..<(48 + length)]) == payload(i), "datagram \(i) lands after the headroom")
            #expect(!batch.wasTruncated(i))
            #expect(
                batch.datagram(i)
                    == ReceivedDatagram(length: payload(i).count, source: Self.loopback, sourcePort: senderPort))
        }
        #expect(try receiver.receive(into: batch) == 0, "nothing left: 0, not an error")
        #expect(batch.count == 0)
    }

    @Test("a batch smaller than the queue takes capacity at a time, in order")
    func smallBatches() throws {
        let (receiver, sender, port) = try pair()
        for i in 0..<10 { try sender.send(payload(i), to: Self.loopback, port: port) }
        #expect(waitReadable(receiver.descriptor.rawValue, milliseconds: 3000))

        let batch = DatagramBatch(capacity: 4, datagramCapacity: 64)
        var counts: [Int] = []
        var seen: [[UInt8]] = []
        while true {
            let n = try receiver.receive(into: batch)
            counts.append(n)
            if n == 0 { break }
            for i in 0..<n { seen.append(Array(batch.slot(i)[0..<batch.length(i)])) }
        }
        #expect(counts == [4, 4, 2, 0])
        #expect(seen == (0..<10).map(payload))
    }

    @Test("a datagram longer than a slot is cut to the slot and marked truncated")
    func truncation() throws {
        let (receiver, sender, port) = try pair()
        try sender.send([UInt8](repeating: 7, count: 20), to: Self.loopback, port: port)
        try sender.send([1, 2, 3], to: Self.loopback, port: port)
        #expect(waitReadable(receiver.descriptor.rawValue, milliseconds: 3000))
        let batch = DatagramBatch(capacity: 8, datagramCapacity: 8)
        #expect(try receiver.receive(into: batch) == 2)
        #expect(batch.wasTruncated(0))
        #expect(Array(batch.slot(0)[0..<8]) == [UInt8](repeating: 7, count: 8))
        #expect(!batch.wasTruncated(1))
        #expect(batch.length(1) == 3)
    }

    @Test(
        "IPv6 senders are decoded in place",
        .enabled(
            if: (try? IPDatagramSocket.udp(family: .inet6, port: 0, address: InetAddress("::1")!)) != nil,
            "IPv6 loopback is not available"))
    func ipv6Source() throws {
        let (receiver, sender, port) = try pair(family: .inet6)
        let senderPort = try localPort(sender)
        try sender.send([42], to: InetAddress("::1")!, port: port)
        #expect(waitReadable(receiver.descriptor.rawValue, milliseconds: 3000))
        let batch = DatagramBatch(capacity: 2)
        #expect(try receiver.receive(into: batch) == 1)
        #expect(batch.source(0).address == InetAddress("::1")!)
        #expect(batch.source(0).port == senderPort)
    }

    @Test("the receive queue can be forced past rmem_max as root; the kernel reports twice what was asked")
    func receiveBufferSize() throws {
        let socket = try IPDatagramSocket.udp(family: .inet, port: 0, address: Self.loopback)
        let asked = 4 << 20
        let got = try socket.setReceiveBufferSize(asked)
        #expect(got == (try socket.receiveBufferSize))
        if Root.isRoot {
            #expect(got == 2 * asked)
        } else {
            // Without CAP_NET_ADMIN it falls back to SO_RCVBUF, capped at net.core.rmem_max.
            #expect(got > 0 && got <= 2 * asked)
        }
    }

    @Test(
        "datagrams the kernel drops on a full queue are counted; what it queued plus what it dropped is what was sent")
    func kernelDrops() throws {
        let (receiver, sender, port) = try pair()
        _ = try receiver.setReceiveBufferSize(1)  // the kernel's minimum: a handful of datagrams
        #expect(try receiver.kernelDropCount == 0)
        for i in 0..<200 { try sender.send(payload(i), to: Self.loopback, port: port) }
        let batch = DatagramBatch(capacity: 64, datagramCapacity: 64)
        var queued = 0
        while case let n = try receiver.receive(into: batch), n > 0 { queued += n }
        let dropped = try receiver.kernelDropCount
        #expect(queued > 0)
        #expect(dropped > 0)
        #expect(queued + dropped == 200)
    }
}
